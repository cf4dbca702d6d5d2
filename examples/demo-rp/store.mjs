/**
 * The demo RP's embedded store: one JSON file (`store.json` in the data dir) holding users, passkeys, sessions,
 * pending challenges and an activity log. Every change is written at once (temp file + rename), so state survives a
 * restart and a person can read the file. One process owns the file; there is no locking.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File format version written into `store.json`. */
export const STORE_VERSION = 1;

/** Most recent activity entries kept per store (older ones are dropped). */
const MAX_ACTIVITY = 500;

const empty = () => ({ version: STORE_VERSION, users: {}, credentials: {}, sessions: {}, activity: [] });

/**
 * A JSON file store. Records are plain objects; `update(fn)` mutates them and writes the file.
 * - users: `{ [username]: { username, displayName, group, userHandle, createdAt, tap?: { hash, expiresAt, usedAt? } } }`
 * - credentials: `{ [credentialId]: { id, username, publicKey (base64url COSE), signCount, aaguid, ... } }`
 * - sessions: `{ [sid]: { createdAt, username?, auth?, challenge?, flash? } }`
 * - activity: `[{ at, username, event, outcome, detail }]`, newest last
 */
export class JsonStore {
  /** @param {string} dataDir directory holding `store.json` (created if missing) */
  constructor(dataDir) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, 'store.json');
    this.data = existsSync(this.path) ? JSON.parse(readFileSync(this.path, 'utf8')) : empty();
    if (this.data.version !== STORE_VERSION) throw new Error(`${this.path} has store version ${this.data.version}; this demo reads ${STORE_VERSION} (delete the file to start over)`);
    if (!existsSync(this.path)) this.#write();
  }

  /** Applies `fn` to the data, writes the file, returns `fn`'s result. */
  update(fn) {
    const result = fn(this.data);
    this.#write();
    return result;
  }

  /** @param {string} username */
  user(username) {
    return this.data.users[username];
  }

  /** The passkeys of a user, oldest first. */
  credentialsOf(username) {
    return Object.values(this.data.credentials).filter((c) => c.username === username);
  }

  /** Appends an activity entry (and writes). */
  log(username, event, outcome, detail) {
    this.update((d) => {
      d.activity.push({ at: new Date().toISOString(), username, event, outcome, detail });
      if (d.activity.length > MAX_ACTIVITY) d.activity.splice(0, d.activity.length - MAX_ACTIVITY);
    });
  }

  /** The newest `n` activity entries of a user, newest first. */
  activityOf(username, n = 12) {
    return this.data.activity.filter((a) => a.username === username).slice(-n).reverse();
  }

  #write() {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.data, null, 2)}\n`);
    renameSync(tmp, this.path);
  }
}
