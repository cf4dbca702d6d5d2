/**
 * COSE algorithms the verifier understands (IANA COSE Algorithms registry; RFC 9053; RFC 8812 for RS*,
 * RS1; RFC 9864 fully-specified Ed25519 (-19) and Ed448 (-53); WebAuthn L3 5.8.5 recommended list).
 *
 * WebAuthn L3 5.8.5: a credential key with the polymorphic EdDSA (-8) MUST use crv 6 (Ed25519); an Ed448
 * key must say so with the fully-specified -53 (RFC 9864 section 2.2).
 * @module
 */

/** How a signature with this algorithm is checked. */
export type SignatureScheme = 'ecdsa' | 'eddsa' | 'rsa-pkcs1' | 'rsa-pss';

/** One supported COSE algorithm. */
export interface CoseAlgorithmInfo {
  alg: number;
  name: string;
  scheme: SignatureScheme;
  /** node:crypto digest name; `undefined` for EdDSA (hashes internally). */
  hash: 'sha1' | 'sha256' | 'sha384' | 'sha512' | undefined;
  /** COSE key type a credential key with this alg must have (1 OKP, 2 EC2, 3 RSA). */
  kty: 1 | 2 | 3;
  /** COSE curves a credential key with this alg may use (EC2/OKP only). */
  curves?: readonly number[];
}

/** COSE elliptic curves (IANA "COSE Elliptic Curves") with their node:crypto/JWK names and coordinate sizes. */
export const CoseCurve: Readonly<Record<number, { jwk: string; size: number; kty: 1 | 2 }>> = {
  1: { jwk: 'P-256', size: 32, kty: 2 },
  2: { jwk: 'P-384', size: 48, kty: 2 },
  3: { jwk: 'P-521', size: 66, kty: 2 },
  6: { jwk: 'Ed25519', size: 32, kty: 1 },
  7: { jwk: 'Ed448', size: 57, kty: 1 },
};

const table: readonly CoseAlgorithmInfo[] = [
  { alg: -7, name: 'ES256', scheme: 'ecdsa', hash: 'sha256', kty: 2, curves: [1] },
  { alg: -9, name: 'ESP256', scheme: 'ecdsa', hash: 'sha256', kty: 2, curves: [1] },
  { alg: -35, name: 'ES384', scheme: 'ecdsa', hash: 'sha384', kty: 2, curves: [2] },
  { alg: -36, name: 'ES512', scheme: 'ecdsa', hash: 'sha512', kty: 2, curves: [3] },
  // L3 5.8.5: "-8 (EdDSA), where crv is 6 (Ed25519)" — an Ed448 key under -8 is refused.
  { alg: -8, name: 'EdDSA', scheme: 'eddsa', hash: undefined, kty: 1, curves: [6] },
  { alg: -19, name: 'Ed25519', scheme: 'eddsa', hash: undefined, kty: 1, curves: [6] },
  { alg: -53, name: 'Ed448', scheme: 'eddsa', hash: undefined, kty: 1, curves: [7] },
  { alg: -257, name: 'RS256', scheme: 'rsa-pkcs1', hash: 'sha256', kty: 3 },
  { alg: -258, name: 'RS384', scheme: 'rsa-pkcs1', hash: 'sha384', kty: 3 },
  { alg: -259, name: 'RS512', scheme: 'rsa-pkcs1', hash: 'sha512', kty: 3 },
  { alg: -37, name: 'PS256', scheme: 'rsa-pss', hash: 'sha256', kty: 3 },
  { alg: -38, name: 'PS384', scheme: 'rsa-pss', hash: 'sha384', kty: 3 },
  { alg: -39, name: 'PS512', scheme: 'rsa-pss', hash: 'sha512', kty: 3 },
  // RSASSA-PKCS1-v1_5 with SHA-1: only for TPM attestation statements (Windows Hello), never a credential default.
  { alg: -65535, name: 'RS1', scheme: 'rsa-pkcs1', hash: 'sha1', kty: 3 },
];

const byAlg = new Map(table.map((a) => [a.alg, a]));

/** The default `supportedAlgorithms` for credential keys (L3 5.8.5 plus RS384/RS512/PS*). */
export const DEFAULT_SUPPORTED_ALGORITHMS: readonly number[] = [-7, -8, -35, -36, -257, -258, -259, -37, -38, -39];

/** Looks up a COSE algorithm; `undefined` when the verifier cannot check it. */
export function coseAlgorithm(alg: number): CoseAlgorithmInfo | undefined {
  return byAlg.get(alg);
}

/** Human name of a COSE algorithm, e.g. `ES256 (-7)`. */
export function coseAlgorithmName(alg: number): string {
  const info = byAlg.get(alg);
  return info ? `${info.name} (${alg})` : `COSE alg ${alg}`;
}
