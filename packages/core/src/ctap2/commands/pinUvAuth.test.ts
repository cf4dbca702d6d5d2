/**
 * pinUvAuthParam and user verification in authenticatorMakeCredential (CTAP 2.1 6.1.2 steps 1-2,
 * 5-8, 11-14) and authenticatorGetAssertion (6.2.2 steps 1-2, 4-6, 8-9): the zero-length probe,
 * protocols, when a token is required, permissions and RP ID binding, token expiry, the flags a
 * token carries and how they are used up, and built-in UV with its retry counter.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CborMap } from '../../cbor/types.js';
import { VirtualAuthenticator } from '../../virtualAuthenticator.js';
import { CtapStatus as S } from '../status.js';
import { cdh, flagsOf, gaParams, mcParams, PinPlatform, presetWithOptions, send, uvRetries } from '../../../test-utils/pinPlatform.js';

const PIN = '1234';

afterEach(() => vi.restoreAllMocks());

/** yubikey-5-nfc (PIN only) with a PIN, and a platform for protocol `version`. */
function pinKey(version: 1 | 2 = 2, preset: ConstructorParameters<typeof VirtualAuthenticator>[0] = { preset: 'yubikey-5-nfc' }): { a: VirtualAuthenticator; p: PinPlatform } {
  const a = new VirtualAuthenticator(preset);
  a.setPin(PIN);
  return { a, p: new PinPlatform(a, version) };
}

/** makeCredential with a pinUvAuthParam for `token`. */
function mcWith(a: VirtualAuthenticator, p: PinPlatform, token: Uint8Array, opts: Parameters<typeof mcParams>[0] = {}) {
  const h = cdh();
  return send(a, 0x01, mcParams({ ...opts, clientDataHash: h, param: p.param(token, h), protocol: p.version }));
}

/** getAssertion with a pinUvAuthParam for `token`. */
function gaWith(a: VirtualAuthenticator, p: PinPlatform, token: Uint8Array, opts: Parameters<typeof gaParams>[0] = {}) {
  const h = cdh();
  return send(a, 0x02, gaParams({ ...opts, clientDataHash: h, param: p.param(token, h), protocol: p.version }));
}

