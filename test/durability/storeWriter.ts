/**
 * Test-only child process: writes to a FileCredentialStore and logs every operation AFTER the store
 * call returned (i.e. once it is committed), one line each, with a synchronous write to stdout so a
 * SIGKILL can never lose a logged line. Compiled to JavaScript by compileForChild and run as
 *   node storeWriter.js kill  <store> <prefix> [standby] writes until killed (standby: once a line arrives on stdin)
 *   node storeWriter.js share <store> <prefix> <n> <shared-id>   n credentials, then exits
 *   node storeWriter.js bench <store> <n>               prints put and setSignCount ops/s as JSON
 * Log lines: `R` ready, `P <id>` put, `C <id> <signCount>`, `G <global counter>`.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { FileCredentialStore } from '../../packages/core/src/store/fileStore.js';
import type { StoredCredential } from '../../packages/core/src/store/types.js';

/** Write one line to stdout synchronously (retrying while a non-blocking pipe is full). */
function log(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(1, bytes, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/** A small, valid credential record (a random 32-byte stand-in key: the store never parses keys). */
function credential(name: string): StoredCredential {
  return {
    id: new Uint8Array(Buffer.from(name)),
    rpId: 'durability.example',
    userHandle: new Uint8Array(randomBytes(16)),
    userName: name,
    alg: -7,
    privateKey: new Uint8Array(randomBytes(32)),
    signCount: 0,
    discoverable: true,
    backupEligible: false,
    backupState: false,
    createdAt: Date.now(),
  };
}

/** Bump a credential's counter the way the authenticator does: read it, add one, store it. */
function bump(store: FileCredentialStore, id: Uint8Array): void {
  const c = store.get(id);
  if (!c) return;
  store.setSignCount(id, c.signCount + 1);
  log(`C ${b64u(id)} ${store.get(id)!.signCount}`);
}

const [mode, path, arg3, arg4, arg5] = process.argv.slice(2) as [string, string, string?, string?, string?];
// `kill <store> <prefix> standby`: started ahead of its round, the writer loads, then waits for a line on stdin
// before it touches the store (so the test's next round does not wait for node to start).
if (mode === 'kill' && arg4 === 'standby') {
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
}
const store = new FileCredentialStore(path);

if (mode === 'kill') {
  const prefix = arg3!;
  log('R');
  for (let i = 0; ; i++) {
    const c = credential(`${prefix}-${i}`);
    store.put(c);
    log(`P ${b64u(c.id)}`);
    const all = store.list();
    bump(store, all[Math.floor(Math.random() * all.length)]!.id);
    store.setCounter('global', store.counter('global') + 1);
    log(`G ${store.counter('global')}`);
  }
} else if (mode === 'share') {
  const prefix = arg3!;
  const n = Number(arg4);
  const shared = new Uint8Array(Buffer.from(arg5!, 'base64url'));
  log('R');
  for (let i = 0; i < n; i++) {
    const c = credential(`${prefix}-${i}`);
    store.put(c);
    log(`P ${b64u(c.id)}`);
    bump(store, c.id);
    bump(store, shared);
  }
} else if (mode === 'bench') {
  const n = Number(arg3);
  const ids: Uint8Array[] = [];
  let t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const c = credential(`bench-${i}`);
    store.put(c);
    ids.push(c.id);
  }
  const putSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) store.setSignCount(ids[i % ids.length]!, i + 1);
  const countSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  log(JSON.stringify({ n, putOpsPerSec: n / putSeconds, setSignCountOpsPerSec: n / countSeconds }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
