/**
 * Authenticator data checks shared by both ceremonies: RP ID hash, UP, UV, and BE/BS consistency
 * (WebAuthn L3 7.1 steps 14-17, 7.2 steps 15-18; flags in 6.1).
 * @module
 */
import { sha256 } from '../crypto/hash.js';
import { bytesEqual } from '../encoding/bytes.js';
import { VerificationError } from '../errors.js';
import type { AuthenticatorData } from './parseAuthenticatorData.js';

/** Flag requirements of the RP. */
export interface FlagRequirements {
  requireUserPresence: boolean;
  requireUserVerification: boolean;
}

// SHA-256 of configured RP IDs: the same few strings on every ceremony. Bounded in case callers pass
// per-request values.
const rpIdHashes = new Map<string, Uint8Array>();
const RP_ID_CACHE_SIZE = 64;

function rpIdHash(rpId: string): Uint8Array {
  let h = rpIdHashes.get(rpId);
  if (h === undefined) {
    h = sha256(rpId);
    if (rpIdHashes.size >= RP_ID_CACHE_SIZE) rpIdHashes.clear();
    rpIdHashes.set(rpId, h);
  }
  return h;
}

/**
 * Finds the expected RP ID whose SHA-256 is `rpIdHash`.
 * @returns the matching RP ID
 * @throws VerificationError ERR_RPID_MISMATCH
 */
export function verifyRpIdHash(authData: AuthenticatorData, expectedRpId: string | readonly string[]): string {
  const rpIds = typeof expectedRpId === 'string' ? [expectedRpId] : expectedRpId;
  const match = rpIds.find((id) => bytesEqual(authData.rpIdHash, rpIdHash(id)));
  if (match === undefined) {
    throw new VerificationError('ERR_RPID_MISMATCH', `rpIdHash is not the SHA-256 of an expected RP ID (${rpIds.join(', ')})`, {
      details: { expected: rpIds },
    });
  }
  return match;
}

/**
 * Checks UP, UV and that BS is not set without BE.
 * @throws VerificationError ERR_USER_PRESENCE_REQUIRED, ERR_USER_VERIFICATION_REQUIRED, ERR_BACKUP_FLAGS_INVALID
 */
export function verifyFlags(authData: AuthenticatorData, req: FlagRequirements): void {
  const { flags } = authData;
  if (req.requireUserPresence && !flags.up) {
    throw new VerificationError('ERR_USER_PRESENCE_REQUIRED', 'user presence flag (UP) is not set; the user did not interact with the authenticator');
  }
  if (req.requireUserVerification && !flags.uv) {
    throw new VerificationError('ERR_USER_VERIFICATION_REQUIRED', 'user verification flag (UV) is not set but user verification is required');
  }
  if (flags.bs && !flags.be) {
    throw new VerificationError('ERR_BACKUP_FLAGS_INVALID', 'backup state (BS) is set without backup eligibility (BE)');
  }
}
