/**
 * Fuzz target: @vfido/rp's clientDataJSON parsing and checks (WebAuthn L3 5.8.1; 7.1 steps 5-11,
 * 7.2 steps 8-14). Invariants: only VerificationError escapes, with a client-data step code; the
 * input is not modified; a parse that succeeds returns string type/challenge/origin and typed
 * optional members; a check that passes saw an expected type, challenge, origin and top origin.
 * @module
 */
import { parseClientData } from '../../packages/rp/src/clientData/parseClientData.js';
import { verifyClientData, type ChallengeExpectation } from '../../packages/rp/src/clientData/verifyClientData.js';
import { VerificationError } from '../../packages/rp/src/errors.js';
import { invariant, onlyTyped, type TargetOptions, unmodifiedAsync } from '../engine/target.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'rp parseClientData + verifyClientData: typed errors, accepted data matches expectations',
  parts: ['json'],
  maxLen: 2048,
  dictionary: ['"type"', '"webauthn.create"', '"webauthn.get"', '"challenge"', '"origin"', '"crossOrigin"', '"topOrigin"', 'true', 'null', '\\u0000', '\ufeff', '"https://example.com"'],
};

const ORIGINS = ['https://example.com', 'https://login.example.com', 'http://localhost:8000', 'https://dev.dontneeda.pw', 'android:apk-key-hash:abc'];
const TOP_ORIGINS = ['https://example.com', 'https://shop.example.net'];
const CHALLENGE = 'Y2hhbGxlbmdlLWZvci10ZXN0cw';
const CODES = new Set(['ERR_INVALID_RESPONSE', 'ERR_TYPE_MISMATCH', 'ERR_CHALLENGE_MISMATCH', 'ERR_ORIGIN_MISMATCH', 'ERR_CROSS_ORIGIN', 'ERR_TOP_ORIGIN_MISMATCH']);

/** Parse clientDataJSON, then verify it under several expectations. */
export async function fuzz(data: Buffer): Promise<void> {
  await unmodifiedAsync(data, async () => {
    let parsed: ReturnType<typeof parseClientData>;
    try {
      parsed = parseClientData(data);
    } catch (error) {
      onlyTyped(error, VerificationError);
      invariant((error as VerificationError).code === 'ERR_INVALID_RESPONSE', 'parse failed with a non-parse code');
      return;
    }
    invariant(typeof parsed.type === 'string' && typeof parsed.challenge === 'string' && typeof parsed.origin === 'string', 'parsed members are not strings');
    invariant(parsed.crossOrigin === undefined || typeof parsed.crossOrigin === 'boolean', 'crossOrigin is not a boolean');
    invariant(parsed.topOrigin === undefined || typeof parsed.topOrigin === 'string', 'topOrigin is not a string');
    const challenges: ChallengeExpectation[] = [CHALLENGE, `${CHALLENGE}==`, () => true, async (c) => c.length > 3, () => { throw new Error('rp callback failed'); }];
    for (const type of ['webauthn.create', 'webauthn.get'] as const) {
      for (const challenge of challenges) {
        for (const topOrigin of [undefined, TOP_ORIGINS]) {
          try {
            await verifyClientData(parsed, { type, challenge, origin: ORIGINS, topOrigin });
          } catch (error) {
            onlyTyped(error, VerificationError);
            invariant(CODES.has((error as VerificationError).code), () => `unexpected code ${(error as VerificationError).code}`);
            continue;
          }
          invariant(parsed.type === type && ORIGINS.includes(parsed.origin), 'verifyClientData accepted a wrong type or origin');
          invariant(parsed.crossOrigin !== true || topOrigin !== undefined, 'cross-origin accepted without expected top origins');
          invariant(parsed.topOrigin === undefined || (topOrigin ?? []).includes(parsed.topOrigin), 'an unexpected topOrigin was accepted');
          if (typeof challenge === 'string') invariant(parsed.challenge.replace(/=+$/, '') === CHALLENGE, 'a wrong challenge was accepted');
        }
      }
    }
  });
}
