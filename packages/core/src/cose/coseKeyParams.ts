/**
 * COSE_Key labels and values vfido uses (IANA "COSE Key Common Parameters", "COSE Key Type
 * Parameters", "COSE Key Types" and "COSE Elliptic Curves" registries; RFC 9053 sections 7.1-7.2,
 * RFC 8230 section 4).
 * @module
 */

/** COSE key types (`kty`, label 1). */
export const CoseKeyType = {
  /** Octet key pair (EdDSA), RFC 9053 7.2 */
  OKP: 1,
  /** Elliptic curve with x and y coordinates, RFC 9053 7.1 */
  EC2: 2,
  /** RSA, RFC 8230 */
  RSA: 3,
} as const;

/** COSE elliptic curves (`crv`, label -1 of EC2 and OKP keys). */
export const CoseCurve = {
  P256: 1,
  P384: 2,
  P521: 3,
  Ed25519: 6,
} as const;

/** COSE_Key parameter labels (the same negative label means different things per key type). */
export const CoseKeyParam = {
  kty: 1,
  kid: 2,
  alg: 3,
  /** EC2/OKP: curve */
  crv: -1,
  /** EC2/OKP: x coordinate / public key */
  x: -2,
  /** EC2: y coordinate */
  y: -3,
  /** EC2/OKP: private key (must never appear in a credential public key) */
  d: -4,
  /** RSA: modulus */
  n: -1,
  /** RSA: public exponent */
  e: -2,
  /** RSA: private exponent (must never appear in a credential public key) */
  rsaD: -3,
} as const;
