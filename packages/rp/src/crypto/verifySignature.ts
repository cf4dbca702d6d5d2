/**
 * Signature verification for COSE algorithms with node:crypto (WebAuthn L3 6.5.6 "Signature Formats for
 * Packed Attestation, FIDO U2F Attestation, and Assertion Signatures").
 *
 * ECDSA signatures from authenticators are ASN.1 DER and may be high-S: node:crypto (OpenSSL) accepts both,
 * which is what WebAuthn requires. RSASSA-PSS uses a salt as long as the digest (RFC 8230 section 2).
 * @module
 */
import { constants, verify, type KeyObject } from 'node:crypto';
import type { CoseAlgorithmInfo } from '../cose/algorithms.js';

/** ECDSA signature encodings: DER for WebAuthn, IEEE P1363 (r||s) for JWS. */
export type EcdsaEncoding = 'der' | 'ieee-p1363';

/** The node:crypto key type(s) a COSE algorithm needs. */
export function keyTypesFor(algorithm: CoseAlgorithmInfo): readonly string[] {
  switch (algorithm.scheme) {
    case 'ecdsa':
      return ['ec'];
    case 'eddsa':
      // The curve is fixed by the algorithm: -8 and -19 are Ed25519 only (L3 5.8.5, RFC 9864), -53 Ed448.
      return algorithm.curves?.includes(7) ? ['ed448'] : ['ed25519'];
    case 'rsa-pss':
      return ['rsa', 'rsa-pss'];
    default:
      return ['rsa'];
  }
}

/** True when `key` is of a type `algorithm` can verify with. */
export function keyFitsAlgorithm(key: KeyObject, algorithm: CoseAlgorithmInfo): boolean {
  return keyTypesFor(algorithm).includes(key.asymmetricKeyType ?? '');
}

/**
 * Verifies `signature` over `data` with `key` using COSE `algorithm`. Returns false (never throws) for
 * a wrong or unparseable signature.
 * @param encoding ECDSA signature encoding (default DER)
 */
export function verifySignature(
  algorithm: CoseAlgorithmInfo,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
  encoding: EcdsaEncoding = 'der',
): boolean {
  if (!keyFitsAlgorithm(key, algorithm)) return false;
  try {
    switch (algorithm.scheme) {
      case 'ecdsa':
        return verify(algorithm.hash ?? null, data, { key, dsaEncoding: encoding }, signature);
      case 'eddsa':
        return verify(null, data, key, signature);
      case 'rsa-pkcs1':
        return verify(algorithm.hash ?? null, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
      case 'rsa-pss':
        return verify(
          algorithm.hash ?? null,
          data,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
          signature,
        );
    }
  } catch {
    return false;
  }
}
