/**
 * A cross-process exclusive lock on a file store: a lock file created with O_CREAT|O_EXCL that names
 * its owner (host, pid, thread). Held only for the few milliseconds of one read-modify-write, so a
 * waiter polls; a lock whose owner process is gone (killed mid-write) is broken, never waited out.
 * Synchronous, like the store API it protects.
 * @module
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { CredentialStoreError } from './serialize.js';

/** Who holds a lock, as written in the lock file: `vfido-lock <host> <pid> <thread>`. */
interface LockOwner {
  host: string;
  pid: number;
  thread: number;
}

/** A lock file just created and not yet written is this old (ms) before it counts as abandoned. */
const EMPTY_LOCK_STALE_MS = 2000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Block this thread for `ms` (the store API is synchronous). */
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** True when `pid` is a process on this machine that is still running (EPERM: running, not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | undefined {
  const m = /^vfido-lock (\S+) (\d+) (\d+)\n?$/.exec(text);
  return m ? { host: m[1]!, pid: Number(m[2]), thread: Number(m[3]) } : undefined;
}

const describe = (o: LockOwner | undefined): string => (o ? `process ${o.pid} on ${o.host}` : 'a process that has not written its pid yet');

/** True when the owner can be proven gone: same host and its process no longer runs (or it is this very thread). */
function ownerGone(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false; // cannot tell: wait for the timeout
  // This thread runs store calls synchronously, so a lock naming it is a leftover, not a holder.
  if (owner.pid === process.pid) return owner.thread === threadId;
  return !processAlive(owner.pid);
}

/** A held lock; `release()` removes the lock file. */
export interface HeldLock {
  release(): void;
}

/**
 * Take the lock at `lockPath`, waiting up to `timeoutMs` for another holder.
 * @throws CredentialStoreError `ERR_STORE_LOCKED` after the timeout (naming the holder), `ERR_STORE_IO` when the lock file cannot be created
 */
export function acquireFileLock(lockPath: string, timeoutMs: number, storePath: string): HeldLock {
  const me = `vfido-lock ${hostname()} ${process.pid} ${threadId}\n`;
  const deadline = Date.now() + timeoutMs;
  let wait = 1;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lockPath, 'wx', 0o600);
    } catch (e) {
      if (errno(e) !== 'EEXIST') {
        throw new CredentialStoreError('ERR_STORE_IO', `cannot create lock file ${lockPath} for credential store ${storePath}: ${(e as Error).message}`, { cause: e });
      }
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, me);
      } catch (e) {
        closeSync(fd);
        unlinkQuietly(lockPath);
        throw new CredentialStoreError('ERR_STORE_IO', `cannot write lock file ${lockPath}: ${(e as Error).message}`, { cause: e });
      }
      closeSync(fd);
      return { release: () => unlinkQuietly(lockPath) };
    }
    const holder = breakIfStale(lockPath);
    if (holder === 'broken') continue;
    if (Date.now() >= deadline) {
      throw new CredentialStoreError(
        'ERR_STORE_LOCKED',
        `credential store ${storePath} is locked by ${describe(holder)} (still locked after ${timeoutMs} ms); if no vfido process uses the store, delete ${lockPath}`,
      );
    }
    sleepSync(wait);
    wait = Math.min(wait * 2, 20);
  }
}

/**
 * Remove the lock at `lockPath` when its owner is gone. Two waiters may both judge one lock stale:
 * the lock is first renamed aside (atomic, only one wins) and then compared with what was judged,
 * so a live lock taken meanwhile is put back, not deleted.
 * @returns 'broken' (retry now), or the live holder (undefined: unknown yet)
 */
function breakIfStale(lockPath: string): 'broken' | LockOwner | undefined {
  let text: string;
  let mtimeMs: number;
  try {
    text = readFileSync(lockPath, 'utf8');
    mtimeMs = statSync(lockPath).mtimeMs;
  } catch (e) {
    if (errno(e) === 'ENOENT') return 'broken'; // released meanwhile
    throw new CredentialStoreError('ERR_STORE_IO', `cannot read lock file ${lockPath}: ${(e as Error).message}`, { cause: e });
  }
  const owner = parseOwner(text);
  const stale = owner ? ownerGone(owner) : Date.now() - mtimeMs > EMPTY_LOCK_STALE_MS;
  if (!stale) return owner;
  const aside = `${lockPath}.${process.pid}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch (e) {
    if (errno(e) === 'ENOENT') return 'broken';
    throw new CredentialStoreError('ERR_STORE_IO', `cannot remove stale lock file ${lockPath}: ${(e as Error).message}`, { cause: e });
  }
  let taken = '';
  try {
    taken = readFileSync(aside, 'utf8');
  } catch {
    /* judged below as different */
  }
  if (taken !== text) {
    try {
      linkSync(aside, lockPath); // a live lock was taken aside: restore it
    } catch {
      /* a newer lock exists already */
    }
  }
  unlinkQuietly(aside);
  return 'broken';
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}
