/**
 * A credential store persisted to a JSON file: versioned format, atomic replace on every change
 * (write to a temporary file, fsync, rename), so a crash never leaves a half-written store.
 * @module
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, existsSync, unlinkSync } from 'node:fs';
import { MemoryCredentialStore } from './memoryStore.js';
import { CredentialStoreError, credentialFromJSON, credentialToJSON } from './serialize.js';
import type { StoreSettingValue } from './types.js';

/** Format marker and version written at the top of every store file. */
export const STORE_FORMAT = 'vfido-credential-store';
/** Current store file version. */
export const STORE_VERSION = 1;

/** A {@link MemoryCredentialStore} that loads from and saves to `path` after every change. */
export class FileCredentialStore extends MemoryCredentialStore {
  /**
   * Open (or create on first write) a store file.
   * @param path - file path; its directory must exist
   * @throws CredentialStoreError `ERR_STORE_CORRUPT` / `ERR_STORE_VERSION` when the file is unreadable
   */
  constructor(readonly path: string) {
    super();
    if (existsSync(path)) this.reload();
  }

  /** Re-read the file (e.g. after another process wrote it). */
  reload(): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8'));
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

  protected override changed(): void {
    const body = JSON.stringify(
      { format: STORE_FORMAT, version: STORE_VERSION, counters: this.counters(), settings: this.settings(), credentials: this.list().map(credentialToJSON) },
      null,
      1,
    );
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, body);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.path);
    } catch (cause) {
      try {
        if (existsSync(tmp)) unlinkSync(tmp);
      } catch {
        /* best effort */
      }
      throw new CredentialStoreError('ERR_STORE_IO', `could not write credential store ${this.path}: ${(cause as Error).message}`, { cause });
    }
  }
}
