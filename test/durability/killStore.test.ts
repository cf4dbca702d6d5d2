/**
 * Durability of FileCredentialStore under SIGKILL: a child process writes credentials and counter
 * updates in a loop, logging each operation once the store call returned, and is killed at a random
 * moment, round after round on the same file. After every kill the file parses, every logged
 * credential is present, and no counter is below its logged value or below what the file held after
 * the previous round. Then: two processes share one file without losing each other's changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileCredentialStore, STORE_FORMAT } from '@vfido/core';
import { compileForChild, type CompiledTree } from './compileForChild.js';
import { seededRandom, startWriter, type Writer } from './childProcess.js';

const ROUNDS = 40;
const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let tree: CompiledTree;
const dirs: string[] = [];
/** Writers of the kill test not yet ended: killed (and waited for) if a failure or timeout leaves one behind. */
const live = new Set<Writer>();
const tempDir = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
beforeAll(() => {
  tree = compileForChild(fileURLToPath(new URL('./storeWriter.ts', import.meta.url)));
});
afterAll(async () => {
  for (const w of live) w.child.kill('SIGKILL');
  await Promise.all([...live].map((w) => w.done));
  tree?.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('FileCredentialStore killed with SIGKILL', () => {
  it(`keeps every committed credential and never moves a counter backwards over ${ROUNDS} random kills`, async () => {
    const seed = Date.now() % 1_000_000;
    const random = seededRandom(seed);
    const where = (round: number) => `seed ${seed}, round ${round}`;
    const dir = tempDir('vfido-kill-');
    const path = join(dir, 'store.json');
    const committed = new Map<string, number>(); // credential id -> highest signCount logged as committed
    let committedGlobal = 0;
    let previous = new Map<string, number>(); // what the file held after the previous round
    let previousGlobal = 0;
    let leftBehind = 0; // rounds whose kill left a lock or temporary file behind (killed mid-change)
    let killedBeforeReady = 0;
    const started = Date.now();

    // Each round's writer starts during the previous round and waits (standby) until its round begins.
    const standby = (round: number): Writer => {
      const w = startWriter(tree.entry, ['kill', path, `r${round}`, 'standby']);
      live.add(w);
      void w.done.then(() => live.delete(w));
      return w;
    };
    let next = standby(0);
    for (let round = 0; round < ROUNDS; round++) {
      const writer = next;
      writer.go();
      if (round + 1 < ROUNDS) next = standby(round + 1);
      // Most kills land while the writer loops, after 1-3 committed credentials (however loaded the
      // machine) plus a random delay; one in five while it starts (breaking a stale lock,
      // removing temporary files).
      if (random() < 0.2) {
        killedBeforeReady++;
        await sleep(20 + random() * 80);
      } else {
        await writer.puts(1 + Math.floor(random() * 3));
        await sleep(random() * 30);
      }
      writer.child.kill('SIGKILL');
      const log = await writer.done;
      expect(log.signal, `${where(round)}: writer ended by itself: ${log.stderr}`).toBe('SIGKILL');
      expect(log.stderr, where(round)).toBe('');
      for (const id of log.puts) committed.set(id, Math.max(committed.get(id) ?? 0, 0));
      for (const [id, n] of log.counts) committed.set(id, Math.max(committed.get(id) ?? 0, n));
      for (const g of log.globals) committedGlobal = Math.max(committedGlobal, g);

      const entries = readdirSync(dir);
      if (entries.some((e) => e !== 'store.json')) leftBehind++;
      if (!existsSync(path)) {
        expect(committed.size, `${where(round)}: store file missing after commits`).toBe(0);
        continue;
      }
      // The file parses as it is on disk, before any vfido code touches it.
      const raw = JSON.parse(readFileSync(path, 'utf8')) as { format: string; credentials: unknown[] };
      expect(raw.format).toBe(STORE_FORMAT);

      const store = new FileCredentialStore(path); // another process opening it: removes temporary files
      expect(readdirSync(dir).filter((e) => e.endsWith('.tmp') || e.endsWith('.stale')), where(round)).toEqual([]);
      const now = new Map(store.list().map((c) => [b64u(c.id), c.signCount]));
      expect(now.size).toBe(raw.credentials.length);
      for (const [id, n] of committed) {
        expect(now.has(id), `${where(round)}: committed credential ${id} missing`).toBe(true);
        expect(now.get(id)!, `${where(round)}: ${id} counter below its committed value`).toBeGreaterThanOrEqual(n);
      }
      for (const [id, n] of previous) expect(now.get(id)!, `${where(round)}: ${id} went backwards`).toBeGreaterThanOrEqual(n);
      const global = store.counter('global');
      expect(global, where(round)).toBeGreaterThanOrEqual(Math.max(committedGlobal, previousGlobal));
      previous = now;
      previousGlobal = global;
    }

    expect(committed.size).toBeGreaterThanOrEqual(ROUNDS - killedBeforeReady); // every round killed in its loop committed work first
    expect(leftBehind, 'no kill landed inside a change: the test did not exercise what it claims').toBeGreaterThan(0);
    console.info(
      `kill -9 durability: ${ROUNDS} rounds (${killedBeforeReady} while starting) in ${Date.now() - started} ms, seed ${seed}: ` +
        `${committed.size} committed credentials, ${leftBehind} kills left a lock/temporary file behind, global counter ${previousGlobal}`,
    );
  }, 60_000);
});

describe('two processes sharing one FileCredentialStore', () => {
  it('lose no credential and no counter update', async () => {
    const N = 60;
    const dir = tempDir('vfido-share-');
    const path = join(dir, 'store.json');
    const shared = new Uint8Array(Buffer.from('shared'));
    new FileCredentialStore(path).put({
      id: shared, rpId: 'durability.example', alg: -7, privateKey: new Uint8Array(32).fill(7), signCount: 0,
      discoverable: true, backupEligible: false, backupState: false, createdAt: Date.now(),
    });
    const writers = ['a', 'b'].map((prefix) => startWriter(tree.entry, ['share', path, prefix, String(N), b64u(shared)]));
    const logs = await Promise.all(writers.map((w) => w.done));
    for (const log of logs) expect({ code: log.exitCode, stderr: log.stderr }).toEqual({ code: 0, stderr: '' });

    const store = new FileCredentialStore(path);
    const ids = new Set(store.list().map((c) => b64u(c.id)));
    expect(ids.size).toBe(2 * N + 1);
    for (const log of logs) {
      expect(log.puts).toHaveLength(N);
      for (const id of log.puts) expect(ids.has(id), `credential ${id} lost`).toBe(true);
      const own = log.counts.filter(([id]) => id !== b64u(shared));
      for (const [id, n] of own) expect(store.get(new Uint8Array(Buffer.from(id, 'base64url')))!.signCount).toBe(n);
      // Each process saw the shared counter strictly increase, whatever the other one did.
      const seen = log.counts.filter(([id]) => id === b64u(shared)).map(([, n]) => n);
      expect(seen).toHaveLength(N);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
    }
    // The file holds the highest value either process committed.
    const highest = Math.max(...logs.flatMap((log) => log.counts.filter(([id]) => id === b64u(shared)).map(([, n]) => n)));
    expect(store.get(shared)!.signCount).toBe(highest);
    expect(readdirSync(dir)).toEqual(['store.json']);
  }, 60_000);
});
