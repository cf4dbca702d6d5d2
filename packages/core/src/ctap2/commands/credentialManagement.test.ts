/**
 * authenticatorCredentialManagement (CTAP 2.1 6.8) and its 2.1-PRE prototype 0x41 (6.13): every
 * subcommand, the pinUvAuthParam / cm permission / RP ID binding rules, the enumeration state and
 * every error path. Tokens are issued directly (beginUsingPinUvAuthToken) and MACed as a platform does.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeCbor, type CborMap, type CborValue } from '../../cbor/index.js';
import { coseKeyToSpki } from '../../cose/index.js';
import { getPreset } from '../../presets/index.js';
import type { AuthenticatorState } from '../command.js';
import { Permission } from '../pinUv/pinUvAuthToken.js';
import { CtapStatus } from '../status.js';
import { issueToken, mgmtState, send, sha256, storeCredential, type IssuedToken } from '../../../test-utils/managementHarness.js';
import { DEFAULT_RESIDENT_CAPACITY } from './credentialManagement.js';
import { ENUMERATION_WINDOW_MS } from './managementState.js';

const CM = 0x0a;
const PRE = 0x41;

/** A credentialManagement request; authenticated with `token` unless it is undefined. */
function request(sub: number, params: CborMap | undefined, token: IssuedToken | undefined): Map<number, CborValue> {
  const m = new Map<number, CborValue>([[1, sub]]);
  if (params) m.set(2, params);
  if (token) {
    const encoded = params ? encodeCbor(params) : new Uint8Array(0);
    m.set(3, token.protocol);
    m.set(4, token.mac(Uint8Array.of(sub, ...encoded)));
  }
  return m;
}

const cm = (state: AuthenticatorState, sub: number, params: CborMap | undefined, token: IssuedToken | undefined, command = CM) =>
  send(state, command, request(sub, params, token));

const rpHashParams = (rpId: string): CborMap => new Map([[1, sha256(rpId)]]);
const credParams = (id: Uint8Array, user?: Map<string, CborValue>): CborMap => {
  const m: CborMap = new Map<number, CborValue>([[2, new Map<string, CborValue>([['id', id], ['type', 'public-key']])]]);
  if (user) m.set(3, user);
  return m;
};

/** yubikey-5-nfc with: example.com (2 discoverable + 1 server-side), other.org (1), third.net (1). */
type Ids = Record<'ada' | 'bob' | 'server' | 'org' | 'net', Uint8Array>;

function populated(): { state: AuthenticatorState; ids: Ids } {
  const state = mgmtState('yubikey-5-nfc');
  const t = Date.now();
  const ids = {
    ada: storeCredential(state, { rpId: 'example.com', rpName: 'Example', user: 1, name: 'ada', displayName: 'Ada L', createdAt: t - 5000 }).id,
    bob: storeCredential(state, { rpId: 'example.com', user: 2, name: 'bob', credProtect: 3, largeBlobKey: new Uint8Array(32).fill(9), createdAt: t - 4000 }).id,
    server: storeCredential(state, { rpId: 'example.com', user: 3, discoverable: false, createdAt: t - 3000 }).id,
    org: storeCredential(state, { rpId: 'other.org', user: 4, name: 'cy', createdAt: t - 2000 }).id,
    net: storeCredential(state, { rpId: 'third.net', user: 5, createdAt: t - 1000 }).id,
  };
  return { state, ids };
}

afterEach(() => vi.restoreAllMocks());

