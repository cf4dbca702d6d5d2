import { describe, expect, it, vi, afterEach } from 'vitest';
import { createHash, verify, randomBytes } from 'node:crypto';
import { decodeCbor, encodeCbor } from '../cbor/index.js';
import type { CborMap, CborValue } from '../cbor/types.js';
import { parseAuthenticatorData } from '../authData/index.js';
import { parseCoseKey } from '../cose/index.js';
import { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { CtapStatus } from './status.js';

const S = CtapStatus;
const cdh = () => new Uint8Array(randomBytes(32));

function req(cmd: number, params?: Map<number, CborValue>): Uint8Array {
  const body = params ? encodeCbor(params) : new Uint8Array(0);
  return Uint8Array.of(cmd, ...body);
}

async function call(a: VirtualAuthenticator, cmd: number, params?: Map<number, CborValue>): Promise<{ status: number; body?: CborMap }> {
  const out = await a.handle(req(cmd, params));
  return { status: out[0]!, ...(out.length > 1 && { body: decodeCbor(out.subarray(1)) as CborMap }) };
}

function mc(overrides: Record<number, CborValue | undefined> = {}, user = Uint8Array.of(1, 2, 3)): Map<number, CborValue> {
  const m = new Map<number, CborValue>([
    [1, cdh()],
    [2, new Map([['id', 'example.com'], ['name', 'Example']])],
    [3, new Map<string, CborValue>([['id', user], ['name', 'ada'], ['displayName', 'Ada']])],
    [4, [new Map<string, CborValue>([['alg', -7], ['type', 'public-key']])]],
  ]);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) m.delete(Number(k));
    else m.set(Number(k), v);
  }
  return m;
}

const ga = (extra: Record<number, CborValue> = {}) =>
  new Map<number, CborValue>([[1, 'example.com'], [2, cdh()], ...Object.entries(extra).map(([k, v]) => [Number(k), v] as [number, CborValue])]);

afterEach(() => vi.restoreAllMocks());

describe('CTAP2 framing', () => {
  const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
  it('rejects an empty request with CTAP1_ERR_INVALID_LENGTH', async () => {
    expect((await a.handle(new Uint8Array(0)))[0]).toBe(S.CTAP1_ERR_INVALID_LENGTH);
  });
  it('rejects an unknown command with CTAP1_ERR_INVALID_COMMAND', async () => {
    expect((await a.handle(Uint8Array.of(0x42)))[0]).toBe(S.CTAP1_ERR_INVALID_COMMAND);
  });
  it('turns malformed CBOR into CTAP2_ERR_INVALID_CBOR', async () => {
    for (const body of [[0xa1], [0xa1, 0x01], [0x5f, 0x41, 0x00, 0xff], [0xbf, 0x01, 0x02, 0xff], [0x1c], [0xa1, 0x01, 0x02, 0x03]]) {
      expect((await a.handle(Uint8Array.of(0x01, ...body)))[0], JSON.stringify(body)).toBe(S.CTAP2_ERR_INVALID_CBOR);
    }
  });
  it('rejects a non-map request body or text keys with CTAP2_ERR_CBOR_UNEXPECTED_TYPE', async () => {
    expect((await a.handle(Uint8Array.of(0x01, ...encodeCbor([1, 2]))))[0]).toBe(S.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    expect((await a.handle(Uint8Array.of(0x01, ...encodeCbor(new Map([['a', 1]])))))[0]).toBe(S.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });
  it('rejects a request above maxMsgSize with CTAP2_ERR_REQUEST_TOO_LARGE', async () => {
    const big = mc({ 1: new Uint8Array(5000) });
    expect((await call(a, 0x01, big)).status).toBe(S.CTAP2_ERR_REQUEST_TOO_LARGE);
  });
});

describe('authenticatorGetInfo', () => {
  it('reports the preset AAGUID, versions and algorithms', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const { status, body } = await call(a, 0x04);
    expect(status).toBe(0);
    expect(Buffer.from(body!.get(3) as Uint8Array).toString('hex')).toBe(a.preset.aaguid.replace(/-/g, ''));
    expect(body!.get(1)).toEqual(a.preset.getInfo.versions);
    expect(((body!.get(0x0a) as CborMap[]) ?? []).map((m) => m.get('alg'))).toEqual(a.preset.getInfo.algorithms ?? a.preset.algorithms);
  });

  it('reports the live clientPin state: false until a PIN is set', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    expect(a.preset.getInfo.options?.clientPin).toBe(true);
    const { body } = await call(a, 0x04);
    const options = body!.get(4) as Map<string, boolean>;
    expect(options.get('clientPin')).toBe(false);
    expect(body!.get(6)).toEqual([2, 1]); // pinUvAuthProtocols
  });
});

