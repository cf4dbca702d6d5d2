/**
 * The typed error of the attestation statement builders (WebAuthn L3 section 8; codes as in
 * STYLE.md section 3).
 * @module
 */

/**
 * Stable codes: `ERR_ATTESTATION_UNSUPPORTED` (unknown format, or a format/algorithm/type
 * combination the format cannot express), `ERR_ATTESTATION_MALFORMED` (bad request data).
 */
export type AttestationBuildErrorCode = 'ERR_ATTESTATION_UNSUPPORTED' | 'ERR_ATTESTATION_MALFORMED';

/** Thrown (as a rejection) by attestation builders; never carries key material. */
export class AttestationBuildError extends Error {
  override readonly name = 'AttestationBuildError';
  /**
   * @param code - stable error code
   * @param message - short, lowercase, actionable
   * @param options - optional `cause`
   */
  constructor(
    readonly code: AttestationBuildErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
