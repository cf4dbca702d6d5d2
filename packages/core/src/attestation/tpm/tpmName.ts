/**
 * TPM object names and qualified names (TCG TPM 2.0 Library Part 1, 16 "Names"):
 * `Name = nameAlg || H_nameAlg(TPMT_PUBLIC)` and `QN(child) = nameAlg || H(QN(parent) || Name(child))`,
 * with SHA-256 as nameAlg throughout (WebAuthn L3 8.3.2 hashes pubArea with `attested.name`'s alg).
 * @module
 */
import { createHash } from 'node:crypto';
import { TpmAlg } from './tpmConstants.js';
import { concatBytes, u16, u32 } from './tpmMarshal.js';

const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};

/**
 * TPM2B_NAME contents of an object: `TPM_ALG_SHA256 (0x000B) || SHA-256(pubArea)`.
 * This is the value WebAuthn L3 8.3.2 compares with `certInfo.attested.name`.
 * @param pubArea - the object's marshalled TPMT_PUBLIC
 */
export function tpmName(pubArea: Uint8Array): Uint8Array {
  return concatBytes(u16(TpmAlg.SHA256), sha256(pubArea));
}

/**
 * Qualified name of a child object: `0x000B || SHA-256(parentQualifiedName || childName)`.
 * @param parentQualifiedName - QN of the parent (for a hierarchy, its 4-byte handle)
 * @param childName - the child's {@link tpmName}
 */
export function qualifiedName(parentQualifiedName: Uint8Array, childName: Uint8Array): Uint8Array {
  return concatBytes(u16(TpmAlg.SHA256), sha256(parentQualifiedName, childName));
}

/** Qualified name of a hierarchy: its permanent handle as a UINT32 (Part 1, 16). */
export function hierarchyQualifiedName(handle: number): Uint8Array {
  return u32(handle);
}
