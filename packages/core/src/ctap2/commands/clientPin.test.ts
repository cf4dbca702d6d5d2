/**
 * authenticatorClientPIN (CTAP 2.1 6.5): every subcommand, with PIN/UV auth protocols 1 and 2, and
 * every error path. The platform half is test-utils/pinPlatform.ts (vfido's protocol module's
 * encapsulate / encrypt / authenticate).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CborMap } from '../../cbor/types.js';
import { MemoryCredentialStore } from '../../store/memoryStore.js';
import { VirtualAuthenticator } from '../../virtualAuthenticator.js';
import { getPreset } from '../../presets/getPreset.js';
import { PinError } from '../pinUv/directPin.js';
import { CtapStatus as S } from '../status.js';
import {
  cdh,
  clientPin,
  flagsOf,
  gaParams,
  infoOptions,
  mcParams,
  padPin,
  PinPlatform,
  pinRetries,
  presetWithOptions,
  send,
  uvRetries,
} from '../../../test-utils/pinPlatform.js';

const PROTOCOLS = [1, 2] as const;
const PIN = '1234';

afterEach(() => vi.restoreAllMocks());

/** A yubikey-5-nfc (PIN only, pinUvAuthToken) with `PIN` set through setPIN. */
async function withPin(version: 1 | 2 = 2, preset = 'yubikey-5-nfc'): Promise<{ a: VirtualAuthenticator; p: PinPlatform }> {
  const a = new VirtualAuthenticator({ preset });
  const p = new PinPlatform(a, version);
  expect((await p.setPin(PIN)).status).toBe(0);
  return { a, p };
}

