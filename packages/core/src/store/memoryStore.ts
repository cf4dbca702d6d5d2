/**
 * The default in-memory credential store, indexed by credential id and by RP id so lookups stay
 * flat as the store grows. The newest-first order `list` returns is sorted once and reused until
 * the store changes: every getAssertion lists its RP's credentials.
 * @module
 */
import type { CredentialStore, StoreSettingValue, StoredCredential } from './types.js';

const key = (id: Uint8Array): string => Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('base64url');

/** A sorted listing and the `createdAt` of each record when it was sorted. */
interface SortedList {
  readonly records: StoredCredential[];
  readonly createdAt: number[];
}

/** Newest first; the sort is stable, so equal times keep insertion order. */
function sortNewestFirst(records: Iterable<StoredCredential>): SortedList {
  const sorted = [...records].sort((a, b) => b.createdAt - a.createdAt);
  return { records: sorted, createdAt: sorted.map((c) => c.createdAt) };
}

/** False when a caller changed a listed record's `createdAt` in place since it was sorted. */
function stillSorted(list: SortedList): boolean {
  for (let i = 0; i < list.records.length; i++) if (list.records[i]!.createdAt !== list.createdAt[i]) return false;
  return true;
}

/** A credential store held in memory; the base of {@link FileCredentialStore}. */
export class MemoryCredentialStore implements CredentialStore {
  readonly #byId = new Map<string, StoredCredential>();
  readonly #byRp = new Map<string, Map<string, StoredCredential>>();
  readonly #counters = new Map<string, number>();
  readonly #settings = new Map<string, StoreSettingValue>();
  /** Sorted listings by RP id (`undefined`: all credentials); emptied by every mutation but counters. */
  readonly #sorted = new Map<string | undefined, SortedList>();
  /**
   * The map key of each stored record's own `id` array: the authenticator passes `credential.id`
   * back (setSignCount after every assertion), which then needs no re-encoding.
   */
  readonly #keyOfId = new WeakMap<Uint8Array, string>();

  /** @param initial - credentials to start with */
  constructor(initial: Iterable<StoredCredential> = []) {
    for (const c of initial) this.#insert(c);
  }

  /** @inheritdoc */
  list(filter?: { rpId?: string }): StoredCredential[] {
    const rpId = filter?.rpId;
    const source = rpId === undefined ? this.#byId : this.#byRp.get(rpId);
    if (!source || source.size === 0) return [];
    let sorted = this.#sorted.get(rpId);
    if (!sorted || !stillSorted(sorted)) {
      sorted = sortNewestFirst(source.values());
      this.#sorted.set(rpId, sorted);
    }
    return sorted.records.slice(); // callers may change the array they get
  }

  /** @inheritdoc */
  get(id: Uint8Array): StoredCredential | undefined {
    return this.#byId.get(this.#key(id));
  }

  /** @inheritdoc */
  put(credential: StoredCredential): void {
    this.#insert(credential);
    this.changed();
  }

  /** @inheritdoc */
  delete(id: Uint8Array): boolean {
    const k = this.#key(id);
    const existing = this.#byId.get(k);
    if (!existing) return false;
    this.#byId.delete(k);
    this.#byRp.get(existing.rpId)?.delete(k);
    this.#sorted.clear();
    this.changed();
    return true;
  }

  /** @inheritdoc */
  setSignCount(id: Uint8Array, signCount: number): void {
    const c = this.#byId.get(this.#key(id));
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
  setting(name: string): StoreSettingValue | undefined {
    return this.#settings.get(name);
  }

  /** @inheritdoc */
  setSetting(name: string, value: StoreSettingValue | undefined): void {
    if (value === undefined) this.#settings.delete(name);
    else this.#settings.set(name, value);
    this.changed();
  }

  /** @inheritdoc */
  clear(): void {
    this.#byId.clear();
    this.#byRp.clear();
    this.#counters.clear();
    this.#settings.clear();
    this.#sorted.clear();
    this.changed();
  }

  /** Snapshot of every counter, for persistence. */
  protected counters(): Record<string, number> {
    return Object.fromEntries(this.#counters);
  }

  /** Snapshot of every setting, for persistence. */
  protected settings(): Record<string, StoreSettingValue> {
    return Object.fromEntries(this.#settings);
  }

  /** Replace all content at once (used when loading a file). */
  protected load(credentials: StoredCredential[], counters: Record<string, number>, settings: Record<string, StoreSettingValue> = {}): void {
    this.#byId.clear();
    this.#byRp.clear();
    this.#counters.clear();
    this.#settings.clear();
    this.#sorted.clear();
    for (const c of credentials) this.#insert(c);
    for (const [k, v] of Object.entries(counters)) this.#counters.set(k, v);
    for (const [k, v] of Object.entries(settings)) this.#settings.set(k, v);
  }

  /** Hook called after every mutation; persistent stores override it. */
  protected changed(): void {}

  #key(id: Uint8Array): string {
    return this.#keyOfId.get(id) ?? key(id);
  }

  #insert(credential: StoredCredential): void {
    const k = key(credential.id);
    this.#keyOfId.set(credential.id, k);
    const previous = this.#byId.get(k);
    if (previous && previous.rpId !== credential.rpId) this.#byRp.get(previous.rpId)?.delete(k);
    this.#byId.set(k, credential);
    let rp = this.#byRp.get(credential.rpId);
    if (!rp) this.#byRp.set(credential.rpId, (rp = new Map()));
    rp.set(k, credential);
    this.#sorted.clear();
  }
}
