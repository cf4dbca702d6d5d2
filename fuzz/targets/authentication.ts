/**
 * Fuzz target: verifyAuthentication (WebAuthn L3 7.2) on mutated assertion responses. The input has
 * five parts: clientDataJSON, authenticatorData, signature, the stored credential's COSE public key
 * and userHandle (empty: absent). The stored record holds that key, so seeds verify and mutants
 * reach every step. Invariants: only VerificationError escapes, with a documented code; the input
 * is not modified; an accepted assertion reports the signCount and flags of its authenticator data.
 * @module
 */
import { verifyAuthentication, VerificationError, VerificationErrorCode } from '../../packages/rp/src/index.js';
import { splitParts } from '../engine/parts.js';
import { bytesEqual, invariant, onlyTyped, type TargetOptions } from '../engine/target.js';
import { SEED_ORIGINS, SEED_RP_IDS } from '../harness/roots.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'verifyAuthentication on mutated assertions (clientDataJSON, authData, signature, stored key, userHandle)',
  parts: ['json', 'bytes', 'bytes', 'cbor', 'bytes'],
  maxLen: 8192,
  dictionary: ['"webauthn.get"', '"challenge"', '"origin"', Uint8Array.of(0x05), Uint8Array.of(0x1d), Uint8Array.of(0x85)],
};

const CODES = new Set<string>(Object.values(VerificationErrorCode));
const b64u = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
const ID = 'dmZpZG8tZnV6eg';

/** Verify one mutated assertion. */
export async function fuzz(data: Buffer): Promise<void> {
  const [clientDataJSON, authenticatorData, signature, publicKey, userHandle] = splitParts(data, 5) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const before = Uint8Array.from(data);
  const storedSignCount: number = 7;
  try {
    const result = await verifyAuthentication({
      response: {
        id: ID,
        rawId: ID,
        type: 'public-key',
        response: {
          clientDataJSON: b64u(clientDataJSON),
          authenticatorData: b64u(authenticatorData),
          signature: b64u(signature),
          ...(userHandle.length > 0 ? { userHandle: b64u(userHandle) } : {}),
        },
        clientExtensionResults: {},
      },
      expectedChallenge: () => true,
      expectedOrigin: SEED_ORIGINS,
      expectedRpId: SEED_RP_IDS,
      credential: { id: ID, publicKey, signCount: storedSignCount },
      requireUserPresence: false,
    });
    const view = Buffer.from(authenticatorData.buffer, authenticatorData.byteOffset, authenticatorData.byteLength);
    invariant(result.newSignCount === view.readUInt32BE(33), 'newSignCount is not the authenticator data counter');
    invariant(result.userVerified === ((view[32]! & 0x04) !== 0) && result.backupEligible === ((view[32]! & 0x08) !== 0), 'flags differ from the authenticator data');
    invariant(result.cloneWarning === ((result.newSignCount !== 0 || storedSignCount !== 0) && result.newSignCount <= storedSignCount), 'cloneWarning is wrong');
    invariant(SEED_RP_IDS.includes(result.rpId) && SEED_ORIGINS.includes(result.origin), 'accepted for an unexpected RP ID or origin');
    invariant((userHandle.length > 0) === (result.userHandle !== undefined), 'userHandle reported wrongly');
  } catch (error) {
    onlyTyped(error, VerificationError);
    invariant(CODES.has((error as VerificationError).code), () => `undocumented code ${(error as VerificationError).code}`);
  } finally {
    invariant(bytesEqual(before, data), 'the input buffer was modified');
  }
}
