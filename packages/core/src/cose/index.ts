/**
 * COSE_Key encoding and parsing for credential public keys (RFC 9052/9053, RFC 8230; WebAuthn L3
 * 6.5.1.1 and 5.8.5).
 * @module
 */
export { coseKeyFromJwk, coseKeyFromPublicKey, encodeCoseKey } from './coseKeyFromPublicKey.js';
export { parseCoseKey, coseKeyToSpki, type ParsedCoseKey } from './parseCoseKey.js';
export { CoseKeyError, type CoseKeyErrorCode } from './coseKeyError.js';
export { CoseKeyType, CoseCurve, CoseKeyParam } from './coseKeyParams.js';
