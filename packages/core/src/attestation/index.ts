/**
 * Attestation statement builders by format identifier (WebAuthn L3 section 8; IANA "WebAuthn
 * Attestation Statement Format Identifiers"), looked up by each module's `FORMAT`.
 * @module
 */
import * as apple from './apple.js';
import * as androidKey from './androidKey.js';
import * as fidoU2f from './fidoU2f.js';
import * as none from './none.js';
import * as packed from './packed.js';
import * as tpm from './tpm/tpm.js';
import { AttestationBuildError } from './attestationBuildError.js';
import type { AttestationBuilder, AttestationRequest, AttestationStatement } from './types.js';

export { AttestationBuildError, type AttestationBuildErrorCode } from './attestationBuildError.js';
export type { AttestationBuilder, AttestationRequest, AttestationStatement } from './types.js';

/** Every builder vfido has, keyed by attestation statement format identifier. */
export const attestationBuilders: Readonly<Record<string, AttestationBuilder>> = Object.freeze({
  [none.FORMAT]: none.buildNone,
  [packed.FORMAT]: packed.buildPacked,
  [fidoU2f.FORMAT]: fidoU2f.buildFidoU2f,
  [tpm.FORMAT]: tpm.buildTpm,
  [androidKey.FORMAT]: androidKey.buildAndroidKey,
  [apple.FORMAT]: apple.buildApple,
});

/**
 * Build the attestation statement of `format` for a new credential.
 * @param format - attestation statement format identifier, e.g. `packed`
 * @param request - what the statement signs over or certifies
 * @throws AttestationBuildError `ERR_ATTESTATION_UNSUPPORTED` (as a rejection) for a format vfido
 *   cannot build, or any error code of the format's builder
 */
export function buildAttestation(format: string, request: AttestationRequest): Promise<AttestationStatement> {
  const builder = Object.hasOwn(attestationBuilders, format) ? attestationBuilders[format] : undefined;
  if (builder === undefined) {
    const known = Object.keys(attestationBuilders).join(', ');
    return Promise.reject(new AttestationBuildError('ERR_ATTESTATION_UNSUPPORTED', `unsupported attestation format "${format}" (known: ${known})`));
  }
  // Every builder is async (its throws are rejections); returned as is, without a wrapping promise.
  return builder(request);
}
