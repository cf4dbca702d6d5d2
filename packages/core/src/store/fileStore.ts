/**
 * A credential store persisted to a JSON file: versioned format, atomic replace on every change
 * (write to a temporary file, fsync, rename, fsync the directory), so a crash or `kill -9` at any
 * moment leaves either the previous or the new file, never a half-written one.
 *
 * Several processes may share one file. Every change is a locked read-modify-write: take the lock
 * file (`<path>.lock`), re-read the file if another process changed it, apply this change on top,
 * write, unlock. Reads re-read the file when it changed (one `stat` per read otherwise).
 * @module
 */
import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MemoryCredentialStore } from './memoryStore.js';
import { CredentialStoreError, credentialFromJSON, credentialToJSON } from './serialize.js';
import { acquireFileLock, type HeldLock } from './fileLock.js';
import type { CredentialCountFilter, StoreSettingValue, StoredCredential } from './types.js';

/** Format marker and version written at the top of every store file. */
export const STORE_FORMAT = 'vfido-credential-store';
/** Current store file version. */
export const STORE_VERSION = 1;

/** Options of {@link FileCredentialStore}. */
export interface FileCredentialStoreOptions {
  /** How long a change waits for another process holding the store's lock before failing with `ERR_STORE_LOCKED` (ms). Default 10000. */
  lockTimeoutMs?: number;
}

/** Identity of one version of the file: a new file (new inode) replaces it on every write. */
type Stamp = string;
const stampOf = (s: { ino: bigint; size: bigint; mtimeNs: bigint }): Stamp => `${s.ino}:${s.size}:${s.mtimeNs}`;

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/**
 * A {@link MemoryCredentialStore} that loads from and saves to `path` after every change. Changes
 * throw CredentialStoreError `ERR_STORE_LOCKED` when another process holds the lock longer than
 * `lockTimeoutMs`, `ERR_STORE_IO` when the file cannot be written.
 */
export class FileCredentialStore extends MemoryCredentialStore {
  readonly #lockPath: string;
  readonly #lockTimeoutMs: number;
  /** The file version this instance holds in memory; undefined: none read or written yet. */
  #stamp: Stamp | undefined;
  /** The lock, while a change is being applied. */
  #lock: HeldLock | undefined;

  /**
   * Open (or create on first write) a store file. Temporary files left by a writer that was killed
   * are removed.
   * @param path - file path; its directory must exist
   * @param options - lock timeout
   * @throws CredentialStoreError `ERR_STORE_CORRUPT` / `ERR_STORE_VERSION` when the file is unreadable,
   *   `ERR_STORE_LOCKED` when leftovers must be removed while another process holds the lock
   */
  constructor(
    readonly path: string,
    options: FileCredentialStoreOptions = {},
  ) {
    super();
    this.#lockPath = `${path}.lock`;
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.#removeLeftovers();
    this.#refresh();
  }

  /** Re-read the file (e.g. after another process wrote it). Reads and changes do this by themselves when the file changed. */
  reload(): void {
    let text: string;
    let stamp: Stamp;
    try {
      const fd = openSync(this.path, 'r');
      try {
        stamp = stampOf(fstatSync(fd, { bigint: true }));
        text = readFileSync(fd, 'utf8');
      } finally {
        closeSync(fd);
      }
    } catch (cause) {
      if (errno(cause) === 'ENOENT') throw new CredentialStoreError('ERR_STORE_IO', `credential store ${this.path} does not exist`, { cause });
      throw new CredentialStoreError('ERR_STORE_IO', `cannot read credential store ${this.path}: ${(cause as Error).message}`, { cause });
    }
    this.#parse(text);
    this.#stamp = stamp;
  }

  /** @inheritdoc */
  override list(filter?: { rpId?: string }): StoredCredential[] {
    this.#refresh();
    return super.list(filter);
  }

  /** @inheritdoc */
  override get(id: Uint8Array): StoredCredential | undefined {
    this.#refresh();
    return super.get(id);
  }

  /** @inheritdoc */
  override count(filter?: CredentialCountFilter): number {
    this.#refresh();
    return super.count(filter);
  }

  /** @inheritdoc */
  override counter(name: string): number {
    this.#refresh();
    return super.counter(name);
  }

  /** @inheritdoc */
  override setting(name: string): StoreSettingValue | undefined {
    this.#refresh();
    return super.setting(name);
  }

  /** @inheritdoc */
  override put(credential: StoredCredential): void {
    this.#locked(() => super.put(credential));
  }

  /** @inheritdoc */
  override delete(id: Uint8Array): boolean {
    return this.#locked(() => super.delete(id));
  }

