/**
 * credProtect (CTAP 2.1 12.1): the level is output and stored at makeCredential, and getAssertion
 * (with getNextAssertion) only uses credentials whose level the request's UV / allowList allows.
 * The generic preset verifies users itself, so `uv: true` gives the uv bit (and, as CTAP 2.1 6.1.2
 * requires of a model with built-in UV, makes discoverable credentials).
 */
import { describe, expect, it } from 'vitest';
import type { CborValue } from '../../cbor/index.js';
import { CtapStatus } from '../status.js';
import { assertWith, harnessState, makeWith, send } from '../../../test-utils/extensionHarness.js';
import { credProtectAllows, credProtectExcludes, credProtectLevel } from './index.js';

const ext = (level: CborValue) => new Map<string, CborValue>([['credProtect', level]]);
const userOf = (body: Map<number | string, CborValue> | undefined) => ((body?.get(4) as Map<string, CborValue>).get('id') as Uint8Array)[0];

describe('credProtect at makeCredential', () => {
  it.each([1, 2, 3] as const)('level %i: authData output credProtect carries the level (ED set), the level is stored on the credential', async (level) => {
    const state = harnessState('generic');
    const made = await makeWith(state, ext(level), { rk: true, uv: true });
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect(made.authData!.flags.ed).toBe(true);
    expect(made.authData!.extensions).toEqual(new Map([['credProtect', level]]));
    expect(made.credential!.credProtect).toBe(level);
  });

  it('no input: no output, nothing stored, the credential counts as level 1', async () => {
    const state = harnessState('generic');
    const made = await makeWith(state, undefined, { rk: true, uv: true });
    expect(made.authData!.flags.ed).toBe(false);
    expect(made.credential!.credProtect).toBeUndefined();
    expect(credProtectLevel(made.credential!)).toBe(1);
  });

  it.each([0, 4, -1])('level %i is rejected with CTAP2_ERR_INVALID_OPTION and nothing is stored', async (level) => {
    const state = harnessState('generic');
    const made = await makeWith(state, ext(level));
    expect(made.status).toBe(CtapStatus.CTAP2_ERR_INVALID_OPTION);
    expect(made.message).toMatch(/credProtect must be 1, 2 or 3/);
    expect(state.store.list()).toHaveLength(0);
  });

  it('a non-integer level is CTAP2_ERR_CBOR_UNEXPECTED_TYPE', async () => {
    const made = await makeWith(harnessState('generic'), ext('3'));
    expect(made.status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });

  it('a model that does not list credProtect ignores the input, even an invalid one (CTAP 2.1 6.1.2)', async () => {
    const state = harnessState('icloud-keychain');
    expect(state.preset.getInfo.extensions ?? []).not.toContain('credProtect');
    const made = await makeWith(state, ext(7));
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect(made.authData!.flags.ed).toBe(false);
    expect(made.credential!.credProtect).toBeUndefined();
  });
});

describe('credProtect at getAssertion (CTAP 2.1 6.2.2 step 7)', () => {
  async function oneCredential(level: 1 | 2 | 3) {
    const state = harnessState('generic');
    const made = await makeWith(state, ext(level), { rk: true, uv: true });
    return { state, id: made.credential!.id };
  }

  it('level 1: discoverable without UV', async () => {
    const { state } = await oneCredential(1);
    expect((await assertWith(state, undefined)).status).toBe(CtapStatus.CTAP2_OK);
  });

  it('level 2: not discoverable without UV; usable by allowList without UV; discoverable with UV', async () => {
    const { state, id } = await oneCredential(2);
    expect((await assertWith(state, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
    const listed = await assertWith(state, undefined, { allow: [id] });
    expect(listed.status).toBe(CtapStatus.CTAP2_OK);
    expect(listed.authData!.flags.uv).toBe(false);
    const verified = await assertWith(state, undefined, { uv: true });
    expect(verified.status).toBe(CtapStatus.CTAP2_OK);
    expect(verified.authData!.flags.uv).toBe(true);
  });

  it('level 3: neither discoverable nor usable by allowList without UV; both with UV', async () => {
    const { state, id } = await oneCredential(3);
    expect((await assertWith(state, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
    expect((await assertWith(state, undefined, { allow: [id] })).status).toBe(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
    expect((await assertWith(state, undefined, { uv: true })).status).toBe(CtapStatus.CTAP2_OK);
    expect((await assertWith(state, undefined, { allow: [id], uv: true })).status).toBe(CtapStatus.CTAP2_OK);
  });

  it('an allowList naming a level 3 and a level 1 credential asserts the level 1 one without UV', async () => {
    const state = harnessState('generic');
    const hidden = await makeWith(state, ext(3), { userId: 1 });
    const open = await makeWith(state, ext(1), { userId: 2 });
    const got = await assertWith(state, undefined, { allow: [hidden.credential!.id, open.credential!.id] });
    expect(got.status).toBe(CtapStatus.CTAP2_OK);
    expect(Buffer.from((got.body!.get(1) as Map<string, CborValue>).get('id') as Uint8Array)).toEqual(Buffer.from(open.credential!.id));
  });

  it('discoverable: protected credentials drop out of numberOfCredentials and getNextAssertion without UV, and come back with UV', async () => {
    const state = harnessState('generic');
    await makeWith(state, ext(1), { rk: true, uv: true, userId: 1 });
    await makeWith(state, ext(2), { rk: true, uv: true, userId: 2 });
    await makeWith(state, ext(3), { rk: true, uv: true, userId: 3 });

    const plain = await assertWith(state, undefined);
    expect(plain.status).toBe(CtapStatus.CTAP2_OK);
    expect(userOf(plain.body)).toBe(1);
    expect(plain.body!.has(5)).toBe(false); // one applicable credential: no numberOfCredentials
    expect((await send(state, 0x08, new Map())).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);

    const verified = await assertWith(state, undefined, { uv: true });
    expect(verified.body!.get(5)).toBe(3);
    const users = [userOf(verified.body)];
    for (let i = 1; i < 3; i++) users.push(userOf((await send(state, 0x08, new Map())).body));
    expect(users.sort()).toEqual([1, 2, 3]);
  });
});

describe('credProtect and excludeList (CTAP 2.1 6.1.2 step 12)', () => {
  it('a level 3 credential in excludeList only excludes when the user is verified; levels 1 and 2 always do', async () => {
    const state = harnessState('generic');
    const locked = (await makeWith(state, ext(3), { userId: 1 })).credential!;
    const listed = (await makeWith(state, ext(2), { userId: 2 })).credential!;
    const again = await makeWith(state, undefined, { userId: 3, exclude: [locked.id] });
    expect(again.status).toBe(CtapStatus.CTAP2_OK);
    expect((await makeWith(state, undefined, { userId: 3, exclude: [locked.id], uv: true })).status).toBe(CtapStatus.CTAP2_ERR_CREDENTIAL_EXCLUDED);
    expect((await makeWith(state, undefined, { userId: 4, exclude: [listed.id] })).status).toBe(CtapStatus.CTAP2_ERR_CREDENTIAL_EXCLUDED);
  });
});

describe('credProtect rules as functions', () => {
  it('credProtectAllows: the CTAP 2.1 12.1 table', () => {
    const cases: [1 | 2 | 3 | undefined, boolean, boolean, boolean][] = [
      // level, uv, allowListed, allowed
      [undefined, false, false, true],
      [1, false, false, true],
      [2, false, false, false],
      [2, false, true, true],
      [2, true, false, true],
      [3, false, false, false],
      [3, false, true, false],
      [3, true, false, true],
      [3, true, true, true],
    ];
    for (const [level, uv, allowListed, allowed] of cases) {
      expect(credProtectAllows(level === undefined ? {} : { credProtect: level }, { uv, allowListed }), `level ${level} uv ${uv} list ${allowListed}`).toBe(allowed);
    }
  });

  it('credProtectExcludes: an excludeList hit on a level 3 credential only counts with UV (CTAP 2.1 6.1.2)', () => {
    expect(credProtectExcludes({}, false)).toBe(true);
    expect(credProtectExcludes({ credProtect: 2 }, false)).toBe(true);
    expect(credProtectExcludes({ credProtect: 3 }, false)).toBe(false);
    expect(credProtectExcludes({ credProtect: 3 }, true)).toBe(true);
  });
});
