/**
 * Client data checks (L3 7.1 steps 7-11, 7.2 steps 10-14): the challenge comparison is an equality with the
 * base64url encoding of the issued challenge, which has no padding.
 */
import { describe, expect, it } from 'vitest';
import { expectCode } from '../../test-utils/expectCode.js';
import type { CollectedClientData } from './parseClientData.js';
import { verifyClientData } from './verifyClientData.js';

const CHALLENGE = 'Y2hhbGxlbmdlLWZvci10ZXN0cw'; // 19 bytes: its padded form ends in '='
const ORIGIN = 'https://example.com';
const data = (challenge: string): CollectedClientData => ({ type: 'webauthn.get', challenge, origin: ORIGIN, raw: {} });
const expected = (challenge: string) => ({ type: 'webauthn.get' as const, challenge, origin: ORIGIN });

describe('verifyClientData: challenge (7.1 step 8, 7.2 step 11)', () => {
  it('accepts the unpadded base64url challenge, also when the RP passes its challenge padded', async () => {
    await expect(verifyClientData(data(CHALLENGE), expected(CHALLENGE))).resolves.toBeUndefined();
    await expect(verifyClientData(data(CHALLENGE), expected(`${CHALLENGE}=`))).resolves.toBeUndefined();
  });

  it("rejects a clientData.challenge carrying '=' padding (not the base64url encoding)", async () => {
    await expectCode(verifyClientData(data(`${CHALLENGE}=`), expected(CHALLENGE)), 'ERR_CHALLENGE_MISMATCH');
    await expectCode(verifyClientData(data(`${CHALLENGE}==`), expected(`${CHALLENGE}=`)), 'ERR_CHALLENGE_MISMATCH');
  });
});