describe('which command bytes a preset answers', () => {
  it('0x0a needs getInfo credMgmt, 0x41 needs credentialMgmtPreview: CTAP1_ERR_INVALID_COMMAND otherwise', async () => {
    const generic = mgmtState('generic');
    expect((await cm(generic, 1, undefined, issueToken(generic, Permission.cm))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_COMMAND);
    expect((await cm(generic, 1, undefined, issueToken(generic, Permission.cm), PRE)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_COMMAND);
    const preview = mgmtState('yubikey-5c'); // FIDO_2_1_PRE: credentialMgmtPreview only
    expect((await cm(preview, 1, undefined, issueToken(preview, Permission.cm))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_COMMAND);
    const ok = await cm(preview, 1, undefined, issueToken(preview, Permission.cm), PRE);
    expect(ok.status).toBe(CtapStatus.CTAP2_OK);
    expect(ok.body).toEqual(new Map([[1, 0], [2, 25]]));
  });

  it('0x41 on a 2.1-PRE model (no pinUvAuthToken) takes a getPinToken token (mc, ga: 6.13 predates permissions); a 2.1 model still wants cm', async () => {
    const preview = mgmtState('yubikey-5c');
    const legacy = issueToken(preview, Permission.mc | Permission.ga);
    expect((await cm(preview, 1, undefined, legacy, PRE)).status).toBe(CtapStatus.CTAP2_OK);
    const bad = request(1, undefined, legacy);
    (bad.get(4) as Uint8Array)[0]! ^= 1;
    expect((await send(preview, PRE, bad)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    const full = mgmtState('yubikey-5-nfc');
    expect((await cm(full, 1, undefined, issueToken(full, Permission.mc | Permission.ga), PRE)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('yubikey-5-nfc declares both and answers both', async () => {
    const { state } = populated();
    for (const command of [CM, PRE]) {
      const out = await cm(state, 1, undefined, issueToken(state, Permission.cm), command);
      expect(out.body).toEqual(new Map([[1, 4], [2, 96]]));
    }
  });
});

describe('request validation', () => {
  it('subCommand missing: CTAP2_ERR_MISSING_PARAMETER; unknown: CTAP2_ERR_INVALID_SUBCOMMAND', async () => {
    const state = mgmtState('yubikey-5-nfc');
    expect((await send(state, CM, new Map([[3, 2]]))).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
    for (const sub of [0, 8, 0xff]) {
      const out = await cm(state, sub, undefined, issueToken(state, Permission.cm));
      expect(out.status).toBe(CtapStatus.CTAP2_ERR_INVALID_SUBCOMMAND);
    }
    expect((await send(state, CM, new Map([[1, 'one']]))).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    expect((await send(state, CM, new Map<number, CborValue>([[1, 4], [2, [1]]]))).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });

  it('updateUserInformation (0x07) is not part of the 0x41 prototype', async () => {
    const { state, ids } = populated();
    const out = await cm(state, 7, credParams(ids.ada, new Map<string, CborValue>([['id', Uint8Array.of(1)], ['name', 'x']])), issueToken(state, Permission.cm), PRE);
    expect(out.status).toBe(CtapStatus.CTAP2_ERR_INVALID_SUBCOMMAND);
  });
});

describe('pinUvAuthParam (every authenticated subcommand)', () => {
  const authenticated: [string, number, (ids: Ids) => CborMap | undefined][] = [
    ['getCredsMetadata', 1, () => undefined],
    ['enumerateRPsBegin', 2, () => undefined],
    ['enumerateCredentialsBegin', 4, () => rpHashParams('example.com')],
    ['deleteCredential', 6, (ids) => credParams(ids.ada!)],
    ['updateUserInformation', 7, (ids) => credParams(ids.ada!, new Map<string, CborValue>([['id', Uint8Array.of(1)], ['name', 'n']]))],
  ];

  for (const [name, sub, params] of authenticated) {
    it(`${name}: PUAT_REQUIRED, MISSING_PARAMETER, INVALID_PARAMETER, PIN_AUTH_INVALID (MAC, permission, protocol)`, async () => {
      const { state, ids } = populated();
      const p = params(ids);
      const token = issueToken(state, Permission.cm);
      expect((await cm(state, sub, p, undefined)).status).toBe(CtapStatus.CTAP2_ERR_PUAT_REQUIRED);
      const noProtocol = request(sub, p, token);
      noProtocol.delete(3);
      expect((await send(state, CM, noProtocol)).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
      const badProtocol = request(sub, p, token);
      badProtocol.set(3, 3);
      expect((await send(state, CM, badProtocol)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
      const badMac = request(sub, p, token);
      (badMac.get(4) as Uint8Array)[0]! ^= 1;
      expect((await send(state, CM, badMac)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
      // A MAC made under protocol one with a protocol-two token.
      const otherProtocol = request(sub, p, token);
      otherProtocol.set(3, 1);
      expect((await send(state, CM, otherProtocol)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
      const noCm = issueToken(state, Permission.mc | Permission.ga | Permission.lbw | Permission.acfg);
      expect((await cm(state, sub, p, noCm)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
      expect(state.store.list().length).toBe(5); // nothing deleted or changed on any failure
      expect(state.store.get(ids.ada!)!.userName).toBe('ada');
    });
  }

  it('a protocol the model does not offer is CTAP1_ERR_INVALID_PARAMETER (feitian: protocol 1 only)', async () => {
    const state = mgmtState('feitian');
    expect((await cm(state, 1, undefined, issueToken(state, Permission.cm, { protocol: 2 }), PRE)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    const ok = await cm(state, 1, undefined, issueToken(state, Permission.cm, { protocol: 1 }), PRE);
    expect(ok.body).toEqual(new Map([[1, 0], [2, DEFAULT_RESIDENT_CAPACITY]]));
  });

  it('the MAC covers subCommandParams: params changed after MACing fail', async () => {
    const { state } = populated();
    const token = issueToken(state, Permission.cm);
    const req = request(4, rpHashParams('example.com'), token);
    req.set(2, rpHashParams('other.org'));
    expect((await send(state, CM, req)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('a token with a permissions RP ID cannot read metadata or enumerate RPs (6.8.2 / 6.8.3)', async () => {
    const { state } = populated();
    const bound = issueToken(state, Permission.cm, { rpId: 'example.com' });
    expect((await cm(state, 1, undefined, bound)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    expect((await cm(state, 2, undefined, bound)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('using the token does not bind it to an RP nor consume its permission', async () => {
    const { state } = populated();
    const token = issueToken(state, Permission.cm);
    expect((await cm(state, 4, rpHashParams('other.org'), token)).status).toBe(CtapStatus.CTAP2_OK);
    expect(state.pinUv.tokenState.rpId).toBeUndefined();
    expect((await cm(state, 1, undefined, token)).status).toBe(CtapStatus.CTAP2_OK);
    expect(state.pinUv.tokenState.permissions).toBe(Permission.cm);
  });
});

describe('getCredsMetadata (6.8.2)', () => {
  it('counts discoverable credentials only; remaining = capacity - used', async () => {
    const { state } = populated();
    const out = await cm(state, 1, undefined, issueToken(state, Permission.cm));
    expect(out.status).toBe(CtapStatus.CTAP2_OK);
    expect(out.body).toEqual(new Map([[1, 4], [2, getPreset('yubikey-5-nfc').residentKeyCapacity! - 4]]));
  });
});

describe('enumerateRPsBegin / enumerateRPsGetNextRP (6.8.3)', () => {
  it('hands out each RP once with its rpIDHash, totalRPs on the first; GetNext needs no pinUvAuthParam', async () => {
    const { state } = populated();
    const first = await cm(state, 2, undefined, issueToken(state, Permission.cm));
    expect(first.status).toBe(CtapStatus.CTAP2_OK);
    expect([...first.body!.keys()]).toEqual([3, 4, 5]);
    expect(first.body!.get(5)).toBe(3);
    const seen = [first.body!];
    for (let i = 1; i < 3; i++) {
      const next = await cm(state, 3, undefined, undefined);
      expect(next.status).toBe(CtapStatus.CTAP2_OK);
      expect([...next.body!.keys()]).toEqual([3, 4]);
      seen.push(next.body!);
    }
    const rps = seen.map((b) => (b.get(3) as Map<string, CborValue>).get('id') as string);
    expect(rps.sort()).toEqual(['example.com', 'other.org', 'third.net']);
    for (const b of seen) {
      const rp = b.get(3) as Map<string, CborValue>;
      expect(b.get(4)).toEqual(sha256(rp.get('id') as string));
      expect(rp.get('name')).toBe(rp.get('id') === 'example.com' ? 'Example' : undefined);
    }
    // Exhausted: CTAP2_ERR_NOT_ALLOWED.
    expect((await cm(state, 3, undefined, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
  });

  it('no discoverable credential: CTAP2_ERR_NO_CREDENTIALS (server-side ones do not count)', async () => {
    const state = mgmtState('yubikey-5-nfc');
    storeCredential(state, { rpId: 'example.com', user: 1, discoverable: false });
    expect((await cm(state, 2, undefined, issueToken(state, Permission.cm))).status).toBe(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
  });

  it('GetNextRP without Begin: CTAP2_ERR_NOT_ALLOWED', async () => {
    const { state } = populated();
    expect((await cm(state, 3, undefined, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
  });

  it('any other command in between discards the enumeration', async () => {
    const { state } = populated();
    await cm(state, 2, undefined, issueToken(state, Permission.cm));
    expect((await send(state, 0x04)).status).toBe(CtapStatus.CTAP2_OK); // getInfo
    expect((await cm(state, 3, undefined, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
  });

  it('another subcommand in between discards it too, as does GetNextCredential or the other command byte', async () => {
    const { state } = populated();
    const token = issueToken(state, Permission.cm);
    await cm(state, 2, undefined, token);
    expect((await cm(state, 1, undefined, token)).status).toBe(CtapStatus.CTAP2_OK);
    expect((await cm(state, 3, undefined, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
    await cm(state, 2, undefined, token);
    expect((await cm(state, 5, undefined, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
    expect((await cm(state, 3, undefined, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
    await cm(state, 2, undefined, token);
    expect((await cm(state, 3, undefined, undefined, PRE)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
  });

  it('expires 30 s after the last step', async () => {
    const { state } = populated();
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now);
    await cm(state, 2, undefined, issueToken(state, Permission.cm, {}));
    clock.mockReturnValue(now + ENUMERATION_WINDOW_MS - 1);
    expect((await cm(state, 3, undefined, undefined)).status).toBe(CtapStatus.CTAP2_OK);
    clock.mockReturnValue(now + 2 * ENUMERATION_WINDOW_MS);
    expect((await cm(state, 3, undefined, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
  });

  it('a power cycle discards it', async () => {
    const { state } = populated();
    await cm(state, 2, undefined, issueToken(state, Permission.cm));
    state.pinUv = (await import('../pinUv/pinUvAuthToken.js')).powerUpPinUvRuntime();
    expect((await cm(state, 3, undefined, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
  });
});

describe('enumerateCredentialsBegin / GetNextCredential (6.8.4)', () => {
  it('returns user, credentialID, publicKey, totalCredentials, credProtect and largeBlobKey; discoverable only', async () => {
    const { state, ids } = populated();
    const first = await cm(state, 4, rpHashParams('example.com'), issueToken(state, Permission.cm));
    expect(first.status).toBe(CtapStatus.CTAP2_OK);
    const next = await cm(state, 5, undefined, undefined);
    expect(next.status).toBe(CtapStatus.CTAP2_OK);
    expect((await cm(state, 5, undefined, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED); // the server-side one is not listed
    expect(first.body!.get(9)).toBe(2);
    expect(next.body!.has(9)).toBe(false);
    const byUser = new Map([first.body!, next.body!].map((b) => [((b.get(6) as Map<string, CborValue>).get('id') as Uint8Array)[0], b]));
    const ada = byUser.get(1)!;
    const bob = byUser.get(2)!;
    expect(ada.get(6)).toEqual(new Map<string, CborValue>([['id', Uint8Array.of(1)], ['name', 'ada'], ['displayName', 'Ada L']]));
    expect(ada.get(7)).toEqual(new Map<string, CborValue>([['id', ids.ada!], ['type', 'public-key']]));
    expect(ada.get(10)).toBe(1); // no credProtect requested: userVerificationOptional
    expect(ada.has(11)).toBe(false);
    expect(bob.get(6)).toEqual(new Map<string, CborValue>([['id', Uint8Array.of(2)], ['name', 'bob']]));
    expect(bob.get(10)).toBe(3);
    expect(bob.get(11)).toEqual(new Uint8Array(32).fill(9));
    // publicKey is the credential's: the same key as its stored private key.
    for (const [body, id] of [[ada, ids.ada!], [bob, ids.bob!]] as const) {
      const spki = coseKeyToSpki(encodeCbor(body.get(8) as CborMap));
      const stored = state.store.get(id)!;
      const expected = createPublicKey(createPrivateKey({ key: Buffer.from(stored.privateKey), format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
      expect(Buffer.from(spki)).toEqual(expected);
    }
  });

  it('missing subCommandParams or rpIDHash: CTAP2_ERR_MISSING_PARAMETER; unknown RP: CTAP2_ERR_NO_CREDENTIALS', async () => {
    const { state } = populated();
    const token = issueToken(state, Permission.cm);
    expect((await cm(state, 4, undefined, token)).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
    expect((await cm(state, 4, new Map([[2, 1]]), token)).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
    expect((await cm(state, 4, rpHashParams('nowhere.example'), token)).status).toBe(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
  });

  it('a token bound to the RP may enumerate it; bound to another RP: CTAP2_ERR_PIN_AUTH_INVALID', async () => {
    const { state } = populated();
    expect((await cm(state, 4, rpHashParams('other.org'), issueToken(state, Permission.cm, { rpId: 'other.org' }))).status).toBe(CtapStatus.CTAP2_OK);
    expect((await cm(state, 4, rpHashParams('other.org'), issueToken(state, Permission.cm, { rpId: 'example.com' }))).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
  });

  it('GetNextCredential without Begin, or after an RP enumeration: CTAP2_ERR_NOT_ALLOWED', async () => {
    const { state } = populated();
    expect((await cm(state, 5, undefined, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
    await cm(state, 2, undefined, issueToken(state, Permission.cm));
    expect((await cm(state, 5, undefined, undefined)).status).toBe(CtapStatus.CTAP2_ERR_NOT_ALLOWED);
  });

  it('works over the 0x41 prototype with protocol one', async () => {
    const state = mgmtState('yubikey-5c');
    storeCredential(state, { rpId: 'example.com', user: 1, name: 'ada' });
    const out = await cm(state, 4, rpHashParams('example.com'), issueToken(state, Permission.cm, { protocol: 1 }), PRE);
    expect(out.status).toBe(CtapStatus.CTAP2_OK);
    expect(out.body!.get(9)).toBe(1);
  });
});

describe('deleteCredential (6.8.5)', () => {
  it('deletes a discoverable credential', async () => {
    const { state, ids } = populated();
    const out = await cm(state, 6, credParams(ids.org!), issueToken(state, Permission.cm));
    expect(out).toMatchObject({ status: CtapStatus.CTAP2_OK, body: undefined });
    expect(state.store.get(ids.org!)).toBeUndefined();
    expect(state.store.list()).toHaveLength(4);
  });

  it('missing credentialID: MISSING_PARAMETER; unknown or server-side credential: NO_CREDENTIALS', async () => {
    const { state, ids } = populated();
    const token = issueToken(state, Permission.cm);
    expect((await cm(state, 6, undefined, token)).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
    expect((await cm(state, 6, new Map([[1, sha256('x')]]), token)).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
    expect((await cm(state, 6, credParams(new Uint8Array(16)), token)).status).toBe(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
    expect((await cm(state, 6, credParams(ids.server!), token)).status).toBe(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
    expect(state.store.list()).toHaveLength(5);
  });

  it('a token bound to another RP: CTAP2_ERR_PIN_AUTH_INVALID; bound to the credential\'s RP: deleted', async () => {
    const { state, ids } = populated();
    expect((await cm(state, 6, credParams(ids.ada!), issueToken(state, Permission.cm, { rpId: 'other.org' }))).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    expect(state.store.get(ids.ada!)).toBeDefined();
    expect((await cm(state, 6, credParams(ids.ada!), issueToken(state, Permission.cm, { rpId: 'example.com' }))).status).toBe(CtapStatus.CTAP2_OK);
    expect(state.store.get(ids.ada!)).toBeUndefined();
  });
});

describe('updateUserInformation (6.8.6)', () => {
  const user = (id: number, fields: [string, string][]): Map<string, CborValue> => new Map<string, CborValue>([['id', Uint8Array.of(id)], ...fields]);

  it('replaces name and displayName; an absent or empty member is removed; the key and the rest stay', async () => {
    const { state, ids } = populated();
    const before = state.store.get(ids.ada!)!;
    const token = issueToken(state, Permission.cm);
    expect((await cm(state, 7, credParams(ids.ada!, user(1, [['name', 'ada@new'], ['displayName', '']])), token)).status).toBe(CtapStatus.CTAP2_OK);
    const after = state.store.get(ids.ada!)!;
    expect(after.userName).toBe('ada@new');
    expect(after).not.toHaveProperty('userDisplayName');
    expect({ ...after, userName: before.userName, userDisplayName: before.userDisplayName }).toEqual(before);
    expect((await cm(state, 7, credParams(ids.ada!, user(1, [['displayName', 'Ada']])), token)).status).toBe(CtapStatus.CTAP2_OK);
    expect(state.store.get(ids.ada!)).not.toHaveProperty('userName');
    expect(state.store.get(ids.ada!)!.userDisplayName).toBe('Ada');
  });

  it('user.id of another user: CTAP1_ERR_INVALID_PARAMETER; missing user or credentialID: MISSING_PARAMETER; unknown: NO_CREDENTIALS', async () => {
    const { state, ids } = populated();
    const token = issueToken(state, Permission.cm);
    expect((await cm(state, 7, credParams(ids.ada!, user(2, [['name', 'x']])), token)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    expect((await cm(state, 7, credParams(ids.ada!), token)).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
    expect((await cm(state, 7, new Map([[3, user(1, [])]]), token)).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
    expect((await cm(state, 7, credParams(new Uint8Array(16), user(1, [])), token)).status).toBe(CtapStatus.CTAP2_ERR_NO_CREDENTIALS);
    expect(state.store.get(ids.ada!)!.userName).toBe('ada');
  });

  it('a token bound to another RP: CTAP2_ERR_PIN_AUTH_INVALID', async () => {
    const { state, ids } = populated();
    const out = await cm(state, 7, credParams(ids.org!, user(4, [['name', 'z']])), issueToken(state, Permission.cm, { rpId: 'example.com' }));
    expect(out.status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    expect(state.store.get(ids.org!)!.userName).toBe('cy');
  });
});
