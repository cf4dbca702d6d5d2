import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCredentialStore } from './fileStore.js';
import type { StoredCredential } from './types.js';

const dirs: string[] = [];
const dir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'vfido-lock-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const cred = (n: number): StoredCredential => ({
  id: Uint8Array.of(n, n),
  rpId: 'example.com',
  alg: -7,
  privateKey: new Uint8Array(32).fill(n),
  signCount: 0,
  discoverable: true,
  backupEligible: false,
  backupState: false,
  createdAt: 1_700_000_000_000 + n,
});

/** A process that is alive until killed. */
function idleProcess() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { pid: child.pid!, stop: async () => (child.kill('SIGKILL'), await exited) };
}

describe('FileCredentialStore locking', () => {
  it('fails with ERR_STORE_LOCKED while a live process holds the lock, and breaks the lock once that process is gone', async () => {
    const path = join(dir(), 'store.json');
    new FileCredentialStore(path).put(cred(1));
    const before = readFileSync(path, 'utf8');
    const holder = idleProcess();
    writeFileSync(`${path}.lock`, `vfido-lock ${hostname()} ${holder.pid} 0\n`);
    const store = new FileCredentialStore(path, { lockTimeoutMs: 150 });
    const t = Date.now();
    let error: unknown;
    try {
      store.put(cred(2));
    } catch (e) {
      error = e;
    }
    expect(Date.now() - t).toBeGreaterThanOrEqual(150);
    expect(error).toMatchObject({ code: 'ERR_STORE_LOCKED', name: 'CredentialStoreError' });
    expect((error as Error).message).toContain(`process ${holder.pid}`);
    expect((error as Error).message).toContain(`${path}.lock`);
    expect(readFileSync(path, 'utf8')).toBe(before);

    await holder.stop(); // killed while "holding" the lock: the next change breaks it
    store.put(cred(2));
    expect(new FileCredentialStore(path).list()).toHaveLength(2);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('treats an empty lock file as held while young and as abandoned when old', () => {
    const path = join(dir(), 'store.json');
    writeFileSync(`${path}.lock`, '');
    const store = new FileCredentialStore(path, { lockTimeoutMs: 50 });
    expect(() => store.put(cred(1))).toThrow(expect.objectContaining({ code: 'ERR_STORE_LOCKED' }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, old, old);
    store.put(cred(1));
    expect(readdirSync(join(path, '..'))).toEqual(['store.json']);
  });

  it('removes temporary and stale-lock files a killed writer left, and nothing else', () => {
    const d = dir();
    const path = join(d, 'store.json');
    new FileCredentialStore(path).put(cred(1));
    writeFileSync(`${path}.4242.tmp`, '{"format": "vfido-cred');
    writeFileSync(`${path}.lock.4243.stale`, 'vfido-lock h 4243 0\n');
    writeFileSync(`${path}.bak`, 'keep');
    const store = new FileCredentialStore(path);
    expect(readdirSync(d).sort()).toEqual(['store.json', 'store.json.bak']);
    expect(store.list()).toHaveLength(1);
  });

  it('merges changes of two instances on one file: reads see the other one, counters never go backwards', () => {
    const path = join(dir(), 'store.json');
    const a = new FileCredentialStore(path);
    const b = new FileCredentialStore(path);
    a.put(cred(1));
    b.put(cred(2)); // b had not read a's credential: the locked change re-reads first
    expect(a.list().map((c) => c.id[0])).toEqual([2, 1]);
    a.setSignCount(cred(1).id, 5);
    expect(b.get(cred(1).id)!.signCount).toBe(5);
    b.setCounter('global', 10);
    a.setCounter('global', 3); // a's 3 was computed before it saw b's 10: the higher value wins
    expect(new FileCredentialStore(path).counter('global')).toBe(10);
    a.setSignCount(cred(1).id, 2); // no concurrent change: a deliberate lower value is kept
    expect(b.get(cred(1).id)!.signCount).toBe(2);
    b.delete(cred(2).id);
    a.setSignCount(cred(2).id, 9); // deleted by the other instance: nothing to update
    expect(new FileCredentialStore(path).list().map((c) => c.id[0])).toEqual([1]);
  });
});