  /**
   * Set a credential's counter. When another process changed that counter since this one read it,
   * the higher value wins: a counter never goes backwards through a merge.
   */
  override setSignCount(id: Uint8Array, signCount: number): void {
    const seen = super.get(id)?.signCount;
    this.#locked(() => {
      const current = super.get(id);
      if (!current) return; // deleted by another process meanwhile
      super.setSignCount(id, seen !== undefined && current.signCount !== seen ? Math.max(current.signCount, signCount) : signCount);
    });
  }

  /** Set an authenticator-wide counter; merged like {@link FileCredentialStore.setSignCount}. */
  override setCounter(name: string, value: number): void {
    const seen = super.counter(name);
    this.#locked(() => {
      const current = super.counter(name);
      super.setCounter(name, current !== seen ? Math.max(current, value) : value);
    });
  }

  /** @inheritdoc */
  override setSetting(name: string, value: StoreSettingValue | undefined): void {
    this.#locked(() => super.setSetting(name, value));
  }

  /** @inheritdoc */
  override clear(): void {
    this.#locked(() => super.clear());
  }

  /** Writes the file; called by every change, which already holds the lock (a change made some other way takes it here). */
  protected override changed(): void {
    if (this.#lock) return this.#write();
    const lock = acquireFileLock(this.#lockPath, this.#lockTimeoutMs, this.path);
    try {
      this.#write();
    } finally {
      lock.release();
    }
  }

  /** Lock, catch up with the file, run `change` (which writes through `changed`), unlock. */
  #locked<T>(change: () => T): T {
    if (this.#lock) return change();
    this.#lock = acquireFileLock(this.#lockPath, this.#lockTimeoutMs, this.path);
    try {
      this.#refresh();
      return change();
    } finally {
      const lock = this.#lock;
      this.#lock = undefined;
      lock.release();
    }
  }

  /** Re-read the file when it is not the version held in memory (another process wrote it). */
  #refresh(): void {
    let stamp: Stamp;
    try {
      stamp = stampOf(statSync(this.path, { bigint: true }));
    } catch (cause) {
      if (errno(cause) === 'ENOENT' || errno(cause) === 'ENOTDIR') return; // created on first write
      throw new CredentialStoreError('ERR_STORE_IO', `cannot read credential store ${this.path}: ${(cause as Error).message}`, { cause });
    }
    if (stamp !== this.#stamp) this.reload();
  }

  #parse(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new CredentialStoreError('ERR_STORE_CORRUPT', `credential store ${this.path} is not valid JSON; restore it from backup or delete it to start empty`, { cause });
    }
    const o = parsed as { format?: unknown; version?: unknown; credentials?: unknown; counters?: unknown; settings?: unknown };
    if (o?.format !== STORE_FORMAT) throw new CredentialStoreError('ERR_STORE_CORRUPT', `${this.path} is not a vfido credential store (format marker missing)`);
    if (o.version !== STORE_VERSION) throw new CredentialStoreError('ERR_STORE_VERSION', `${this.path} has store version ${String(o.version)}; this vfido reads version ${STORE_VERSION}`);
    if (!Array.isArray(o.credentials)) throw new CredentialStoreError('ERR_STORE_CORRUPT', `${this.path}: credentials must be an array`);
    const counters: Record<string, number> = {};
    if (o.counters && typeof o.counters === 'object') {
      for (const [k, v] of Object.entries(o.counters)) if (typeof v === 'number') counters[k] = v;
    }
    let settings: Record<string, StoreSettingValue> = {};
    if (o.settings !== undefined) {
      if (typeof o.settings !== 'object' || o.settings === null || Array.isArray(o.settings)) {
        throw new CredentialStoreError('ERR_STORE_CORRUPT', `${this.path}: settings must be an object`);
      }
      settings = o.settings as Record<string, StoreSettingValue>;
    }
    this.load(o.credentials.map((c, i) => credentialFromJSON(c, `${this.path} credentials[${i}]`)), counters, settings);
  }

  #write(): void {
    const body = JSON.stringify(
      { format: STORE_FORMAT, version: STORE_VERSION, counters: this.counters(), settings: this.settings(), credentials: super.list().map(credentialToJSON) },
      null,
      1,
    );
    const tmp = `${this.path}.${process.pid}.tmp`;
    let stamp: Stamp;
    try {
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, body);
        fsyncSync(fd);
        stamp = stampOf(fstatSync(fd, { bigint: true })); // rename keeps inode, size and mtime
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.path);
    } catch (cause) {
      try {
        unlinkSync(tmp);
      } catch {
        /* best effort */
      }
      throw new CredentialStoreError('ERR_STORE_IO', `could not write credential store ${this.path}: ${(cause as Error).message}`, { cause });
    }
    this.#stamp = stamp;
    syncDirectory(dirname(this.path));
  }

  /**
   * Remove `<name>.<pid>.tmp` and `<name>.lock.<pid>.stale` files a killed writer left. Only a lock
   * holder has such a file open, so they are removed under the lock.
   */
  #removeLeftovers(): void {
    const dir = dirname(this.path);
    const name = basename(this.path);
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return; // a missing directory fails clearly on the first write
    }
    const leftover = (e: string): boolean =>
      e.startsWith(`${name}.`) && /^\.(?:\d+\.tmp|lock\.\d+\.stale)$/.test(e.slice(name.length));
    if (!entries.some(leftover)) return;
    this.#locked(() => {
      for (const e of readdirSync(dir).filter(leftover)) {
        try {
          unlinkSync(join(dir, e));
        } catch {
          /* removed by another process meanwhile */
        }
      }
    });
  }
}

/** Make a rename durable across power loss (POSIX: the directory entry is data of the directory). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* not supported on this platform or file system: the rename is still atomic */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
