/**
 * TPM 2.0 constants used by the `tpm` attestation format (TCG TPM 2.0 Library Part 2
 * "Structures": 6.3 TPM_ALG_ID, 6.4 TPM_ECC_CURVE, 6.2 TPM_GENERATED, 6.9 TPM_ST, 8.3 TPMA_OBJECT),
 * the TCG certificate OIDs WebAuthn L3 8.3.1 checks, and the Windows Hello key template.
 * @module
 */

/** TPM_ALG_ID values (Part 2, 6.3). */
export const TpmAlg = {
  RSA: 0x0001,
  SHA1: 0x0004,
  SHA256: 0x000b,
  NULL: 0x0010,
  RSASSA: 0x0014,
  ECDSA: 0x0018,
  ECC: 0x0023,
} as const;

/** TPM_ECC_CURVE values (Part 2, 6.4). */
export const TpmEccCurve = {
  NIST_P256: 0x0003,
} as const;

/** TPM_GENERATED_VALUE: `0xff 'TCG'`, the magic that opens every TPMS_ATTEST (Part 2, 6.2). */
export const TPM_GENERATED_VALUE = 0xff544347;

/** TPM_ST_ATTEST_CERTIFY: the TPMS_ATTEST type produced by TPM2_Certify (Part 2, 6.9). */
export const TPM_ST_ATTEST_CERTIFY = 0x8017;

/** TPMA_OBJECT bits (Part 2, 8.3.2). */
export const TpmaObject = {
  fixedTPM: 1 << 1,
  stClear: 1 << 2,
  fixedParent: 1 << 4,
  sensitiveDataOrigin: 1 << 5,
  userWithAuth: 1 << 6,
  adminWithPolicy: 1 << 7,
  noDA: 1 << 10,
  encryptedDuplication: 1 << 11,
  restricted: 1 << 16,
  decrypt: 1 << 17,
  signEncrypt: 1 << 18,
} as const;

/**
 * objectAttributes of a Windows Hello credential key: `0x00060472` = fixedTPM | fixedParent |
 * sensitiveDataOrigin | userWithAuth | noDA | decrypt | sign (both real samples in
 * `tpm-windows-hello.json`).
 */
export const WINDOWS_HELLO_KEY_ATTRIBUTES =
  TpmaObject.fixedTPM |
  TpmaObject.fixedParent |
  TpmaObject.sensitiveDataOrigin |
  TpmaObject.userWithAuth |
  TpmaObject.noDA |
  TpmaObject.decrypt |
  TpmaObject.signEncrypt;

/**
 * authPolicy of a Windows Hello credential key: a 32-byte SHA-256 policy digest that Windows puts
 * in every Hello key template (identical in both real samples, which come from different TPM
 * vendors). Kept so vfido's pubArea matches the real layout byte for byte.
 */
export const WINDOWS_HELLO_AUTH_POLICY: Uint8Array = Uint8Array.from(
  Buffer.from('9dffcbf36c383ae699fb9868dc6dcb89d7153884be2803922c124158bfad22ae', 'hex'),
);

/**
 * objectAttributes of the attestation identity key (a restricted signing key): fixedTPM |
 * fixedParent | sensitiveDataOrigin | userWithAuth | noDA | restricted | sign. Used only to
 * compute the AIK's TPM name for `qualifiedSigner`.
 */
export const AIK_ATTRIBUTES =
  TpmaObject.fixedTPM |
  TpmaObject.fixedParent |
  TpmaObject.sensitiveDataOrigin |
  TpmaObject.userWithAuth |
  TpmaObject.noDA |
  TpmaObject.restricted |
  TpmaObject.signEncrypt;

/** TPM_RH_OWNER: the owner (storage) hierarchy handle, the root of every qualified name here (Part 2, 7.4). */
export const TPM_RH_OWNER = 0x40000001;

/** TCG OIDs checked by WebAuthn L3 8.3.1 (TCG EK Credential Profile 2.0, 3.1). */
export const TcgOid = {
  /** tcg-at-tpmManufacturer */
  tpmManufacturer: '2.23.133.2.1',
  /** tcg-at-tpmModel */
  tpmModel: '2.23.133.2.2',
  /** tcg-at-tpmVersion */
  tpmVersion: '2.23.133.2.3',
  /** tcg-kp-AIKCertificate */
  aikCertificate: '2.23.133.8.3',
} as const;

/** Microsoft's TPM AIK certificate policy OID, as in real Windows Hello AIK certificates. */
export const MS_AIK_POLICY_OID = '1.3.6.1.4.1.311.21.31';
