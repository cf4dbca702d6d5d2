/**
 * hmac-secret-mc (CTAP 2.2 12.6): the hmac-secret output of a credential at makeCredential, equal
 * to what a later getAssertion with the same salt and the same UV state returns. The generic
 * preset lists it; the real-model presets do not (no source says they support it).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CborMap, CborValue } from '../../cbor/index.js';
import { CtapStatus } from '../status.js';
import { assertWith, harnessState, hmacPlatform, makeWith } from '../../../test-utils/extensionHarness.js';

const hmac = (key: Uint8Array, salt: Uint8Array): Buffer => createHmac('sha256', key).update(salt).digest();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** makeCredential extensions with hmac-secret-mc; `hmacSecret` 'omit' leaves "hmac-secret" out. */
const mcExtensions = (input: CborMap, hmacSecret: boolean | 'omit' = true) =>
  new Map<string, CborValue>([...(hmacSecret === 'omit' ? [] : [['hmac-secret', hmacSecret] as [string, CborValue]]), ['hmac-secret-mc', input]]);

describe('hmac-secret-mc at makeCredential', () => {
  it.each([
    [1, false],
    [2, false],
    [2, true],
  ] as const)('protocol %i, uv %s: output decrypts to HMAC(CredRandom, salts), the same as a later assertion in the same UV state', async (version, uv) => {
    const state = harnessState('generic');
    const [s1, s2] = [new Uint8Array(randomBytes(32)), new Uint8Array(randomBytes(32))];
    const platform = hmacPlatform(state, version);
    const made = await makeWith(state, mcExtensions(platform.input(Buffer.concat([s1, s2]))), { uv });
    expect(made.status, made.message).toBe(CtapStatus.CTAP2_OK);
    expect(made.authData!.flags.uv).toBe(uv);
    expect(made.authData!.extensions!.get('hmac-secret')).toBe(true);
    const key = uv ? made.credential!.hmacSecret!.withUv : made.credential!.hmacSecret!.withoutUv;
    const atCreate = hex(platform.decrypt(made.authData!.extensions!.get('hmac-secret-mc') as Uint8Array));
    expect(atCreate).toBe(hex(hmac(key, s1)) + hex(hmac(key, s2)));

    const later = hmacPlatform(state, version);
    const got = await assertWith(state, new Map([['hmac-secret', later.input(Buffer.concat([s1, s2]))]]), { allow: [made.credential!.id], uv });
    expect(hex(later.decrypt(got.authData!.extensions!.get('hmac-secret') as Uint8Array))).toBe(atCreate);
  });

  it('without "hmac-secret": true in the same request: CTAP2_ERR_MISSING_PARAMETER, nothing stored', async () => {
    for (const hmacSecret of ['omit', false] as const) {
      const state = harnessState('generic');
      const made = await makeWith(state, mcExtensions(hmacPlatform(state, 2).input(new Uint8Array(32)), hmacSecret));
      expect(made.status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
      expect(made.message).toMatch(/"hmac-secret": true/);
      expect(state.store.list()).toHaveLength(0);
    }
  });

  it('a saltAuth that does not verify: CTAP2_ERR_PIN_AUTH_INVALID', async () => {
    const state = harnessState('generic');
    const input = hmacPlatform(state, 2).input(new Uint8Array(32), { saltAuth: (mac) => mac.map((v) => v ^ 0xff) });
    expect((await makeWith(state, mcExtensions(input))).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('a model that does not list hmac-secret-mc ignores it (hmac-secret itself still works)', async () => {
    const state = harnessState('yubikey-5-nfc');
    expect(state.preset.getInfo.extensions).not.toContain('hmac-secret-mc');
    const made = await makeWith(state, mcExtensions(hmacPlatform(state, 2).input(new Uint8Array(32))));
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect(made.authData!.extensions).toEqual(new Map([['hmac-secret', true]]));
  });
});
