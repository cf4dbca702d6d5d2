/**
 * authenticatorGetAssertion (CTAP 2.1 6.2): the exact response layout, the signature, and the
 * newest-first account order as the credential store changes between calls.
 */
import { createHash, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborMap, type CborValue } from '../../cbor/index.js';
import { parseAuthenticatorData } from '../../authData/index.js';
import { coseKeyToSpki } from '../../cose/index.js';
import { MemoryCredentialStore } from '../../store/memoryStore.js';
import { FileCredentialStore } from '../../store/fileStore.js';
import type { CredentialStore, StoredCredential } from '../../store/types.js';
import { VirtualAuthenticator } from '../../virtualAuthenticator.js';
import { CtapStatus } from '../status.js';

const RP = 'example.com';

async function call(a: VirtualAuthenticator, cmd: number, params?: Map<number, CborValue>): Promise<{ status: number; body?: CborMap; raw: Uint8Array }> {
  const out = await a.handle(Uint8Array.of(cmd, ...(params ? encodeCbor(params) : [])));
  return { status: out[0]!, raw: out, ...(out.length > 1 && { body: decodeCbor(out.subarray(1)) as CborMap }) };
}

/** Register a discoverable credential for user `u` (one byte handle); returns the credential public key (COSE). */
async function register(a: VirtualAuthenticator, u: number, name = `user${u}`): Promise<Uint8Array> {
  const made = await call(a, 0x01, new Map<number, CborValue>([
    [1, new Uint8Array(randomBytes(32))],
    [2, new Map([['id', RP]])],
    [3, new Map<string, CborValue>([['id', Uint8Array.of(u)], ['name', name], ['displayName', name.toUpperCase()]])],
    [4, [new Map<string, CborValue>([['alg', -7], ['type', 'public-key']])]],
    // Models that verify users themselves need UV for a discoverable credential (CTAP 2.1 6.1.2 step 7).
    [7, new Map<string, boolean>([['rk', true], ...(a.preset.getInfo.options?.uv ? [['uv', true] as [string, boolean]] : [])])],
  ]));
  expect(made.status).toBe(0);
  return parseAuthenticatorData(made.body!.get(2) as Uint8Array).attestedCredentialData!.credentialPublicKey;
}

const assertion = (extra: [number, CborValue][] = [], clientDataHash = new Uint8Array(randomBytes(32))) =>
  new Map<number, CborValue>([[1, RP], [2, clientDataHash], ...extra]);

/** User handles (first byte) of every account one getAssertion + getNextAssertion round hands out. */
async function accountOrder(a: VirtualAuthenticator): Promise<number[]> {
  const first = await call(a, 0x02, assertion());
  if (first.status !== 0) return [];
  const all = [first];
  for (let i = 1; i < ((first.body!.get(5) as number | undefined) ?? 1); i++) all.push(await call(a, 0x08));
  return all.map((r) => ((r.body!.get(4) as CborMap).get('id') as Uint8Array)[0]!);
}

describe('authenticatorGetAssertion response', () => {
  it('is exactly {1: {id, type}, 2: authData, 3: signature, 4: {id}} in canonical CBOR, signed over authData || clientDataHash', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const coseKey = await register(a, 7);
    const clientDataHash = new Uint8Array(randomBytes(32));
    const got = await call(a, 0x02, assertion([], clientDataHash));
    expect(got.status).toBe(0);
    const stored = a.credentials()[0]!;
    const authData = got.body!.get(2) as Uint8Array;
    const signature = got.body!.get(3) as Uint8Array;
    const expected = encodeCbor(new Map<number, CborValue>([
      [1, new Map<string, CborValue>([['id', stored.id], ['type', 'public-key']])],
      [2, authData],
      [3, signature],
      [4, new Map([['id', Uint8Array.of(7)]])], // no name/displayName without user verification
    ]));
    expect(Buffer.from(got.raw.subarray(1)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    const parsed = parseAuthenticatorData(authData);
    expect(Buffer.from(parsed.rpIdHash)).toEqual(createHash('sha256').update(RP).digest());
    expect(parsed.flags.up).toBe(true);
    expect(parsed.signCount).toBe(stored.signCount);
    const spki = { key: Buffer.from(coseKeyToSpki(coseKey)), format: 'der', type: 'spki' } as const;
    expect(verify('sha256', Buffer.concat([authData, clientDataHash]), spki, signature)).toBe(true);
  });

  it('adds name and displayName after user verification', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' }); // built-in UV: options.uv is valid
    await register(a, 1, 'ada');
    const got = await call(a, 0x02, assertion([[5, new Map([['uv', true]])]]));
    expect(got.status).toBe(0);
    expect(Object.fromEntries(got.body!.get(4) as CborMap)).toEqual({ id: Uint8Array.of(1), name: 'ada', displayName: 'ADA' });
  });

  it('counts signatures in the store, for in-memory and file stores alike', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vfido-ga-')), 'store.json');
    for (const store of [new MemoryCredentialStore(), new FileCredentialStore(path)] as CredentialStore[]) {
      const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', store });
      await register(a, 1);
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) counts.push(parseAuthenticatorData((await call(a, 0x02, assertion())).body!.get(2) as Uint8Array).signCount);
      expect(counts).toEqual([counts[0], counts[0]! + 1, counts[0]! + 2]);
      expect(store.list()[0]!.signCount).toBe(counts[2]);
      if (store instanceof FileCredentialStore) {
        expect(JSON.parse(readFileSync(path, 'utf8')).credentials[0].signCount).toBe(counts[2]);
      }
    }
  });
});

