/**
 * The per-(preset, seed) state of vfido's virtual TPM: the AIK key and certificate and the values a
 * real TPM keeps between TPM2_Certify calls (TCG TPM 2.0 Library Part 1, 36 "Attestation";
 * Part 2, 10.11 / 10.12 clock and obfuscated counters).
 *
 * Windows creates its AIK in the storage hierarchy, so its TPM obfuscates `resetCount`,
 * `restartCount` and `firmwareVersion` in every TPMS_ATTEST (Part 1, 36.7): the real samples show
 * random-looking values there. vfido derives them once per virtual TPM from the seed.
 * @module
 */
import { createHash } from 'node:crypto';
import { createKeyPairAsync, type KeyPair } from '../../crypto/keyPair.js';
import { deriveBytes } from '../../crypto/seed.js';
import { vendorCa } from '../../ca/testCa.js';
import type { Preset } from '../../presets/types.js';
import { issueAikCertificate } from './aikCertificate.js';
import { buildPubArea } from './pubArea.js';
import { AIK_ATTRIBUTES, TPM_RH_OWNER, TpmAlg } from './tpmConstants.js';
import { hierarchyQualifiedName, qualifiedName, tpmName } from './tpmName.js';

/** A virtual TPM as one preset instance sees it. */
export interface VirtualTpm {
  /** RSA-2048 AIK, alg -65535 (callers re-tag it with the statement alg). */
  aik: KeyPair;
  /** DER of the AIK certificate (x5c[0]). */
  aikCertificate: Uint8Array;
  /** DER of the vendor test CA intermediate (x5c[1]). */
  intermediate: Uint8Array;
  /** Qualified name of the AIK: certInfo.qualifiedSigner. */
  aikQualifiedName: Uint8Array;
  /** Qualified name of the storage root key, parent of the AIK and of credential keys. */
  srkQualifiedName: Uint8Array;
  /** Clock (ms) at the first certification; each certification adds a per-credential offset. */
  clockBase: bigint;
  /** Obfuscated resetCount. */
  resetCount: number;
  /** Obfuscated restartCount. */
  restartCount: number;
  /** Obfuscated firmwareVersion. */
  firmwareVersion: bigint;
}

const cache = new Map<string, Promise<VirtualTpm>>();

/** Up to two years of uptime since the last TPM2_Clear, at least one day (real samples: 11 h and 497 days). */
const DAY_MS = 86_400_000n;

async function createVirtualTpm(preset: Preset, aaguid: Uint8Array, seed: string | undefined): Promise<VirtualTpm> {
  // Off the event loop (crypto/rsaKeyPool.ts): a seeded AIK is a deterministic prime search.
  const aik = await createKeyPairAsync(-65535, seed, `tpm-aik/${preset.id}`, 2048);
  const ca = await vendorCa(preset.vendor || 'microsoft', seed);
  const aikCertificate = await issueAikCertificate(ca, aik.publicKey, aaguid, seed);
  const state = Buffer.from(deriveBytes(seed, `tpm-state/${preset.id}`, 56));
  // The SRK's own name is not known to anyone outside the TPM; derive a stable stand-in.
  const srkName = Uint8Array.from([0x00, TpmAlg.SHA256, ...state.subarray(24, 56)]);
  const srkQualifiedName = qualifiedName(hierarchyQualifiedName(TPM_RH_OWNER), srkName);
  const aikPubArea = buildPubArea(aik.publicKey, {
    objectAttributes: AIK_ATTRIBUTES,
    authPolicy: new Uint8Array(0),
    scheme: { alg: TpmAlg.RSASSA, hashAlg: TpmAlg.SHA1 },
  });
  return {
    aik,
    aikCertificate,
    intermediate: ca.intermediate.der,
    aikQualifiedName: qualifiedName(srkQualifiedName, tpmName(aikPubArea)),
    srkQualifiedName,
    clockBase: DAY_MS + (state.readBigUInt64BE(0) % (730n * DAY_MS)),
    resetCount: state.readUInt32BE(8),
    restartCount: state.readUInt32BE(12),
    firmwareVersion: state.readBigUInt64BE(16),
  };
}

/**
 * The virtual TPM of `preset` for `seed`, created once (AIK keygen and certificate issuance) and cached.
 * @param preset - the emulated model (its id labels the AIK, its vendor picks the test CA)
 * @param aaguid - AAGUID written in authData, repeated in the AIK certificate
 * @param seed - reproducibility seed; undefined: random AIK, default test-CA seed
 */
export function virtualTpm(preset: Preset, aaguid: Uint8Array, seed: string | undefined): Promise<VirtualTpm> {
  const key = `${preset.id}\u0000${preset.vendor}\u0000${seed ?? '\u0001random'}\u0000${Buffer.from(aaguid).toString('hex')}`;
  let tpm = cache.get(key);
  if (tpm === undefined) {
    tpm = createVirtualTpm(preset, aaguid, seed);
    cache.set(key, tpm);
    tpm.catch(() => cache.delete(key));
  }
  return tpm;
}

/**
 * TPMS_CLOCK_INFO.clock for a certification of `credentialId`: the base plus up to ~24 days,
 * derived from the id so that output stays reproducible under a seed.
 * @param tpm - the virtual TPM
 * @param credentialId - the certified credential's id
 */
export function clockFor(tpm: VirtualTpm, credentialId: Uint8Array): bigint {
  const offset = createHash('sha256').update(credentialId).digest().readUInt32BE(0) & 0x7fffffff;
  return tpm.clockBase + BigInt(offset);
}
