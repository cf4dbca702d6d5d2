/**
 * hmac-secret (CTAP 2.1 12.5): CredRandoms made at makeCredential; at getAssertion the platform
 * half (the PIN/UV auth protocol module's encapsulate / encrypt / authenticate against the
 * authenticator's key-agreement key) sends salts and decrypts outputs, which must equal
 * HMAC-SHA-256(CredRandom, salt) computed here with node:crypto from the stored record.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CborMap, CborValue } from '../../cbor/index.js';
import { parseAuthenticatorData } from '../../authData/index.js';
import { powerUpPinUvRuntime } from '../pinUv/pinUvAuthToken.js';
import { pinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import { CtapStatus } from '../status.js';
import { assertWith, harnessState, hmacPlatform, makeWith, send, withGetInfo } from '../../../test-utils/extensionHarness.js';

const hmac = (key: Uint8Array, salt: Uint8Array): Buffer => createHmac('sha256', key).update(salt).digest();
const salt = (): Uint8Array => new Uint8Array(randomBytes(32));
const create = new Map<string, CborValue>([['hmac-secret', true]]);
const get = (input: CborMap) => new Map<string, CborValue>([['hmac-secret', input]]);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function credentialWithHmacSecret(preset = 'generic', opts: { rk?: boolean; seed?: string } = {}) {
  const state = harnessState(preset, opts.seed);
  const made = await makeWith(state, create, { rk: opts.rk ?? false });
  expect(made.status).toBe(CtapStatus.CTAP2_OK);
  return { state, made, credential: made.credential! };
}

describe('hmac-secret at makeCredential', () => {
  it('"hmac-secret": true outputs true (ED) and stores two distinct 32-byte CredRandoms', async () => {
    const { made, credential } = await credentialWithHmacSecret();
    expect(made.authData!.flags.ed).toBe(true);
    expect(made.authData!.extensions).toEqual(new Map([['hmac-secret', true]]));
    expect(credential.hmacSecret!.withUv).toHaveLength(32);
    expect(credential.hmacSecret!.withoutUv).toHaveLength(32);
    expect(hex(credential.hmacSecret!.withUv)).not.toBe(hex(credential.hmacSecret!.withoutUv));
  });

  it('"hmac-secret": false asks for nothing', async () => {
    const made = await makeWith(harnessState('generic'), new Map([['hmac-secret', false]]));
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect(made.authData!.flags.ed).toBe(false);
    expect(made.credential!.hmacSecret).toBeUndefined();
  });

  it('a non-boolean input is CTAP2_ERR_CBOR_UNEXPECTED_TYPE', async () => {
    const made = await makeWith(harnessState('generic'), new Map([['hmac-secret', 1]]));
    expect(made.status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });

  it('seeded: the same seed gives the same CredRandoms, another seed or no seed other ones', async () => {
    const a = (await credentialWithHmacSecret('generic', { seed: 's1' })).credential.hmacSecret!;
    const b = (await credentialWithHmacSecret('generic', { seed: 's1' })).credential.hmacSecret!;
    const c = (await credentialWithHmacSecret('generic', { seed: 's2' })).credential.hmacSecret!;
    const r1 = (await credentialWithHmacSecret('generic')).credential.hmacSecret!;
    const r2 = (await credentialWithHmacSecret('generic')).credential.hmacSecret!;
    expect(hex(a.withUv) + hex(a.withoutUv)).toBe(hex(b.withUv) + hex(b.withoutUv));
    expect(hex(a.withUv)).not.toBe(hex(c.withUv));
    expect(hex(r1.withoutUv)).not.toBe(hex(r2.withoutUv));
  });

  it('a model that does not list hmac-secret ignores it', async () => {
    const state = harnessState('ms-authenticator-ios');
    expect(state.preset.getInfo.extensions ?? []).not.toContain('hmac-secret');
    const made = await makeWith(state, create);
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect(made.authData!.flags.ed).toBe(false);
    expect(made.credential!.hmacSecret).toBeUndefined();
  });
});

describe('hmac-secret at getAssertion', () => {
  it.each([1, 2] as const)('protocol %i, one and two salts, with and without UV: outputs are HMAC-SHA-256(CredRandom, salt)', async (version) => {
    const { state, credential } = await credentialWithHmacSecret();
    const { withUv, withoutUv } = credential.hmacSecret!;
    const [s1, s2] = [salt(), salt()];
    for (const uv of [false, true]) {
      const key = uv ? withUv : withoutUv;
      const one = hmacPlatform(state, version);
      const got1 = await assertWith(state, get(one.input(s1)), { allow: [credential.id], uv });
      expect(got1.status).toBe(CtapStatus.CTAP2_OK);
      expect(got1.authData!.flags.ed).toBe(true);
      expect(got1.authData!.flags.uv).toBe(uv);
      expect([...got1.authData!.extensions!.keys()]).toEqual(['hmac-secret']);
      const out1 = got1.authData!.extensions!.get('hmac-secret') as Uint8Array;
      expect(out1).toHaveLength(version === 1 ? 32 : 48); // protocol 2 prepends a 16-byte IV
      expect(hex(one.decrypt(out1))).toBe(hex(hmac(key, s1)));

      const two = hmacPlatform(state, version);
      const got2 = await assertWith(state, get(two.input(Buffer.concat([s1, s2]))), { allow: [credential.id], uv });
      const out2 = two.decrypt(got2.authData!.extensions!.get('hmac-secret') as Uint8Array);
      expect(hex(out2)).toBe(hex(hmac(key, s1)) + hex(hmac(key, s2)));
    }
  });

  it('the output is stable across calls (fresh platform keys) and differs with UV', async () => {
    const { state, credential } = await credentialWithHmacSecret();
    const s = salt();
    const eval1 = async (uv: boolean) => {
      const p = hmacPlatform(state, 2);
      const got = await assertWith(state, get(p.input(s)), { allow: [credential.id], uv });
      return hex(p.decrypt(got.authData!.extensions!.get('hmac-secret') as Uint8Array));
    };
    const [a, b, c, d] = [await eval1(false), await eval1(false), await eval1(true), await eval1(true)];
    expect(a).toBe(b);
    expect(c).toBe(d);
    expect(a).not.toBe(c);
  });

  it('pinUvAuthProtocol absent means protocol 1', async () => {
    const { state, credential } = await credentialWithHmacSecret();
    const s = salt();
    const p = hmacPlatform(state, 1);
    const got = await assertWith(state, get(p.input(s, { omitProtocol: true })), { allow: [credential.id] });
    expect(got.status).toBe(CtapStatus.CTAP2_OK);
    expect(hex(p.decrypt(got.authData!.extensions!.get('hmac-secret') as Uint8Array))).toBe(hex(hmac(credential.hmacSecret!.withoutUv, s)));
    // A protocol 2 exchange without 0x04 is read as protocol 1: its MAC cannot verify.
    const p2 = hmacPlatform(state, 2);
    expect((await assertWith(state, get(p2.input(s, { omitProtocol: true })), { allow: [credential.id] })).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('every credential of a discoverable getAssertion / getNextAssertion round gets its own output', async () => {
    const state = harnessState('generic');
    const a = (await makeWith(state, create, { rk: true, uv: true, userId: 1 })).credential!;
    const b = (await makeWith(state, create, { rk: true, uv: true, userId: 2 })).credential!;
    const s = salt();
    const p = hmacPlatform(state, 2);
    const first = await assertWith(state, get(p.input(s)));
    expect(first.body!.get(5)).toBe(2);
    const next = await send(state, 0x08, new Map());
    expect(next.status).toBe(CtapStatus.CTAP2_OK);
    const outputs = [first, next].map((r) => {
      const id = hex((r.body!.get(1) as Map<string, CborValue>).get('id') as Uint8Array);
      const authData = r.body!.get(2) as Uint8Array;
      return { id, authData };
    });
    for (const { id, authData } of outputs) {
      const cred = [a, b].find((c) => hex(c.id) === id)!;
      const out = parseAuthenticatorData(authData).extensions!.get('hmac-secret') as Uint8Array;
      expect(hex(p.decrypt(out))).toBe(hex(hmac(cred.hmacSecret!.withoutUv, s)));
    }
  });

  it('a credential made without hmac-secret gets no output (and no ED flag)', async () => {
    const state = harnessState('generic');
    const made = await makeWith(state, undefined);
    const got = await assertWith(state, get(hmacPlatform(state, 2).input(salt())), { allow: [made.credential!.id] });
    expect(got.status).toBe(CtapStatus.CTAP2_OK);
    expect(got.authData!.flags.ed).toBe(false);
  });

  it('a model that does not list hmac-secret ignores the input, however malformed', async () => {
    const state = harnessState('ms-authenticator-ios');
    const made = await makeWith(state, undefined);
    const got = await assertWith(state, new Map([['hmac-secret', 'nonsense']]), { allow: [made.credential!.id] });
    expect(got.status).toBe(CtapStatus.CTAP2_OK);
    expect(got.authData!.flags.ed).toBe(false);
  });
});

describe('hmac-secret getAssertion errors (CTAP 2.1 12.5)', () => {
  async function expectStatus(build: (p: ReturnType<typeof hmacPlatform>, state: ReturnType<typeof harnessState>) => CborValue, status: number, opts: { up?: boolean; preset?: string | ReturnType<typeof withGetInfo>; version?: 1 | 2 } = {}) {
    const state = harnessState(opts.preset ?? 'generic');
    const made = await makeWith(state, create);
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    const p = hmacPlatform(state, opts.version ?? 2);
    const got = await assertWith(state, new Map([['hmac-secret', build(p, state)]]), { allow: [made.credential!.id], ...(opts.up === false && { up: false }) });
    expect(got.status, got.message).toBe(status);
    return got;
  }

  it('saltAuth that does not verify: CTAP2_ERR_PIN_AUTH_INVALID', async () => {
    const flip = (mac: Uint8Array) => Uint8Array.from(mac, (v, i) => (i === 0 ? v ^ 1 : v));
    await expectStatus((p) => p.input(salt(), { saltAuth: flip }), CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    await expectStatus((p) => p.input(salt(), { saltAuth: flip }), CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, { version: 1 });
    await expectStatus((p) => p.input(salt(), { saltAuth: (mac) => mac.subarray(0, 16) }), CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('a platform key from before a power cycle no longer verifies: CTAP2_ERR_PIN_AUTH_INVALID', async () => {
    await expectStatus((p, state) => {
      const input = p.input(salt());
      state.pinUv = powerUpPinUvRuntime();
      return input;
    }, CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('salts that decrypt to neither 32 nor 64 bytes: CTAP1_ERR_INVALID_PARAMETER (after a good MAC)', async () => {
    const got = await expectStatus((p) => p.input(new Uint8Array(48)), CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    expect(got.message).toMatch(/32 or 64 bytes/);
    await expectStatus((p) => p.input(new Uint8Array(16)), CtapStatus.CTAP1_ERR_INVALID_PARAMETER, { version: 1 });
    // Protocol 1 saltEnc that is not a whole number of AES blocks, correctly MACed.
    await expectStatus((p) => {
      const saltEnc = new Uint8Array(33);
      return new Map<number, CborValue>([[1, p.keyAgreement], [2, saltEnc], [3, pinUvAuthProtocol(1).authenticate(p.sharedSecret, saltEnc)], [4, 1]]);
    }, CtapStatus.CTAP1_ERR_INVALID_PARAMETER, { version: 1 });
  });

  it('"up": false with hmac-secret: CTAP2_ERR_UNSUPPORTED_OPTION', async () => {
    await expectStatus((p) => p.input(salt()), CtapStatus.CTAP2_ERR_UNSUPPORTED_OPTION, { up: false });
  });

  it.each([
    ['keyAgreement', 1],
    ['saltEnc', 2],
    ['saltAuth', 3],
  ] as const)('missing %s (0x0%i): CTAP2_ERR_MISSING_PARAMETER', async (_, key) => {
    await expectStatus((p) => {
      const m = p.input(salt());
      m.delete(key);
      return m;
    }, CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
  });

  it('wrong types: CTAP2_ERR_CBOR_UNEXPECTED_TYPE', async () => {
    await expectStatus(() => true, CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    await expectStatus((p) => p.input(salt()).set(2, 'text'), CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    await expectStatus((p) => p.input(salt()).set(4, '2'), CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });

  it('a keyAgreement that is not a P-256 point: CTAP1_ERR_INVALID_PARAMETER', async () => {
    await expectStatus((p) => {
      const m = p.input(salt());
      const bad = new Map(p.keyAgreement);
      bad.set(-3, new Uint8Array(32).fill(7));
      return m.set(1, bad);
    }, CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
  });

  it('a protocol the model does not support: CTAP1_ERR_INVALID_PARAMETER; absent when it lacks protocol 1: CTAP2_ERR_PIN_AUTH_INVALID', async () => {
    await expectStatus((p) => p.input(salt()).set(4, 3), CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    expect(harnessState('titan').preset.getInfo.pinUvAuthProtocols).toEqual([1]);
    await expectStatus((p) => p.input(salt()), CtapStatus.CTAP1_ERR_INVALID_PARAMETER, { preset: 'titan', version: 2 });
    await expectStatus((p) => p.input(salt(), { omitProtocol: true }), CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, {
      preset: withGetInfo('generic', { pinUvAuthProtocols: [2] }),
      version: 1,
    });
  });
});
