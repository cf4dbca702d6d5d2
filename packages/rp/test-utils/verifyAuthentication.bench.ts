/**
 * verifyAuthentication throughput next to the raw node:crypto P-256 verify it wraps (STYLE.md section 5).
 * Run: npx vitest bench --run packages/rp/test-utils
 */
import { verify } from 'node:crypto';
import { bench, describe } from 'vitest';
import { verifyAuthentication } from '../src/index.js';
import { CHALLENGE, clientDataJSON, authenticatorData, craftAssertion, Flag, ORIGIN, RP_ID, sha256 } from './ceremony.js';
import { coseKey, generateKey, signWith } from './keys.js';

const OPTIONS = { time: 3000, warmupTime: 500 };
const key = generateKey(-7);
const credentialId = new Uint8Array(32).fill(3);
const response = craftAssertion({ key, credentialId, signCount: 10 });
const credential = { id: Buffer.from(credentialId).toString('base64url'), publicKey: coseKey(key), signCount: 9 };

const authData = authenticatorData({ flags: Flag.UP, signCount: 10 });
const data = Buffer.concat([authData, sha256(clientDataJSON('webauthn.get'))]);
const sig = signWith(key, data);

describe('assertion verification, ES256', () => {
  bench('verifyAuthentication (ES256)', async () => {
    await verifyAuthentication({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID, credential });
  }, OPTIONS);
  bench('node:crypto p256 verify (raw)', () => {
    verify('sha256', data, { key: key.publicKey, dsaEncoding: 'der' }, sig);
  }, OPTIONS);
});