describe('authenticatorMakeCredential', () => {
  it('creates a credential whose attested key signs later assertions', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const made = await call(a, 0x01, mc({ 7: new Map([['rk', true]]) }));
    expect(made.status).toBe(0);
    const authData = parseAuthenticatorData(made.body!.get(2) as Uint8Array);
    expect(authData.flags.at).toBe(true);
    expect(Buffer.from(authData.rpIdHash)).toEqual(createHash('sha256').update('example.com').digest());
    const { publicKey } = parseCoseKey(authData.attestedCredentialData!.credentialPublicKey);
    const clientDataHash = cdh();
    const got = await call(a, 0x02, ga({ 2: clientDataHash }));
    expect(got.status).toBe(0);
    const signed = Buffer.concat([got.body!.get(2) as Uint8Array, clientDataHash]);
    expect(verify('sha256', signed, publicKey, got.body!.get(3) as Uint8Array)).toBe(true);
  });

  it.each([
    ['clientDataHash', 1],
    ['rp', 2],
    ['user', 3],
    ['pubKeyCredParams', 4],
  ])('returns CTAP2_ERR_MISSING_PARAMETER without %s', async (_name, key) => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    expect((await call(a, 0x01, mc({ [key]: undefined }))).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
  });

  it('returns CTAP2_ERR_CBOR_UNEXPECTED_TYPE for wrongly typed members', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    expect((await call(a, 0x01, mc({ 1: 'not bytes' }))).status).toBe(S.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    expect((await call(a, 0x01, mc({ 2: new Map([['id', 7]]) }))).status).toBe(S.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    expect((await call(a, 0x01, mc({ 7: new Map([['rk', 1]]) }))).status).toBe(S.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });

  it('returns CTAP2_ERR_UNSUPPORTED_ALGORITHM when no requested algorithm is supported', async () => {
    const a = new VirtualAuthenticator({ preset: 'windows-hello-hardware' });
    const params = mc({ 4: [new Map<string, CborValue>([['alg', -8], ['type', 'public-key']])] });
    expect((await call(a, 0x01, params)).status).toBe(S.CTAP2_ERR_UNSUPPORTED_ALGORITHM);
  });

  it('returns CTAP2_ERR_CREDENTIAL_EXCLUDED for a credential in excludeList, after user presence', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    await call(a, 0x01, mc());
    const existing = a.credentials()[0]!;
    const exclude = [new Map<string, CborValue>([['id', existing.id], ['type', 'public-key']])];
    expect((await call(a, 0x01, mc({ 5: exclude }))).status).toBe(S.CTAP2_ERR_CREDENTIAL_EXCLUDED);
    a.user.once({ presence: 'refuse' });
    expect((await call(a, 0x01, mc({ 5: exclude }))).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
    expect(a.credentials()).toHaveLength(1);
  });

  it('rejects options.up=false with CTAP2_ERR_INVALID_OPTION', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    expect((await call(a, 0x01, mc({ 7: new Map([['up', false]]) }))).status).toBe(S.CTAP2_ERR_INVALID_OPTION);
  });

  it('maps the scripted user: refuse, timeout, failed UV', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    a.user.once({ presence: 'refuse' }).once({ presence: 'timeout' }).once({ verification: 'fail' });
    expect((await call(a, 0x01, mc())).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
    expect((await call(a, 0x01, mc())).status).toBe(S.CTAP2_ERR_USER_ACTION_TIMEOUT);
    // CTAP 2.1 6.1.2 step 11.2.3: a failed built-in UV ends makeCredential with OPERATION_DENIED.
    expect((await call(a, 0x01, mc({ 7: new Map([['uv', true]]) }))).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
    expect(a.credentials()).toHaveLength(0);
    a.user.presence = 'timeout';
    expect((await call(a, 0x01, mc())).status).toBe(S.CTAP2_ERR_USER_ACTION_TIMEOUT);
  });

  it('answers the zero-length pinUvAuthParam probe with CTAP2_ERR_PIN_NOT_SET', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    expect((await call(a, 0x01, mc({ 8: new Uint8Array(0) }))).status).toBe(S.CTAP2_ERR_PIN_NOT_SET);
    expect((await call(a, 0x01, mc({ 8: new Uint8Array(16) }))).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
  });

  it('replaces a discoverable credential for the same rp and user, keeps other accounts', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    // generic verifies users itself: a discoverable credential needs UV (CTAP 2.1 6.1.2 step 7, makeCredUvNotRqd).
    const rk = new Map([['rk', true], ['uv', true]]);
    await call(a, 0x01, mc({ 7: rk }, Uint8Array.of(1)));
    await call(a, 0x01, mc({ 7: rk }, Uint8Array.of(1)));
    await call(a, 0x01, mc({ 7: rk }, Uint8Array.of(2)));
    expect(a.credentials({ rpId: 'example.com' }).filter((c) => c.discoverable)).toHaveLength(2);
  });
});