describe('steps 1-2: the zero-length probe and pinUvAuthProtocol', () => {
  it('after a touch: CTAP2_ERR_PIN_NOT_SET without a PIN, CTAP2_ERR_PIN_INVALID with one, for both commands', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const probe = new Uint8Array(0);
    expect((await send(a, 0x01, mcParams({ param: probe }))).status).toBe(S.CTAP2_ERR_PIN_NOT_SET);
    expect((await send(a, 0x02, gaParams({ param: probe }))).status).toBe(S.CTAP2_ERR_PIN_NOT_SET);
    a.setPin(PIN);
    expect((await send(a, 0x01, mcParams({ param: probe, protocol: 1 }))).status).toBe(S.CTAP2_ERR_PIN_INVALID);
    expect((await send(a, 0x02, gaParams({ param: probe }))).status).toBe(S.CTAP2_ERR_PIN_INVALID);
    expect(a.credentials()).toHaveLength(0);
  });

  it('a refused or timed-out touch is CTAP2_ERR_OPERATION_DENIED', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    a.user.once({ presence: 'refuse' }).once({ presence: 'timeout' });
    expect((await send(a, 0x01, mcParams({ param: new Uint8Array(0) }))).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
    expect((await send(a, 0x02, gaParams({ param: new Uint8Array(0) }))).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
  });

  it('models without PIN/UV features skip the probe: the protocol is then missing or unsupported', async () => {
    const a = new VirtualAuthenticator({ preset: 'windows-hello-hardware' });
    expect((await send(a, 0x01, mcParams({ param: new Uint8Array(0) }))).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
    expect((await send(a, 0x01, mcParams({ param: new Uint8Array(16), protocol: 1 }))).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
  });

  it('pinUvAuthParam without pinUvAuthProtocol is CTAP2_ERR_MISSING_PARAMETER; an unsupported protocol CTAP1_ERR_INVALID_PARAMETER', async () => {
    const { a } = pinKey();
    expect((await send(a, 0x01, mcParams({ param: new Uint8Array(32) }))).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
    expect((await send(a, 0x02, gaParams({ param: new Uint8Array(32) }))).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
    expect((await send(a, 0x01, mcParams({ param: new Uint8Array(32), protocol: 3 }))).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    const titan = pinKey(2, { preset: 'titan' }).a;
    expect((await send(titan, 0x02, gaParams({ param: new Uint8Array(32), protocol: 2 }))).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
  });
});

describe.each([1, 2] as const)('step 11 / 6: verifying pinUvAuthParam, protocol %i', (version) => {
  it('a valid token sets UV and UP; discoverable credentials then return name and displayName', async () => {
    const { a, p } = pinKey(version);
    const made = await mcWith(a, p, await p.token(PIN, 0x01, 'example.com'), { options: { rk: true } });
    expect(made.status).toBe(0);
    expect(flagsOf(made)).toMatchObject({ up: true, uv: true });
    const got = await gaWith(a, p, await p.token(PIN, 0x02, 'example.com'));
    expect(got.status).toBe(0);
    expect(flagsOf(got)).toMatchObject({ up: true, uv: true });
    expect(Object.fromEntries(got.body!.get(4) as CborMap)).toMatchObject({ name: 'ada', displayName: 'Ada' });
  });

  it('a token is used up by makeCredential / getAssertion (permissions cleared except lbw)', async () => {
    const { a, p } = pinKey(version);
    const token = await p.token(PIN, 0x01 | 0x02 | 0x10, 'example.com');
    expect((await mcWith(a, p, token)).status).toBe(0);
    expect((await mcWith(a, p, token, { user: 2 })).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect((await gaWith(a, p, token, { allow: [a.credentials()[0]!.id] })).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('needs the mc / ga permission', async () => {
    const { a, p } = pinKey(version);
    expect((await mcWith(a, p, await p.token(PIN, 0x02))).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect((await send(a, 0x01, mcParams())).status).toBe(0);
    const got = await gaWith(a, p, await p.token(PIN, 0x01), { allow: [a.credentials()[0]!.id] });
    expect(got.status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect(got.message).toMatch(/permission/);
  });

  it('a token bound to another RP ID is refused; an unbound one binds to the first RP that uses it', async () => {
    const { a, p } = pinKey(version);
    const bound = await mcWith(a, p, await p.token(PIN, 0x01, 'other.example'));
    expect(bound.status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect(bound.message).toMatch(/bound to RP ID other.example/);
    expect((await send(a, 0x01, mcParams({ options: { rk: true } }))).status).toBe(S.CTAP2_ERR_PUAT_REQUIRED);
    expect((await mcWith(a, p, await p.token(PIN, 0x01, 'example.com'), { options: { rk: true } })).status).toBe(0);
    // A silent getAssertion (up=false) does not use the token up, so its binding can be observed.
    const token = await p.token(PIN, 0x02);
    expect((await gaWith(a, p, token, { options: { up: false } })).status).toBe(0);
    expect((await gaWith(a, p, token, { rpId: 'other.example', options: { up: false } })).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect((await gaWith(a, p, token, { options: { up: false } })).status).toBe(0);
  });

  it('a MAC that does not verify is CTAP2_ERR_PIN_AUTH_INVALID, also under the other protocol', async () => {
    const { a, p } = pinKey(version);
    const token = await p.token(PIN, 0x01);
    const h = cdh();
    expect((await send(a, 0x01, mcParams({ clientDataHash: h, param: p.param(token, cdh()), protocol: version }))).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    const other = new PinPlatform(a, version === 1 ? 2 : 1);
    expect((await send(a, 0x01, mcParams({ clientDataHash: h, param: other.param(token, h), protocol: other.version }))).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect((await send(a, 0x01, mcParams({ clientDataHash: h, param: p.param(token, h), protocol: version }))).status).toBe(0);
  });

  it('the "uv" option is ignored next to pinUvAuthParam (a PIN-only key would refuse it alone)', async () => {
    const { a, p } = pinKey(version);
    expect((await send(a, 0x01, mcParams({ options: { uv: true } }))).status).toBe(S.CTAP2_ERR_INVALID_OPTION);
    const made = await mcWith(a, p, await p.token(PIN, 0x01), { options: { uv: true } });
    expect(made.status).toBe(0);
    expect(flagsOf(made).uv).toBe(true);
  });

  it('a reset invalidates every token', async () => {
    // generic verifies users itself, so it stays protected once the reset has wiped the PIN.
    const { a, p } = pinKey(version, { preset: 'generic' });
    const token = await p.token(PIN, 0x01);
    expect((await send(a, 0x07)).status).toBe(0);
    expect((await mcWith(a, p, token)).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('a PIN key without a PIN is not protected: pinUvAuthParam is not verified and UV stays false (6.1.2 step 11)', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const made = await send(a, 0x01, mcParams({ param: new Uint8Array(32), protocol: version }));
    expect(made.status).toBe(0);
    expect(flagsOf(made)).toMatchObject({ up: true, uv: false });
  });
});

describe('the token usage timer (CTAP 2.1 6.5.2.1)', () => {
  it('a token not used within 30 s expires', async () => {
    const { a, p } = pinKey();
    const token = await p.token(PIN, 0x01);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 30_500);
    expect((await mcWith(a, p, token)).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('a used token stays valid up to the 10-minute maximum; its userPresent flag lasts 30 s', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    const p = new PinPlatform(a);
    expect((await send(a, 0x01, mcParams({ options: { rk: true, uv: true } }))).status).toBe(0);
    const start = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(start);
    const token = (await p.uvToken(0x02)).token!;
    // Silent assertions use the token without using it up.
    expect((await gaWith(a, p, token, { options: { up: false } })).status).toBe(0);
    clock.mockReturnValue(start + 45_000);
    expect((await gaWith(a, p, token, { options: { up: false } })).status).toBe(0);
    // The userPresent flag expired: a touch is needed again.
    a.user.once({ presence: 'refuse' });
    expect((await gaWith(a, p, token)).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
    clock.mockReturnValue(start + 601_000);
    expect((await gaWith(a, p, token, { options: { up: false } })).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
  });
});

describe('steps 6-8 (makeCredential) and 5 (getAssertion): when a token is required', () => {
  it('makeCredUvNotRqd: with a PIN, a discoverable credential needs a token (CTAP2_ERR_PUAT_REQUIRED), a non-discoverable one does not', async () => {
    const { a } = pinKey();
    const rk = await send(a, 0x01, mcParams({ options: { rk: true } }));
    expect(rk.status).toBe(S.CTAP2_ERR_PUAT_REQUIRED);
    expect(rk.message).toMatch(/pinUvAuthParam/);
    const plain = await send(a, 0x01, mcParams());
    expect(plain.status).toBe(0);
    expect(flagsOf(plain).uv).toBe(false);
    // getAssertion needs no token: the uv bit is simply false.
    const got = await send(a, 0x02, gaParams({ allow: [a.credentials()[0]!.id] }));
    expect(got.status).toBe(0);
    expect(flagsOf(got)).toMatchObject({ up: true, uv: false });
  });

  it('without makeCredUvNotRqd every makeCredential needs a token once a PIN is set', async () => {
    const { a, p } = pinKey(2, { preset: presetWithOptions('yubikey-5-nfc', { makeCredUvNotRqd: undefined }) });
    expect((await send(a, 0x01, mcParams())).status).toBe(S.CTAP2_ERR_PUAT_REQUIRED);
    expect((await mcWith(a, p, await p.token(PIN, 0x01))).status).toBe(0);
  });

  it('a model that verifies users itself needs UV for a discoverable credential; without clientPin set that is CTAP2_ERR_OPERATION_DENIED', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    const out = await send(a, 0x01, mcParams({ options: { rk: true } }));
    expect(out.status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
    expect((await send(a, 0x01, mcParams({ options: { rk: true, uv: true } }))).status).toBe(0);
    expect((await send(a, 0x01, mcParams({ user: 2 }))).status).toBe(0);
    a.setPin(PIN);
    expect((await send(a, 0x01, mcParams({ options: { rk: true } }))).status).toBe(S.CTAP2_ERR_PUAT_REQUIRED);
  });

  it('CTAP 2.0-style keys (no pinUvAuthToken) need pinAuth for makeCredential once a PIN is set, not for getAssertion', async () => {
    const { a, p } = pinKey(1, { preset: 'titan' });
    expect((await send(a, 0x01, mcParams())).status).toBe(S.CTAP2_ERR_PUAT_REQUIRED);
    const made = await mcWith(a, p, (await p.pinToken(PIN)).token!);
    expect(made.status).toBe(0);
    expect(flagsOf(made).uv).toBe(true);
    const got = await send(a, 0x02, gaParams({ allow: [a.credentials()[0]!.id] }));
    expect(flagsOf(got)).toMatchObject({ up: true, uv: false });
  });

  it('alwaysUv on a PIN key: every makeCredential and every getAssertion with up needs a token', async () => {
    const a = new VirtualAuthenticator({ preset: presetWithOptions('yubikey-5-nfc', { alwaysUv: true }) });
    // Not protected yet (no PIN): clientPin exists, so CTAP2_ERR_PUAT_REQUIRED (6.1.2 step 6.2.1).
    expect((await send(a, 0x01, mcParams())).status).toBe(S.CTAP2_ERR_PUAT_REQUIRED);
    expect((await send(a, 0x02, gaParams())).status).toBe(S.CTAP2_ERR_PUAT_REQUIRED);
    a.setPin(PIN);
    const p = new PinPlatform(a);
    expect((await send(a, 0x01, mcParams())).status).toBe(S.CTAP2_ERR_PUAT_REQUIRED); // makeCredUvNotRqd no longer applies
    expect((await mcWith(a, p, await p.token(PIN, 0x01))).status).toBe(0);
    const allow = [a.credentials()[0]!.id];
    expect((await send(a, 0x02, gaParams({ allow }))).status).toBe(S.CTAP2_ERR_PUAT_REQUIRED);
    expect((await send(a, 0x02, gaParams({ allow, options: { up: false } }))).status).toBe(0); // step 5 is for up=true only
    expect((await gaWith(a, p, await p.token(PIN, 0x02), { allow })).status).toBe(0);
  });

  it('alwaysUv on a built-in UV model turns "uv" on by itself (6.1.2 step 6.3, 6.2.2 step 5.4)', async () => {
    const a = new VirtualAuthenticator({ preset: presetWithOptions('generic', { alwaysUv: true }) });
    const made = await send(a, 0x01, mcParams());
    expect(made.status).toBe(0);
    expect(flagsOf(made)).toMatchObject({ up: true, uv: true });
    const got = await send(a, 0x02, gaParams({ allow: [a.credentials()[0]!.id] }));
    expect(flagsOf(got)).toMatchObject({ up: true, uv: true });
  });

  it('alwaysUv without any way to verify and without clientPin: CTAP2_ERR_OPERATION_DENIED', async () => {
    const preset = presetWithOptions('yubikey-5-nfc', { alwaysUv: true, clientPin: undefined });
    expect((await send(new VirtualAuthenticator({ preset }), 0x01, mcParams())).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
  });
});

describe('step 11.2 / 6.2: built-in UV ("uv" option)', () => {
  it('counts as evidence of user interaction: UP is set without another touch (6.1.2 step 13, 6.2.2 step 8)', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    const touches = vi.spyOn(a.user, 'confirmPresence');
    const made = await send(a, 0x01, mcParams({ options: { uv: true } }));
    expect(made.status).toBe(0);
    expect(flagsOf(made)).toMatchObject({ up: true, uv: true });
    const got = await send(a, 0x02, gaParams({ options: { uv: true, up: false }, allow: [a.credentials()[0]!.id] }));
    expect(flagsOf(got)).toMatchObject({ up: true, uv: true });
    // The scripted biometric is one gesture each (ScriptedUser.verifyUser includes the touch).
    expect(touches).toHaveBeenCalledTimes(2);
    const plain = await send(a, 0x02, gaParams({ allow: [a.credentials()[0]!.id] }));
    expect(flagsOf(plain)).toMatchObject({ up: true, uv: false });
    expect(touches).toHaveBeenCalledTimes(3);
  });

  it('failures: CTAP2_ERR_OPERATION_DENIED and one UV retry less; timeout; CTAP2_ERR_PIN_BLOCKED at 0 retries', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    a.user.once({ verification: 'timeout' });
    expect((await send(a, 0x01, mcParams({ options: { uv: true } }))).status).toBe(S.CTAP2_ERR_USER_ACTION_TIMEOUT);
    expect(await uvRetries(a)).toBe(8);
    a.user.verification = 'fail';
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await send(a, i % 2 ? 0x02 : 0x01, i % 2 ? gaParams({ options: { uv: true } }) : mcParams({ options: { uv: true } }))).status);
    expect(statuses).toEqual([...Array(7).fill(S.CTAP2_ERR_OPERATION_DENIED), S.CTAP2_ERR_PIN_BLOCKED, S.CTAP2_ERR_PIN_BLOCKED]);
    expect(await uvRetries(a)).toBe(0);
  });

  it('a success restores the UV retries', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    a.user.once({ verification: 'fail' });
    await send(a, 0x01, mcParams({ options: { uv: true } }));
    expect(await uvRetries(a)).toBe(7);
    expect((await send(a, 0x01, mcParams({ options: { uv: true } }))).status).toBe(0);
    expect(await uvRetries(a)).toBe(8);
  });
});

describe('step 12: excludeList with a token', () => {
  it('a token from built-in UV carries presence: CTAP2_ERR_CREDENTIAL_EXCLUDED without another touch', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    expect((await send(a, 0x01, mcParams())).status).toBe(0);
    const id = a.credentials()[0]!.id;
    const p = new PinPlatform(a);
    const token = (await p.uvToken(0x01, 'example.com')).token!;
    a.user.presence = 'refuse';
    expect((await mcWith(a, p, token, { exclude: [id] })).status).toBe(S.CTAP2_ERR_CREDENTIAL_EXCLUDED);
    // A PIN token carries none: the touch is asked for (and refused here).
    a.setPin(PIN);
    expect((await mcWith(a, p, await p.token(PIN, 0x01), { exclude: [id] })).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
  });
});
