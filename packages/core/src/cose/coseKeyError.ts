/**
 * The typed error of COSE_Key handling (RFC 9052 section 7, RFC 9053; WebAuthn L3 6.5.1.1).
 * @module
 */
import { VfidoError } from '../errors/vfidoError.js';

/**
 * Stable codes of {@link CoseKeyError}:
 * - `ERR_COSE_KEY_MALFORMED`: not a well-formed COSE_Key (not CBOR, missing or mistyped
 *   parameters, wrong coordinate sizes, a point off the curve, private key material present).
 * - `ERR_COSE_KEY_UNSUPPORTED`: well-formed, but a key type, curve or algorithm vfido does not handle.
 */
export type CoseKeyErrorCode = 'ERR_COSE_KEY_MALFORMED' | 'ERR_COSE_KEY_UNSUPPORTED';

/** Raised when a COSE_Key cannot be built or parsed. */
export class CoseKeyError extends VfidoError<CoseKeyErrorCode> {
  override readonly name = 'CoseKeyError';
}
