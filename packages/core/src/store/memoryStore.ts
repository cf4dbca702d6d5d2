/**
 * The default in-memory credential store, indexed by credential id and by RP id so lookups stay
 * flat as the store grows.
 * @module
 */
import type { CredentialStore, StoredCredential } from './types.js';

const key = (id: Uint8Array): string => Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('base64url');

/** A credential store held in memory; the base of {@link FileCredentialStore}. */
export class MemoryCredentialStore implements CredentialStore {
  readonly #byId = new Map<string, StoredCredential>();
  readonly #byRp = new Map<string, Map<string, StoredCredential>>();
  readonly #counters = new Map<string, number>();

  /** @param initial - credentials to start with */
  constructor(initial: Iterable<StoredCredential> = []) {
    for (const c of initial) this.#insert(c);
  }

  /** @inheritdoc */
  list(filter?: { rpId?: string }): StoredCredential[] {
    const source = filter?.rpId === undefined ? this.#byId.values() : (this.#byRp.get(filter.rpId)?.values() ?? []);
    return [...source].sort((a, b) => b.createdAt - a.createdAt);
  }

  /** @inheritdoc */
  get(id: Uint8Array): StoredCredential | undefined {
    return this.#byId.get(key(id));
  }

  /** @inheritdoc */
  put(credential: StoredCredential): void {
    this.#insert(credential);
    this.changed();
  }

  /** @inheritdoc */
  delete(id: Uint8Array): boolean {
    const k = key(id);
    const existing = this.#byId.get(k);
    if (!existing) return false;
    this.#byId.delete(k);
    this.#byRp.get(existing.rpId)?.delete(k);
    this.changed();
    return true;
  }

  /** @inheritdoc */
  setSignCount(id: Uint8Array, signCount: number): void {
    const c = this.#byId.get(key(id));
    if (!c) return;
    c.signCount = signCount;
    this.changed();
  }

  /** @inheritdoc */
  counter(name: string): number {
    return this.#counters.get(name) ?? 0;
  }

  /** @inheritdoc */
  setCounter(name: string, value: number): void {
    this.#counters.set(name, value);
    this.changed();
  }

  /** @inheritdoc */
  clear(): void {
    this.#byId.clear();
    this.#byRp.clear();
    this.#counters.clear();
    this.changed();
  }

  /** Snapshot of every counter, for persistence. */
  protected counters(): Record<string, number> {
    return Object.fromEntries(this.#counters);
  }

  /** Replace all content at once (used when loading a file). */
  protected load(credentials: StoredCredential[], counters: Record<string, number>): void {
    this.#byId.clear();
    this.#byRp.clear();
    this.#counters.clear();
    for (const c of credentials) this.#insert(c);
    for (const [k, v] of Object.entries(counters)) this.#counters.set(k, v);
  }

  /** Hook called after every mutation; persistent stores override it. */
  protected changed(): void {}

  #insert(credential: StoredCredential): void {
    const k = key(credential.id);
    const previous = this.#byId.get(k);
    if (previous && previous.rpId !== credential.rpId) this.#byRp.get(previous.rpId)?.delete(k);
    this.#byId.set(k, credential);
    let rp = this.#byRp.get(credential.rpId);
    if (!rp) this.#byRp.set(credential.rpId, (rp = new Map()));
    rp.set(k, credential);
  }
}