describe('account order (CTAP 2.1 6.2.2 step 11: newest first)', () => {
  it('follows every change to the store between assertions', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    for (const u of [1, 2, 3]) await register(a, u);
    const byUser = (u: number): StoredCredential => a.credentials().find((c) => c.userHandle?.[0] === u)!;
    const t = byUser(1).createdAt;
    // make creation times distinct whatever the clock did
    for (const u of [1, 2, 3]) a.addCredential({ ...byUser(u), createdAt: t + u * 10 });
    expect(await accountOrder(a)).toEqual([3, 2, 1]);

    expect(a.removeCredential(byUser(3).id)).toBe(true);
    expect(await accountOrder(a)).toEqual([2, 1]);

    a.addCredential({ ...byUser(1), createdAt: t + 100 }); // replace (same id): now the newest
    expect(await accountOrder(a)).toEqual([1, 2]);

    byUser(2).createdAt = t + 200; // a live record changed in place
    expect(await accountOrder(a)).toEqual([2, 1]);

    a.addCredential({ ...byUser(2), id: new Uint8Array(randomBytes(16)), userHandle: Uint8Array.of(4), createdAt: t + 150 });
    expect(await accountOrder(a)).toEqual([2, 4, 1]);
    expect(a.credentials({ rpId: 'other.example' })).toEqual([]);
  });

  it('keeps registration order for equal creation times, and hands out copies of the list', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    for (const u of [1, 2, 3]) await register(a, u);
    const t = a.credentials()[0]!.createdAt;
    for (const c of a.credentials()) a.addCredential({ ...c, createdAt: t });
    const listed = a.credentials({ rpId: RP });
    expect(listed.map((c) => c.userHandle![0])).toEqual([1, 2, 3]); // a stable sort keeps insertion order
    listed.reverse();
    expect(a.credentials({ rpId: RP }).map((c) => c.userHandle![0])).toEqual([1, 2, 3]);
    expect(await accountOrder(a)).toEqual([1, 2, 3]);
  });
});

describe('one request at a time', () => {
  it('holds later requests while the account chooser is open, and answers in arrival order', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    for (const u of [1, 2]) await register(a, u);
    const events: string[] = [];
    a.user.chooseAccount = async (accounts) => {
      events.push('chooser open');
      await new Promise((r) => setTimeout(r, 20));
      events.push('chooser closed');
      return accounts.findIndex((x) => x.userHandle?.[0] === 1);
    };
    const chosen = call(a, 0x02, assertion()).then((r) => (events.push('getAssertion'), r));
    const info = call(a, 0x04).then((r) => (events.push('getInfo'), r));
    const [got, gotInfo] = await Promise.all([chosen, info]);
    expect(events).toEqual(['chooser open', 'chooser closed', 'getAssertion', 'getInfo']);
    expect(got.body!.get(6)).toBe(true);
    expect(gotInfo.status).toBe(0);
  });

  it('starts a request after the caller`s synchronous code, so a script set right after handle() applies to it', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    await register(a, 1);
    const pending = call(a, 0x02, assertion());
    a.user.once({ presence: 'refuse' });
    expect((await pending).status).toBe(CtapStatus.CTAP2_ERR_OPERATION_DENIED);
  });
});