describe('authenticatorGetAssertion / GetNextAssertion', () => {
  it('returns CTAP2_ERR_NO_CREDENTIALS when nothing matches', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    expect((await call(a, 0x02, ga())).status).toBe(S.CTAP2_ERR_NO_CREDENTIALS);
    const allow = [new Map<string, CborValue>([['id', Uint8Array.of(9, 9)], ['type', 'public-key']])];
    expect((await call(a, 0x02, ga({ 3: allow }))).status).toBe(S.CTAP2_ERR_NO_CREDENTIALS);
  });

  it('rejects options.rk with CTAP2_ERR_UNSUPPORTED_OPTION and a missing rpId with MISSING_PARAMETER', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    expect((await call(a, 0x02, ga({ 5: new Map([['rk', true]]) }))).status).toBe(S.CTAP2_ERR_UNSUPPORTED_OPTION);
    expect((await call(a, 0x02, new Map([[2, cdh()]]))).status).toBe(S.CTAP2_ERR_MISSING_PARAMETER);
  });

  it('hands out several accounts with numberOfCredentials and getNextAssertion, newest first', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    const rk = new Map([['rk', true], ['uv', true]]);
    for (const u of [1, 2, 3]) {
      await call(a, 0x01, mc({ 7: rk }, Uint8Array.of(u)));
      await new Promise((r) => setTimeout(r, 2));
    }
    const first = await call(a, 0x02, ga());
    expect(first.body!.get(5)).toBe(3);
    const users = [first];
    users.push(await call(a, 0x08), await call(a, 0x08));
    expect(users.map((r) => ((r.body!.get(4) as CborMap).get('id') as Uint8Array)[0])).toEqual([3, 2, 1]);
    expect((await call(a, 0x08)).status).toBe(S.CTAP2_ERR_NOT_ALLOWED);
  });

  it('lets a chooser pick the account (userSelected)', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    const rk = new Map([['rk', true], ['uv', true]]);
    for (const u of [1, 2]) await call(a, 0x01, mc({ 7: rk }, Uint8Array.of(u)));
    a.user.chooseAccount = (accounts) => accounts.findIndex((x) => x.userHandle?.[0] === 1);
    const got = await call(a, 0x02, ga());
    expect(got.body!.get(6)).toBe(true);
    expect(((got.body!.get(4) as CborMap).get('id') as Uint8Array)[0]).toBe(1);
    expect(got.body!.has(5)).toBe(false);
  });

  it('returns CTAP2_ERR_NOT_ALLOWED for getNextAssertion without a pending getAssertion', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    expect((await call(a, 0x08)).status).toBe(S.CTAP2_ERR_NOT_ALLOWED);
  });

  it('makes silent assertions (up=false) without the UP flag', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    await call(a, 0x01, mc({ 7: new Map([['rk', true], ['uv', true]]) }));
    const got = await call(a, 0x02, ga({ 5: new Map([['up', false]]) }));
    expect(parseAuthenticatorData(got.body!.get(2) as Uint8Array).flags.up).toBe(false);
  });
});

describe('authenticatorReset and authenticatorSelection', () => {
  it('resets only within 10 s of power-up and with user presence', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    await call(a, 0x01, mc({ 7: new Map([['rk', true], ['uv', true]]) }));
    const start = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(start + 11_000);
    expect((await call(a, 0x07)).status).toBe(S.CTAP2_ERR_NOT_ALLOWED);
    a.powerCycle();
    a.user.once({ presence: 'refuse' });
    expect((await call(a, 0x07)).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
    expect(a.credentials()).toHaveLength(1);
    expect((await call(a, 0x07)).status).toBe(0);
    expect(a.credentials()).toHaveLength(0);
  });

  it('answers selection with OK on a touch and OPERATION_DENIED / USER_ACTION_TIMEOUT otherwise', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    expect((await call(a, 0x0b)).status).toBe(0);
    a.user.once({ presence: 'refuse' }).once({ presence: 'timeout' });
    expect((await call(a, 0x0b)).status).toBe(S.CTAP2_ERR_OPERATION_DENIED);
    expect((await call(a, 0x0b)).status).toBe(S.CTAP2_ERR_USER_ACTION_TIMEOUT);
  });
});

describe('canonical output', () => {
  it('every response body is CTAP2 canonical CBOR (decode -> encode is the identity)', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    for (const r of [req(0x04), req(0x01, mc({ 7: new Map([['rk', true]]) })), req(0x02, ga())]) {
      const out = await a.handle(r);
      expect(out[0]).toBe(0);
      const body = out.subarray(1);
      expect(Buffer.from(encodeCbor(decodeCbor(body)))).toEqual(Buffer.from(body));
    }
  });
});
