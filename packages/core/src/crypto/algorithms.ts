/**
 * COSE algorithm identifiers used by vfido (IANA COSE Algorithms registry; WebAuthn L3 5.8.5).
 * @module
 */

/** COSE algorithm identifiers with their IANA names. */
export const CoseAlgorithm = {
  /** ECDSA w/ SHA-256 on P-256 */
  ES256: -7,
  /** EdDSA (Ed25519) */
  EdDSA: -8,
  /** ECDSA w/ SHA-384 on P-384 */
  ES384: -35,
  /** RSASSA-PKCS1-v1_5 w/ SHA-256 */
  RS256: -257,
  /** RSASSA-PKCS1-v1_5 w/ SHA-1 (Windows Hello TPM attestation statements) */
  RS1: -65535,
} as const;

/** A COSE algorithm identifier vfido can generate credential keys for. */
export type CredentialAlgorithm = -7 | -8 | -35 | -257;

/** Every COSE algorithm vfido can sign with (credential keys plus attestation-only RS1). */
export type SigningAlgorithm = CredentialAlgorithm | -65535;

/** True when `alg` is a credential algorithm vfido supports. */
export function isCredentialAlgorithm(alg: unknown): alg is CredentialAlgorithm {
  return alg === -7 || alg === -8 || alg === -35 || alg === -257;
}

/** Human name of a COSE algorithm, e.g. `ES256 (-7)`. */
export function algorithmName(alg: number): string {
  const entry = Object.entries(CoseAlgorithm).find(([, v]) => v === alg);
  return entry ? `${entry[0]} (${alg})` : `COSE alg ${alg}`;
}
