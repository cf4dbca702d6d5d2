/**
 * Translations from preset values to the FIDO Registry of Predefined Values names that MDS3
 * metadata statements use (FIDO Registry v2.2: 3.6.2 ALG_SIGN, 3.6.4 ATTESTATION, 3.6.5
 * MATCHER_PROTECTION) and to the statement's `upv` and `cryptoStrength` (Metadata Statement 3.0
 * section 4).
 * @module
 */
import type { CredentialAlgorithm } from '../crypto/algorithms.js';
import type { AttestationType, Preset } from '../presets/types.js';
import type { MdsVersion } from './mdsTypes.js';

/** FIDO Registry 3.6.2 ALG_SIGN names for the COSE algorithms vfido creates keys for. */
export const ALG_SIGN_NAMES: Readonly<Record<CredentialAlgorithm, string>> = {
  [-7]: 'secp256r1_ecdsa_sha256_raw',
  [-8]: 'ed25519_eddsa_sha512_raw',
  [-35]: 'secp384r1_ecdsa_sha384_raw',
  [-257]: 'rsassa_pkcsv15_sha256_raw',
};

/**
 * FIDO Registry 3.6.4 ATTESTATION names. WebAuthn self attestation is MDS `basic_surrogate`
 * (as the real Windows Hello Software Authenticator statement says).
 */
export const ATTESTATION_TYPE_NAMES: Readonly<Record<AttestationType, string>> = {
  basic: 'basic_full',
  self: 'basic_surrogate',
  attca: 'attca',
  anonca: 'anonca',
  none: 'none',
};

/** Attestation types whose statements carry an `x5c` chain to a root the statement must list. */
export const CHAINED_ATTESTATION_TYPES: readonly AttestationType[] = ['basic', 'attca', 'anonca'];

/** CTAP getInfo `versions` string to the MDS3 `upv` it implies (CTAP 2.1 6.4; MDS 3.0 `upv`). */
const UPV_BY_VERSION: Readonly<Record<string, MdsVersion>> = {
  FIDO_2_0: { major: 1, minor: 0 },
  FIDO_2_1_PRE: { major: 1, minor: 0 },
  FIDO_2_1: { major: 1, minor: 1 },
  FIDO_2_2: { major: 1, minor: 2 },
};

/**
 * The statement's `upv`: one entry per CTAP2 version in `versions`, in their order, without
 * duplicates (FIDO_2_1_PRE counts as 1.0, as in real statements); `[{1,0}]` when none is listed.
 * @param versions - getInfo `versions`, e.g. `['U2F_V2', 'FIDO_2_0', 'FIDO_2_1']`
 */
export function upvFor(versions: readonly string[]): MdsVersion[] {
  const out: MdsVersion[] = [];
  for (const v of versions) {
    const upv = UPV_BY_VERSION[v];
    if (upv && !out.some((u) => u.major === upv.major && u.minor === upv.minor)) out.push({ ...upv });
  }
  return out.length > 0 ? out : [{ major: 1, minor: 0 }];
}

/**
 * Security strength in bits of one credential algorithm (NIST SP 800-57 Part 1 rev. 5, Table 2:
 * P-256 and Ed25519 128, P-384 192, RSA-2048 112, RSA-3072 128).
 */
function strengthOf(alg: CredentialAlgorithm, rsaBits: number): number {
  switch (alg) {
    case -7:
    case -8:
      return 128;
    case -35:
      return 192;
    case -257:
      return rsaBits >= 15360 ? 256 : rsaBits >= 7680 ? 192 : rsaBits >= 3072 ? 128 : 112;
  }
}

/**
 * The statement's `cryptoStrength`: the weakest of the preset's credential algorithms.
 * @param preset - the preset (its `algorithms` and `rsaBits`)
 */
export function cryptoStrengthOf(preset: Pick<Preset, 'algorithms' | 'rsaBits'>): number {
  return Math.min(...preset.algorithms.map((alg) => strengthOf(alg, preset.rsaBits ?? 2048)));
}

/**
 * The statement's `matcherProtection` (FIDO Registry 3.6.5), derived from key protection and
 * attachment the way real statements pair them: a TEE matches in the TEE (Android, Windows VBS),
 * a secure element or a roaming hardware key matches on chip (YubiKey, Titan, Solo), anything
 * else matches in software (Windows Hello hardware, synced providers).
 * @param preset - the preset (its `metadata.keyProtection` and `attachment`)
 */
export function matcherProtectionOf(preset: Pick<Preset, 'metadata' | 'attachment'>): string[] {
  const kp = preset.metadata.keyProtection;
  if (kp.includes('tee')) return ['tee'];
  if (kp.includes('secure_element') || (kp.includes('hardware') && preset.attachment === 'cross-platform')) return ['on_chip'];
  return ['software'];
}