describe('which models implement authenticatorClientPIN', () => {
  it('a model without the clientPin option answers CTAP1_ERR_INVALID_COMMAND', async () => {
    const a = new VirtualAuthenticator({ preset: 'windows-hello-hardware' });
    const out = await clientPin(a, { 1: 2, 2: 0x02 });
    expect(out.status).toBe(S.CTAP1_ERR_INVALID_COMMAND);
    expect(out.message).toMatch(/does not implement authenticatorClientPIN/);
  });

  it('a CTAP 2.0-style model (clientPin, no pinUvAuthToken) lacks 0x06, 0x07 and 0x09: CTAP2_ERR_INVALID_SUBCOMMAND', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5c' });
    for (const sub of [0x06, 0x07, 0x09]) expect((await clientPin(a, { 1: 1, 2: sub })).status, `0x0${sub}`).toBe(S.CTAP2_ERR_INVALID_SUBCOMMAND);
    const p = new PinPlatform(a, 1);
    expect((await p.setPin(PIN)).status).toBe(0);
    expect((await p.pinToken(PIN)).token).toHaveLength(32);
  });

  it('a PIN-only key lacks the built-in UV subcommands 0x06 and 0x07', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    for (const sub of [0x06, 0x07]) expect((await clientPin(a, { 1: 2, 2: sub })).status).toBe(S.CTAP2_ERR_INVALID_SUBCOMMAND);
  });

  it('unknown subcommands answer CTAP2_ERR_INVALID_SUBCOMMAND; a missing or mistyped subCommand is a CBOR error', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    for (const sub of [0x00, 0x08, 0x0a, 0xff]) expect((await clientPin(a, { 1: 2, 2: sub })).status).toBe(S.CTAP2_ERR_INVALID_SUBCOMMAND);
    expect((await clientPin(a, { 1: 2 })).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
    expect((await clientPin(a, { 1: 2, 2: 'x' })).status).toBe(S.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    expect((await clientPin(a, { 1: 2, 2: 0x02, 3: new Uint8Array(4) })).status).toBe(S.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    expect((await clientPin(a, { 1: 2, 2: 0x09, 9: -1 })).status).toBe(S.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });

  it('a built-in UV model without a clientPin option still offers key agreement and UV tokens', async () => {
    const a = new VirtualAuthenticator({ preset: presetWithOptions('generic', { clientPin: undefined }) });
    expect((await clientPin(a, { 1: 2, 2: 0x01 })).status).toBe(S.CTAP2_ERR_INVALID_SUBCOMMAND);
    expect((await clientPin(a, { 1: 2, 2: 0x03 })).status).toBe(S.CTAP2_ERR_INVALID_SUBCOMMAND);
    expect((await new PinPlatform(a).uvToken(0x01)).token).toHaveLength(32);
  });
});

describe('getPINRetries (0x01) and getKeyAgreement (0x02)', () => {
  it('a fresh authenticator has 8 retries and needs no power cycle; no protocol needed', async () => {
    const a = new VirtualAuthenticator({ preset: 'solokey' });
    expect(await pinRetries(a)).toEqual([8, false]);
    expect(a.pinRetries).toBe(8);
  });

  it.each(['yubikey-5-nfc', 'yubikey-5c'])('%s answers CTAP2_ERR_PIN_NOT_SET until a PIN is set, then 8 retries (preset data: pinRetriesWithoutPin)', async (preset) => {
    const a = new VirtualAuthenticator({ preset });
    expect(a.preset.pinRetriesWithoutPin).toBe('pin-not-set');
    const out = await clientPin(a, { 2: 0x01 });
    expect(out.status).toBe(S.CTAP2_ERR_PIN_NOT_SET);
    expect(out.message).toMatch(/setPIN/);
    expect((await infoOptions(a)).get('clientPin')).toBe(false);
    expect((await new PinPlatform(a, 2).setPin(PIN)).status).toBe(0);
    expect(await pinRetries(a)).toEqual([8, false]);
  });

  it('a preset without the field keeps the spec reading (the counter, PIN or not)', async () => {
    const { pinRetriesWithoutPin: _dropped, ...preset } = getPreset('yubikey-5-nfc');
    const a = new VirtualAuthenticator({ preset });
    expect(await pinRetries(a)).toEqual([8, false]);
  });

  it('getKeyAgreement returns an EC2 P-256 COSE key (alg -25), the same until a power cycle', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const key = async (v: number) => (await clientPin(a, { 1: v, 2: 0x02 })).body!.get(1) as CborMap;
    const k1 = await key(1);
    expect([k1.get(1), k1.get(3), k1.get(-1)]).toEqual([2, -25, 1]);
    expect((k1.get(-2) as Uint8Array).length).toBe(32);
    expect((k1.get(-3) as Uint8Array).length).toBe(32);
    expect(await key(2)).toEqual(k1); // one key for both protocols
    a.powerCycle();
    expect(await key(2)).not.toEqual(k1);
  });

  it('getKeyAgreement: no protocol is CTAP2_ERR_MISSING_PARAMETER, an unsupported one CTAP1_ERR_INVALID_PARAMETER', async () => {
    expect((await clientPin(new VirtualAuthenticator({ preset: 'yubikey-5-nfc' }), { 2: 0x02 })).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
    expect((await clientPin(new VirtualAuthenticator({ preset: 'yubikey-5-nfc' }), { 1: 3, 2: 0x02 })).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    // titan lists only protocol 1.
    const titan = await clientPin(new VirtualAuthenticator({ preset: 'titan' }), { 1: 2, 2: 0x02 });
    expect(titan.status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    expect(titan.message).toMatch(/supports 1/);
  });
});

describe.each(PROTOCOLS)('setPIN (0x03), protocol %i', (version) => {
  it('sets the PIN: getInfo clientPin becomes true, retries are 8', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    expect((await infoOptions(a)).get('clientPin')).toBe(false);
    expect((await new PinPlatform(a, version).setPin(PIN)).status).toBe(0);
    expect((await infoOptions(a)).get('clientPin')).toBe(true);
    expect(await pinRetries(a)).toEqual([8, false]);
  });

  it('refuses a second setPIN with CTAP2_ERR_PIN_AUTH_INVALID', async () => {
    const { p } = await withPin(version);
    const out = await p.setPin('5678');
    expect(out.status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect(out.message).toMatch(/changePIN/);
    expect((await p.pinToken(PIN)).status).toBe(0);
  });

  it('needs pinUvAuthProtocol, keyAgreement, newPinEnc and pinUvAuthParam', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const p = new PinPlatform(a, version);
    const s = await p.session();
    const newPinEnc = p.protocol.encrypt(s.sharedSecret, padPin(PIN));
    const full = { 1: version, 2: 0x03, 3: s.coseKey, 4: p.protocol.authenticate(s.sharedSecret, newPinEnc), 5: newPinEnc } as Record<number, unknown>;
    for (const k of [1, 3, 4, 5]) {
      const out = await clientPin(a, { ...full, [k]: undefined } as never);
      expect(out.status, `without ${k}`).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
    }
    expect((await clientPin(a, { ...full, 1: 7 } as never)).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    expect((await clientPin(a, full as never)).status).toBe(0);
  });

  it('rejects a wrong MAC with CTAP2_ERR_PIN_AUTH_INVALID and sets nothing', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const p = new PinPlatform(a, version);
    const out = await p.setPin(PIN, { mac: (m) => p.protocol.authenticate(new Uint8Array(64), m) });
    expect(out.status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect((await infoOptions(a)).get('clientPin')).toBe(false);
  });

  it('rejects a keyAgreement that is not a P-256 point with CTAP1_ERR_INVALID_PARAMETER', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const p = new PinPlatform(a, version);
    const s = await p.session();
    const offCurve = new Map(s.coseKey);
    offCurve.set(-3, new Uint8Array(32).fill(7));
    expect((await p.setPin(PIN, { session: { ...s, coseKey: offCurve } })).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    const wrongKty = new Map(s.coseKey);
    wrongKty.set(1, 3);
    expect((await p.setPin(PIN, { session: { ...s, coseKey: wrongKty } })).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    const shortX = new Map(s.coseKey);
    shortX.set(-2, new Uint8Array(31));
    expect((await p.setPin(PIN, { session: { ...s, coseKey: shortX } })).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
  });

  it('PIN policy: at least minPINLength code points, at most 63 bytes, UTF-8, padded to exactly 64 bytes', async () => {
    const fresh = () => new PinPlatform(new VirtualAuthenticator({ preset: 'yubikey-5-nfc' }), version);
    expect((await fresh().setPin('123')).status).toBe(S.CTAP2_ERR_PIN_POLICY_VIOLATION);
    // Code points, not bytes: three 4-byte emoji are too short, four are enough.
    expect((await fresh().setPin('🔑🔑🔑')).status).toBe(S.CTAP2_ERR_PIN_POLICY_VIOLATION);
    expect((await fresh().setPin('🔑🔑🔑🔑')).status).toBe(0);
    expect((await fresh().setPin('x'.repeat(63))).status).toBe(0);
    // 64 bytes leave no padding: longer than the 63-byte maximum.
    expect((await fresh().setPin('x'.repeat(64))).status).toBe(S.CTAP2_ERR_PIN_POLICY_VIOLATION);
    expect((await fresh().setPin('', { padded: padPin(Uint8Array.of(0xff, 0xfe, 0x41, 0x42)) })).status).toBe(S.CTAP2_ERR_PIN_POLICY_VIOLATION);
    expect((await fresh().setPin('', { padded: padPin(Uint8Array.of(0x31, 0x00, 0x32, 0x33, 0x34)) })).status).toBe(S.CTAP2_ERR_PIN_POLICY_VIOLATION);
    // Not 64 bytes once decrypted: CTAP1_ERR_INVALID_PARAMETER (6.5.5.5 step 7).
    expect((await fresh().setPin('', { padded: padPin(PIN, 48) })).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    expect((await fresh().setPin('', { padded: padPin(PIN, 80) })).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
  });

  it('a newPinEnc that does not decrypt (not whole blocks) is CTAP2_ERR_PIN_AUTH_INVALID', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const p = new PinPlatform(a, version);
    const s = await p.session();
    const newPinEnc = new Uint8Array(version === 2 ? 16 + 65 : 65);
    const out = await clientPin(a, { 1: version, 2: 0x03, 3: s.coseKey, 4: p.protocol.authenticate(s.sharedSecret, newPinEnc), 5: newPinEnc });
    expect(out.status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('follows a raised minimum PIN length', async () => {
    const store = new MemoryCredentialStore();
    store.setSetting('device', { minPinLength: 6 });
    const p = new PinPlatform(new VirtualAuthenticator({ preset: 'yubikey-5-nfc', store }), version);
    expect((await p.setPin('12345')).message).toMatch(/minimum PIN length is 6/);
    expect((await p.setPin('123456')).status).toBe(0);
  });
});

describe.each(PROTOCOLS)('changePIN (0x04), protocol %i', (version) => {
  it('changes the PIN: the old one stops working, the new one works, earlier tokens are invalidated', async () => {
    const { a, p } = await withPin(version);
    const token = await p.token(PIN, 0x03, 'example.com');
    expect((await p.changePin(PIN, '98765')).status).toBe(0);
    expect((await p.pinToken(PIN, 0x01)).status).toBe(S.CTAP2_ERR_PIN_INVALID);
    expect((await p.pinToken('98765', 0x01)).status).toBe(0);
    const hash = cdh();
    expect((await send(a, 0x01, mcParams({ clientDataHash: hash, param: p.param(token, hash), protocol: version }))).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('a wrong current PIN: CTAP2_ERR_PIN_INVALID, one retry gone, a new key agreement key', async () => {
    const { a, p } = await withPin(version);
    const before = await p.session();
    expect((await p.changePin('0000', '98765', { session: before })).status).toBe(S.CTAP2_ERR_PIN_INVALID);
    expect(await pinRetries(a)).toEqual([7, false]);
    // 6.5.5.6 step 7.1.1 regenerate: the old shared secret no longer authenticates anything.
    expect((await p.changePin(PIN, '98765', { session: before })).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect((await p.session()).authenticatorKey).not.toEqual(before.authenticatorKey);
    expect((await p.changePin(PIN, '98765')).status).toBe(0);
    expect(await pinRetries(a)).toEqual([8, false]);
  });

  it('a wrong MAC is CTAP2_ERR_PIN_AUTH_INVALID and costs no retry', async () => {
    const { a, p } = await withPin(version);
    expect((await p.changePin(PIN, '98765', { mac: new Uint8Array(p.protocol.macLength) })).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect(await pinRetries(a)).toEqual([8, false]);
  });

  it('needs every parameter; without a PIN set it is CTAP2_ERR_PIN_NOT_SET', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const p = new PinPlatform(a, version);
    expect((await p.changePin(PIN, '98765')).status).toBe(S.CTAP2_ERR_PIN_NOT_SET);
    expect((await clientPin(a, { 1: version, 2: 0x04 })).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
  });

  it('checks the new PIN after the current one: a too-short new PIN is a policy violation, retries restored', async () => {
    const { a, p } = await withPin(version);
    expect((await p.changePin(PIN, '12')).status).toBe(S.CTAP2_ERR_PIN_POLICY_VIOLATION);
    expect((await p.changePin(PIN, '', { padded: padPin('98765', 32) })).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    expect(await pinRetries(a)).toEqual([8, false]);
    expect((await p.pinToken(PIN, 0x01)).status).toBe(0);
  });

  it('forcePINChange: tokens are refused until the PIN changes, and it must change to a different PIN', async () => {
    const store = new MemoryCredentialStore();
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', store });
    a.setPin(PIN);
    store.setSetting('device', { ...(store.setting('device') as object), forcePinChange: true });
    const p = new PinPlatform(a, version);
    // 6.5.5.7.2 step 11 / 6.5.5.7.1 step 11.
    expect((await p.pinToken(PIN, 0x01)).status).toBe(S.CTAP2_ERR_PIN_POLICY_VIOLATION);
    expect((await p.pinToken(PIN)).status).toBe(S.CTAP2_ERR_PIN_INVALID);
    expect(await pinRetries(a)).toEqual([8, false]); // the PIN itself was right
    expect((await p.changePin(PIN, PIN)).status).toBe(S.CTAP2_ERR_PIN_POLICY_VIOLATION);
    expect((await p.changePin(PIN, '98765')).status).toBe(0);
    expect((await send(a, 0x04)).body!.get(0x0c)).toBe(false);
    expect((await p.pinToken('98765', 0x01)).status).toBe(0);
  });
});

describe('PIN retries and lockout (CTAP 2.1 6.5.2.2, 6.5.5.7.2 step 9)', () => {
  it('decrements pinRetries in the store before comparing, restores it after a match', async () => {
    const store = new MemoryCredentialStore();
    const writes: unknown[] = [];
    const setSetting = store.setSetting.bind(store);
    vi.spyOn(store, 'setSetting').mockImplementation((name, value) => {
      writes.push((value as { pinRetries?: number }).pinRetries);
      setSetting(name, value);
    });
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', store });
    a.setPin(PIN);
    writes.length = 0;
    expect((await new PinPlatform(a).pinToken(PIN, 0x01)).status).toBe(0);
    expect(writes).toEqual([7, 8]);
  });

  it('three wrong PINs in a row block PIN entry until a power cycle, without using up retries', async () => {
    const { a, p } = await withPin();
    expect((await p.pinToken('0000', 0x01)).status).toBe(S.CTAP2_ERR_PIN_INVALID);
    expect((await p.pinToken('0000', 0x01)).status).toBe(S.CTAP2_ERR_PIN_INVALID);
    const third = await p.pinToken('0000', 0x01);
    expect(third.status).toBe(S.CTAP2_ERR_PIN_AUTH_BLOCKED);
    expect(third.message).toMatch(/power-cycle/);
    expect(await pinRetries(a)).toEqual([5, true]);
    // Blocked: even the right PIN (and changePIN) is refused, and no retry is spent.
    expect((await p.pinToken(PIN, 0x01)).status).toBe(S.CTAP2_ERR_PIN_AUTH_BLOCKED);
    expect((await p.pinToken(PIN)).status).toBe(S.CTAP2_ERR_PIN_AUTH_BLOCKED);
    expect((await p.changePin(PIN, '98765')).status).toBe(S.CTAP2_ERR_PIN_AUTH_BLOCKED);
    expect(await pinRetries(a)).toEqual([5, true]);
    a.powerCycle();
    expect(await pinRetries(a)).toEqual([5, false]);
    expect((await p.pinToken(PIN, 0x01)).status).toBe(0);
    expect(await pinRetries(a)).toEqual([8, false]);
  });

  it('a right PIN in between resets the consecutive count', async () => {
    const { a, p } = await withPin();
    for (let i = 0; i < 2; i++) expect((await p.pinToken('0000', 0x01)).status).toBe(S.CTAP2_ERR_PIN_INVALID);
    expect((await p.pinToken(PIN, 0x01)).status).toBe(0);
    for (let i = 0; i < 2; i++) expect((await p.pinToken('0000', 0x01)).status).toBe(S.CTAP2_ERR_PIN_INVALID);
    expect(await pinRetries(a)).toEqual([6, false]);
  });

  it('the eighth wrong PIN blocks the PIN for good (CTAP2_ERR_PIN_BLOCKED), which also disables built-in UV', async () => {
    const { a, p } = await withPin(2, 'generic');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      if (i > 0 && i % 3 === 0) a.powerCycle();
      statuses.push((await p.pinToken('0000', 0x01)).status);
    }
    expect(statuses).toEqual([
      S.CTAP2_ERR_PIN_INVALID, S.CTAP2_ERR_PIN_INVALID, S.CTAP2_ERR_PIN_AUTH_BLOCKED,
      S.CTAP2_ERR_PIN_INVALID, S.CTAP2_ERR_PIN_INVALID, S.CTAP2_ERR_PIN_AUTH_BLOCKED,
      S.CTAP2_ERR_PIN_INVALID, S.CTAP2_ERR_PIN_BLOCKED,
    ]);
    expect(await pinRetries(a)).toEqual([0, false]);
    a.powerCycle();
    for (const out of [await p.pinToken(PIN, 0x01), await p.pinToken(PIN), await p.changePin(PIN, '98765'), await p.uvToken(0x01)]) {
      expect(out.status).toBe(S.CTAP2_ERR_PIN_BLOCKED);
    }
    expect((await send(a, 0x01, mcParams({ options: { uv: true } }))).status).toBe(S.CTAP2_ERR_PIN_BLOCKED);
    expect(a.pinRetries).toBe(0);
  });

  it('a pinHashEnc that does not decrypt counts as a wrong PIN', async () => {
    const { a, p } = await withPin(1);
    const s = await p.session();
    const out = await clientPin(a, { 1: 1, 2: 0x09, 3: s.coseKey, 6: new Uint8Array(15), 9: 0x01 });
    expect(out.status).toBe(S.CTAP2_ERR_PIN_INVALID);
    expect(await pinRetries(a)).toEqual([7, false]);
  });
});

describe.each(PROTOCOLS)('getPinToken (0x05), protocol %i', (version) => {
  it('issues a 32-byte token with the default permissions (mc, ga), usable once for each', async () => {
    const { a, p } = await withPin(version);
    const { token } = await p.pinToken(PIN);
    expect(token).toHaveLength(32);
    const h1 = cdh();
    const made = await send(a, 0x01, mcParams({ clientDataHash: h1, param: p.param(token!, h1), protocol: version }));
    expect(made.status).toBe(0);
    expect(flagsOf(made)).toMatchObject({ up: true, uv: true });
    const { token: again } = await p.pinToken(PIN);
    const h2 = cdh();
    const got = await send(a, 0x02, gaParams({ clientDataHash: h2, allow: [a.credentials()[0]!.id], param: p.param(again!, h2), protocol: version }));
    expect(got.status).toBe(0);
    expect(flagsOf(got)).toMatchObject({ up: true, uv: true });
  });

  it('rejects permissions or rpId (that is getPinUvAuthTokenUsingPinWithPermissions) and missing members', async () => {
    const { a, p } = await withPin(version);
    expect((await p.pinToken(PIN, undefined, undefined, { 9: 0x01 })).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    expect((await p.pinToken(PIN, undefined, 'example.com')).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    expect((await clientPin(a, { 1: version, 2: 0x05 })).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
    expect(await pinRetries(a)).toEqual([8, false]);
  });

  it('a wrong PIN is CTAP2_ERR_PIN_INVALID', async () => {
    const { p } = await withPin(version);
    expect((await p.pinToken('4321')).status).toBe(S.CTAP2_ERR_PIN_INVALID);
  });

  it('without a PIN: CTAP2_ERR_PIN_NOT_SET', async () => {
    expect((await new PinPlatform(new VirtualAuthenticator({ preset: 'yubikey-5-nfc' }), version).pinToken(PIN)).status).toBe(S.CTAP2_ERR_PIN_NOT_SET);
  });

  it('noMcGaPermissionsWithClientPin: the token carries no mc / ga permission', async () => {
    const a = new VirtualAuthenticator({ preset: presetWithOptions('yubikey-5-nfc', { noMcGaPermissionsWithClientPin: true }) });
    a.setPin(PIN);
    const p = new PinPlatform(a, version);
    const { token } = await p.pinToken(PIN);
    const h = cdh();
    expect((await send(a, 0x01, mcParams({ clientDataHash: h, param: p.param(token!, h), protocol: version }))).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect((await p.pinToken(PIN, 0x01)).status).toBe(S.CTAP2_ERR_UNAUTHORIZED_PERMISSION);
  });
});

describe.each(PROTOCOLS)('getPinUvAuthTokenUsingPinWithPermissions (0x09), protocol %i', (version) => {
  it('issues a token with the requested permissions, bound to rpId', async () => {
    const { a, p } = await withPin(version);
    const token = await p.token(PIN, 0x01, 'example.com');
    const h = cdh();
    expect((await send(a, 0x01, mcParams({ rpId: 'other.example', clientDataHash: h, param: p.param(token, h), protocol: version }))).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect((await send(a, 0x01, mcParams({ clientDataHash: h, param: p.param(token, h), protocol: version }))).status).toBe(0);
  });

  it('permissions 0 is CTAP1_ERR_INVALID_PARAMETER; a missing permissions CTAP2_ERR_MISSING_PARAMETER; neither costs a retry', async () => {
    const { a, p } = await withPin(version);
    expect((await p.pinToken(PIN, 0)).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    const s = await p.session();
    const pinHashEnc = p.protocol.encrypt(s.sharedSecret, new Uint8Array(16));
    expect((await clientPin(a, { 1: version, 2: 0x09, 3: s.coseKey, 6: pinHashEnc })).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
    expect(await pinRetries(a)).toEqual([8, false]);
  });

  it('refuses permissions whose feature is off (CTAP2_ERR_UNAUTHORIZED_PERMISSION), before touching retries', async () => {
    const bare = presetWithOptions('generic', { credMgmt: undefined, bioEnroll: undefined, largeBlobs: undefined, authnrCfg: undefined });
    const a = new VirtualAuthenticator({ preset: bare });
    a.setPin(PIN);
    const p = new PinPlatform(a, version);
    for (const bit of [0x04, 0x08, 0x10, 0x20]) {
      const out = await p.pinToken('0000', bit | 0x01);
      expect(out.status, `0x${bit.toString(16)}`).toBe(S.CTAP2_ERR_UNAUTHORIZED_PERMISSION);
    }
    expect(await pinRetries(a)).toEqual([8, false]);
    // yubikey-5-nfc has credMgmt, largeBlobs and authnrCfg, but no bioEnroll.
    const yk = await withPin(version);
    expect((await yk.p.pinToken(PIN, 0x04 | 0x10 | 0x20)).status).toBe(0);
    expect((await yk.p.pinToken(PIN, 0x08)).status).toBe(S.CTAP2_ERR_UNAUTHORIZED_PERMISSION);
  });

  it('ignores undefined permission bits', async () => {
    const { a, p } = await withPin(version);
    // makeCredUvNotRqd: a non-discoverable credential needs no token.
    const made = await send(a, 0x01, mcParams());
    expect(made.status).toBe(0);
    expect(flagsOf(made).uv).toBe(false);
    const token = await p.token(PIN, 0x80 | 0x40 | 0x02);
    const h = cdh();
    const got = await send(a, 0x02, gaParams({ clientDataHash: h, allow: [a.credentials()[0]!.id], param: p.param(token, h), protocol: version }));
    expect(got.status).toBe(0);
    expect(flagsOf(got).uv).toBe(true);
  });
});

describe.each(PROTOCOLS)('getPinUvAuthTokenUsingUvWithPermissions (0x06) and getUVRetries (0x07), protocol %i', (version) => {
  it('the scripted user is the biometric: a token whose userPresent flag spares the next touch', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    const p = new PinPlatform(a, version);
    const { token } = await p.uvToken(0x01, 'example.com');
    expect(token).toHaveLength(32);
    a.user.presence = 'refuse';
    const h = cdh();
    const made = await send(a, 0x01, mcParams({ clientDataHash: h, param: p.param(token!, h), protocol: version }));
    expect(made.status).toBe(0);
    expect(flagsOf(made)).toMatchObject({ up: true, uv: true });
    // The token's flags are used up: another request asks for a touch again.
    expect((await send(a, 0x01, mcParams({ options: { uv: false } }))).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
  });

  it('a failed match is CTAP2_ERR_UV_INVALID and costs a UV retry; a success restores them', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    const p = new PinPlatform(a, version);
    expect(await uvRetries(a)).toBe(8);
    a.user.once({ verification: 'fail' }).once({ verification: 'fail' });
    expect((await p.uvToken(0x01)).status).toBe(S.CTAP2_ERR_UV_INVALID);
    expect((await p.uvToken(0x01)).status).toBe(S.CTAP2_ERR_UV_INVALID);
    expect(await uvRetries(a)).toBe(6);
    expect(a.uvRetries).toBe(6);
    expect((await p.uvToken(0x01)).status).toBe(0);
    expect(await uvRetries(a)).toBe(8);
  });

  it('timeout and cancel cost no retry', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    const p = new PinPlatform(a, version);
    a.user.once({ verification: 'timeout' }).once({ verification: 'refuse' });
    expect((await p.uvToken(0x01)).status).toBe(S.CTAP2_ERR_USER_ACTION_TIMEOUT);
    expect((await p.uvToken(0x01)).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
    expect(await uvRetries(a)).toBe(8);
  });

  it('eight failed matches block built-in UV (CTAP2_ERR_UV_BLOCKED); the right PIN unblocks it (6.5.2.2)', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    a.setPin(PIN);
    const p = new PinPlatform(a, version);
    a.user.verification = 'fail';
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await p.uvToken(0x01)).status);
    expect(statuses).toEqual([...Array(7).fill(S.CTAP2_ERR_UV_INVALID), S.CTAP2_ERR_UV_BLOCKED]);
    a.user.verification = 'accept';
    expect((await p.uvToken(0x01)).status).toBe(S.CTAP2_ERR_UV_BLOCKED);
    expect((await send(a, 0x01, mcParams({ options: { uv: true } }))).status).toBe(S.CTAP2_ERR_PIN_BLOCKED);
    expect(await uvRetries(a)).toBe(0);
    expect((await p.pinToken(PIN, 0x01)).status).toBe(0);
    expect(await uvRetries(a)).toBe(8);
    expect((await p.uvToken(0x01)).status).toBe(0);
  });

  it('permissions: 0 is invalid; cm, be, lbw and acfg need their features; missing members are reported', async () => {
    const a = new VirtualAuthenticator({ preset: presetWithOptions('generic', { credMgmt: undefined, largeBlobs: undefined, uvBioEnroll: undefined, uvAcfg: undefined }) });
    const p = new PinPlatform(a, version);
    expect((await p.uvToken(0)).status).toBe(S.CTAP1_ERR_INVALID_PARAMETER);
    for (const bit of [0x04, 0x08, 0x10, 0x20]) expect((await p.uvToken(bit)).status).toBe(S.CTAP2_ERR_UNAUTHORIZED_PERMISSION);
    expect((await clientPin(a, { 1: version, 2: 0x06, 9: 0x01 })).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
    expect(await uvRetries(a)).toBe(8);
  });
});

describe('VirtualAuthenticator.setPin', () => {
  it('sets the PIN as setPIN would (policy, retries, getInfo) and replaces one, invalidating tokens', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    a.setPin('ＡＢＣＤ'); // NFC-normalized, four code points
    expect((await infoOptions(a)).get('clientPin')).toBe(true);
    const p = new PinPlatform(a);
    const token = await p.token('ＡＢＣＤ', 0x01);
    a.setPin('5678');
    const h = cdh();
    expect((await send(a, 0x01, mcParams({ clientDataHash: h, param: p.param(token, h), protocol: 2 }))).status).toBe(S.CTAP2_ERR_PIN_AUTH_INVALID);
    expect((await p.pinToken('5678', 0x01)).status).toBe(0);
  });

  it('throws PinError for a bad PIN or a model without clientPin', () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    expect(() => a.setPin('123')).toThrow(PinError);
    expect(() => a.setPin('x'.repeat(64))).toThrow(expect.objectContaining({ code: 'ERR_PIN_POLICY' }));
    expect(() => new VirtualAuthenticator({ preset: 'icloud-keychain' }).setPin('1234')).toThrow(expect.objectContaining({ code: 'ERR_PIN_UNSUPPORTED' }));
    expect(a.pinRetries).toBe(8);
  });
});
