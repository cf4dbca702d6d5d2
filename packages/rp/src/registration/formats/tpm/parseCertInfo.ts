/**
 * TPMS_ATTEST parser for WebAuthn TPM attestation `certInfo` (TPM 2.0 Library Part 2: 10.12.8 TPMS_ATTEST,
 * 10.12.3 TPMS_CERTIFY_INFO, 10.11.1 TPMS_CLOCK_INFO; WebAuthn L3 8.3).
 * @module
 */
import { TpmReader } from './tpmReader.js';

/** A parsed TPMS_ATTEST whose `attested` is TPMS_CERTIFY_INFO. */
export interface TpmCertInfo {
  magic: number;
  type: number;
  qualifiedSigner: Uint8Array;
  extraData: Uint8Array;
  /** TPMS_CLOCK_INFO fields (ignored by WebAuthn; useful to risk engines). */
  clock: bigint;
  resetCount: number;
  restartCount: number;
  safe: boolean;
  firmwareVersion: bigint;
  /** attested.name: nameAlg (2 bytes) || digest of the certified object's pubArea. */
  attestedName: Uint8Array;
  attestedQualifiedName: Uint8Array;
}

/**
 * Parses `certInfo`. The `attested` union is read as TPMS_CERTIFY_INFO; `type` is returned for the caller to check.
 * @throws TpmParseError when truncated or followed by trailing bytes
 */
export function parseCertInfo(bytes: Uint8Array): TpmCertInfo {
  const r = new TpmReader(bytes);
  const magic = r.u32('magic');
  const type = r.u16('type');
  const qualifiedSigner = r.tpm2b('qualifiedSigner');
  const extraData = r.tpm2b('extraData');
  const clockBytes = r.bytesOf(8, 'clockInfo.clock');
  const resetCount = r.u32('clockInfo.resetCount');
  const restartCount = r.u32('clockInfo.restartCount');
  const safe = r.bytesOf(1, 'clockInfo.safe')[0] === 1;
  const firmwareBytes = r.bytesOf(8, 'firmwareVersion');
  const attestedName = r.tpm2b('attested.name');
  const attestedQualifiedName = r.tpm2b('attested.qualifiedName');
  r.end('certInfo');
  const u64 = (b: Uint8Array): bigint => new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0);
  return {
    magic,
    type,
    qualifiedSigner,
    extraData,
    clock: u64(clockBytes),
    resetCount,
    restartCount,
    safe,
    firmwareVersion: u64(firmwareBytes),
    attestedName,
    attestedQualifiedName,
  };
}
