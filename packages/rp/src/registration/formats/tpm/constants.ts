/**
 * TPM 2.0 constants used by WebAuthn TPM attestation (TPM 2.0 Library Part 2 "Structures":
 * 6.2 TPM_GENERATED, 6.3 TPM_ALG_ID, 6.4 TPM_ECC_CURVE, 6.9 TPM_ST; WebAuthn L3 8.3).
 * @module
 */

/** TPM_GENERATED_VALUE: `magic` of every TPMS_ATTEST the TPM produces. */
export const TPM_GENERATED_VALUE = 0xff544347;

/** TPM_ST_ATTEST_CERTIFY: `type` of a TPM2_Certify() attestation. */
export const TPM_ST_ATTEST_CERTIFY = 0x8017;

/** TPM_ALG_ID values used in pubArea and names. */
export const TpmAlg = {
  RSA: 0x0001,
  SHA1: 0x0004,
  SHA256: 0x000b,
  SHA384: 0x000c,
  SHA512: 0x000d,
  NULL: 0x0010,
  RSASSA: 0x0014,
  RSAPSS: 0x0016,
  ECDSA: 0x0018,
  ECC: 0x0023,
} as const;

/** node:crypto digest for a TPM name algorithm. */
export const TPM_HASH: Readonly<Record<number, 'sha1' | 'sha256' | 'sha384' | 'sha512'>> = {
  [TpmAlg.SHA1]: 'sha1',
  [TpmAlg.SHA256]: 'sha256',
  [TpmAlg.SHA384]: 'sha384',
  [TpmAlg.SHA512]: 'sha512',
};

/** TPM_ECC_CURVE to COSE curve (TPM_ECC_NIST_P256/P384/P521 to crv 1/2/3). */
export const TPM_ECC_TO_COSE_CURVE: Readonly<Record<number, number>> = {
  0x0003: 1,
  0x0004: 2,
  0x0005: 3,
};

/** tcg-kp-AIKCertificate: the EKU an AIK certificate must carry (WebAuthn L3 8.3.1). */
export const TCG_KP_AIK_CERTIFICATE = '2.23.133.8.3';
