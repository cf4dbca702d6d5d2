/**
 * The typed error of the attestation statement builders (WebAuthn L3 section 8; codes as in
 * STYLE.md section 3).
 * @module
 */
import { VfidoError } from '../errors/vfidoError.js';

/**
 * Stable codes: `ERR_ATTESTATION_UNSUPPORTED` (unknown format, or a format/algorithm/type
 * combination the format cannot express), `ERR_ATTESTATION_MALFORMED` (bad request data).
 */
export type AttestationBuildErrorCode = 'ERR_ATTESTATION_UNSUPPORTED' | 'ERR_ATTESTATION_MALFORMED';

/** Thrown (as a rejection) by attestation builders; never carries key material. */
export class AttestationBuildError extends VfidoError<AttestationBuildErrorCode> {
  override readonly name = 'AttestationBuildError';
}
