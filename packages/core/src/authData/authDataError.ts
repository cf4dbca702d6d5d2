/**
 * The typed error of authenticatorData building and parsing (WebAuthn L3 6.1).
 * @module
 */
import { VfidoError } from '../errors/vfidoError.js';

/**
 * Stable codes of {@link AuthDataError}:
 * - `ERR_AUTHDATA_MALFORMED`: bytes that are not valid authenticator data (too short, flags that
 *   promise parts that are missing, credentialIdLength > 1023, bad CBOR, trailing bytes).
 * - `ERR_AUTHDATA_INVALID`: arguments that cannot make valid authenticator data (wrong sizes,
 *   out-of-range signCount, BS without BE, a malformed AAGUID string).
 */
export type AuthDataErrorCode = 'ERR_AUTHDATA_MALFORMED' | 'ERR_AUTHDATA_INVALID';

/** Raised when authenticatorData cannot be built or parsed. */
export class AuthDataError extends VfidoError<AuthDataErrorCode> {
  override readonly name = 'AuthDataError';
}
