/**
 * TPMS_ATTEST ("certInfo") of a TPM2_Certify of the credential key by the AIK (TCG TPM 2.0
 * Library Part 2, 10.12.12 TPMS_ATTEST, 10.12.3 TPMS_CERTIFY_INFO, 10.11.1 TPMS_CLOCK_INFO;
 * WebAuthn L3 8.3 `certInfo`).
 *
 * Layout, all big-endian:
 * ```
 * magic u32 (0xff544347) | type u16 (0x8017) | qualifiedSigner TPM2B_NAME | extraData TPM2B_DATA
 * | clockInfo { clock u64 | resetCount u32 | restartCount u32 | safe u8 } | firmwareVersion u64
 * | attested.certify { name TPM2B_NAME | qualifiedName TPM2B_NAME }
 * ```
 * @module
 */
import { TPM_GENERATED_VALUE, TPM_ST_ATTEST_CERTIFY } from './tpmConstants.js';
import { concatBytes, tpm2b, u16, u32, u64 } from './tpmMarshal.js';

/** TPMS_CLOCK_INFO (Part 2, 10.11.1). */
export interface TpmClockInfo {
  /** Milliseconds the TPM has been powered since its last TPM2_Clear. */
  clock: bigint;
  /** TPM resets since the last clear (obfuscated when the signer is in the storage hierarchy). */
  resetCount: number;
  /** TPM restarts since the last reset (obfuscated likewise). */
  restartCount: number;
  /** Whether `clock` is guaranteed not to have run backwards. */
  safe: boolean;
}

/** The variable fields of a TPMS_ATTEST of type TPM_ST_ATTEST_CERTIFY. */
export interface CertInfoFields {
  /** TPM2B_NAME contents: qualified name of the signing key (the AIK). */
  qualifiedSigner: Uint8Array;
  /** TPM2B_DATA contents: WebAuthn puts hash(authData || clientDataHash) here. */
  extraData: Uint8Array;
  /** Clock state at signing time. */
  clockInfo: TpmClockInfo;
  /** TPM firmware version, 8 bytes (obfuscated when the signer is in the storage hierarchy). */
  firmwareVersion: bigint;
  /** TPM2B_NAME contents: the certified object's name (nameAlg || H(pubArea)). */
  name: Uint8Array;
  /** TPM2B_NAME contents: the certified object's qualified name. */
  qualifiedName: Uint8Array;
}

/**
 * Marshal a TPMS_ATTEST for TPM2_Certify.
 * @param fields - signer, extraData, clock, firmware and the certified object's names
 * @throws RangeError when a sized field exceeds 65535 bytes
 */
export function buildCertInfo(fields: CertInfoFields): Uint8Array {
  const { clockInfo } = fields;
  return concatBytes(
    u32(TPM_GENERATED_VALUE), // magic
    u16(TPM_ST_ATTEST_CERTIFY), // type
    tpm2b(fields.qualifiedSigner),
    tpm2b(fields.extraData),
    u64(clockInfo.clock),
    u32(clockInfo.resetCount),
    u32(clockInfo.restartCount),
    Uint8Array.of(clockInfo.safe ? 1 : 0), // TPMI_YES_NO
    u64(fields.firmwareVersion),
    tpm2b(fields.name), // attested: TPMU_ATTEST.certify
    tpm2b(fields.qualifiedName),
  );
}
