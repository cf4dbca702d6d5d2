/**
 * largeBlobKey (CTAP 2.1 12.3): a 32-byte key for discoverable credentials, returned as the
 * makeCredential response member 0x05 and the getAssertion member 0x07, never in authData.
 */
import { describe, expect, it } from 'vitest';
import type { CborValue } from '../../cbor/index.js';
import { CtapStatus } from '../status.js';
import { assertWith, harnessState, makeWith } from '../../../test-utils/extensionHarness.js';

const lbk = (value: CborValue = true) => new Map<string, CborValue>([['largeBlobKey', value]]);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('largeBlobKey', () => {
  it('makeCredential rk + true: response member 0x05 holds a 32-byte key, stored with the credential, no authData output', async () => {
    const state = harnessState('yubikey-5-nfc');
    const made = await makeWith(state, lbk(), { rk: true });
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    const key = made.body!.get(5) as Uint8Array;
    expect(key).toBeInstanceOf(Uint8Array);
    expect(key).toHaveLength(32);
    expect(hex(made.credential!.largeBlobKey!)).toBe(hex(key));
    expect(made.authData!.flags.ed).toBe(false);
    expect([...made.body!.keys()]).toEqual([1, 2, 3, 5]);
  });

  it('getAssertion true: response member 0x07 is the asserted credential\'s key; absent without the input', async () => {
    const state = harnessState('yubikey-5-nfc');
    const made = await makeWith(state, lbk(), { rk: true });
    const got = await assertWith(state, lbk());
    expect(got.status).toBe(CtapStatus.CTAP2_OK);
    expect(hex(got.body!.get(7) as Uint8Array)).toBe(hex(made.credential!.largeBlobKey!));
    expect(got.authData!.flags.ed).toBe(false);
    expect((await assertWith(state, undefined)).body!.has(7)).toBe(false);
  });

  it('getAssertion true for a credential made without a key: no member 0x07', async () => {
    const state = harnessState('yubikey-5-nfc');
    await makeWith(state, undefined, { rk: true });
    const got = await assertWith(state, lbk());
    expect(got.status).toBe(CtapStatus.CTAP2_OK);
    expect(got.body!.has(7)).toBe(false);
  });

  it('false is CTAP2_ERR_INVALID_OPTION at both commands', async () => {
    const state = harnessState('yubikey-5-nfc');
    const made = await makeWith(state, lbk(false), { rk: true });
    expect(made.status).toBe(CtapStatus.CTAP2_ERR_INVALID_OPTION);
    expect(state.store.list()).toHaveLength(0);
    await makeWith(state, undefined, { rk: true });
    expect((await assertWith(state, lbk(false))).status).toBe(CtapStatus.CTAP2_ERR_INVALID_OPTION);
  });

  it('a non-discoverable credential: CTAP2_ERR_INVALID_OPTION (largeBlobKey is for discoverable credentials only)', async () => {
    const state = harnessState('yubikey-5-nfc');
    const made = await makeWith(state, lbk());
    expect(made.status).toBe(CtapStatus.CTAP2_ERR_INVALID_OPTION);
    expect(made.message).toMatch(/rk=true/);
  });

  it('a non-boolean input: CTAP2_ERR_CBOR_UNEXPECTED_TYPE', async () => {
    expect((await makeWith(harnessState('yubikey-5-nfc'), lbk(1), { rk: true })).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });

  it('seeded: the same seed reproduces the key, another seed does not', async () => {
    const key = async (seed: string) => hex((await makeWith(harnessState('yubikey-5-nfc', seed), lbk(), { rk: true })).body!.get(5) as Uint8Array);
    expect(await key('a')).toBe(await key('a'));
    expect(await key('a')).not.toBe(await key('b'));
  });

  it('a model that does not list largeBlobKey ignores it, false included', async () => {
    const state = harnessState('generic');
    expect(state.preset.getInfo.extensions).not.toContain('largeBlobKey');
    const made = await makeWith(state, lbk(false));
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect(made.body!.has(5)).toBe(false);
    expect(made.credential!.largeBlobKey).toBeUndefined();
  });
});
