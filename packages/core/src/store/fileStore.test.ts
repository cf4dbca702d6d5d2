import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCredentialStore, STORE_FORMAT } from './fileStore.js';
import { MemoryCredentialStore } from './memoryStore.js';
import type { StoredCredential } from './types.js';
import { createKeyPair, pkcs8Of } from '../crypto/keyPair.js';

const dir = () => mkdtempSync(join(tmpdir(), 'vfido-store-'));
const cred = (n: number, rpId = 'example.com'): StoredCredential => ({
  id: Uint8Array.of(n, n, n),
  rpId,
  userHandle: Uint8Array.of(n),
  userName: `user${n}`,
  alg: -7,
  privateKey: pkcs8Of(createKeyPair(-7, 'store-test', String(n))),
  signCount: n,
  discoverable: true,
  backupEligible: false,
  backupState: false,
  createdAt: 1_700_000_000_000 + n,
});

describe('MemoryCredentialStore', () => {
  it('indexes by id and rp, lists newest first, replaces by id', () => {
    const s = new MemoryCredentialStore([cred(1), cred(2), cred(3, 'other.com')]);
    expect(s.list({ rpId: 'example.com' }).map((c) => c.userName)).toEqual(['user2', 'user1']);
    s.put({ ...cred(1, 'other.com'), userName: 'moved' });
    expect(s.list({ rpId: 'example.com' }).map((c) => c.userName)).toEqual(['user2']);
    expect(s.get(Uint8Array.of(1, 1, 1))?.userName).toBe('moved');
    expect(s.delete(Uint8Array.of(1, 1, 1))).toBe(true);
    expect(s.delete(Uint8Array.of(1, 1, 1))).toBe(false);
  });
});

describe('FileCredentialStore', () => {
  it('persists credentials and counters across instances, leaving no temp files', () => {
    const d = dir();
    const path = join(d, 'store.json');
    const a = new FileCredentialStore(path);
    a.put(cred(1));
    a.put(cred(2));
    a.setSignCount(Uint8Array.of(1, 1, 1), 41);
    a.setCounter('global', 7);
    const b = new FileCredentialStore(path);
    expect(b.list().map((c) => c.signCount)).toEqual([2, 41]);
    expect(b.counter('global')).toBe(7);
    expect(Buffer.from(b.get(Uint8Array.of(2, 2, 2))!.privateKey)).toEqual(Buffer.from(cred(2).privateKey));
    expect(readdirSync(d)).toEqual(['store.json']);
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe(STORE_FORMAT);
  });

  it('refuses a corrupt or foreign file with a typed error and does not overwrite it', () => {
    const path = join(dir(), 'store.json');
    writeFileSync(path, '{"format": "vfido-credential-store", "version": 1, "credentials": [');
    expect(() => new FileCredentialStore(path)).toThrow(expect.objectContaining({ code: 'ERR_STORE_CORRUPT' }));
    writeFileSync(path, JSON.stringify({ hello: 1 }));
    expect(() => new FileCredentialStore(path)).toThrow(expect.objectContaining({ code: 'ERR_STORE_CORRUPT' }));
    writeFileSync(path, JSON.stringify({ format: STORE_FORMAT, version: 99, credentials: [] }));
    expect(() => new FileCredentialStore(path)).toThrow(expect.objectContaining({ code: 'ERR_STORE_VERSION' }));
    writeFileSync(path, JSON.stringify({ format: STORE_FORMAT, version: 1, credentials: [{ id: '!!', rpId: 'x', alg: -7, privateKey: '' }] }));
    expect(() => new FileCredentialStore(path)).toThrow(expect.objectContaining({ code: 'ERR_CREDENTIAL_INVALID' }));
    expect(readFileSync(path, 'utf8')).toContain('"!!"');
  });

  it('reports an unwritable location as ERR_STORE_IO', () => {
    const s = new FileCredentialStore(join(dir(), 'missing-dir', 'store.json'));
    expect(() => s.put(cred(1))).toThrow(expect.objectContaining({ code: 'ERR_STORE_IO' }));
  });
});
