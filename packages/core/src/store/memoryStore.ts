/**
 * The default in-memory credential store, indexed by credential id and by RP id so lookups stay
 * flat as the store grows. The newest-first order `list` returns is sorted once and reused until
 * the store changes: every getAssertion lists its RP's credentials. Counts per (RP, user) and of
 * discoverable credentials are kept as records come and go, so makeCredential and getInfo never
 * scan the store.
 * @module
 */
import type { CredentialCountFilter, CredentialStore, StoreSettingValue, StoredCredential } from './types.js';

const key = (id: Uint8Array): string => Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('base64url');

/** The (RP, user) count key of a record, or undefined when it has no user handle. */
const rpUserKey = (rpId: string, userHandle: Uint8Array | undefined): string | undefined =>
  userHandle ? `${rpId}\n${key(userHandle)}` : undefined;

/** True when `c` matches every member `filter` gives. */
function matches(c: StoredCredential, filter: CredentialCountFilter): boolean {
  if (filter.rpId !== undefined && c.rpId !== filter.rpId) return false;
  if (filter.discoverable !== undefined && c.discoverable !== filter.discoverable) return false;
  if (filter.userHandle !== undefined && !(c.userHandle && Buffer.compare(c.userHandle, filter.userHandle) === 0)) return false;
  return true;
}

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
  /** Credentials per (RP id, user handle), for {@link MemoryCredentialStore.count}. */
  readonly #perRpUser = new Map<string, number>();
  /** Discoverable credentials stored. */
  #discoverable = 0;
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

  /**
   * How many credentials match `filter`: constant time for no filter, `{ rpId }`, `{ rpId, userHandle }`
   * and `{ discoverable }`; other combinations scan the RP's (or all) credentials.
   */
  count(filter: CredentialCountFilter = {}): number {
    const { rpId, userHandle, discoverable } = filter;
    if (userHandle !== undefined && rpId !== undefined && discoverable === undefined) return this.#perRpUser.get(rpUserKey(rpId, userHandle)!) ?? 0;
    if (userHandle === undefined && rpId === undefined) {
      if (discoverable === undefined) return this.#byId.size;
      return discoverable ? this.#discoverable : this.#byId.size - this.#discoverable;
    }
    if (userHandle === undefined && discoverable === undefined) return this.#byRp.get(rpId!)?.size ?? 0;
    const source = rpId === undefined ? this.#byId : this.#byRp.get(rpId);
    let n = 0;
    if (source) for (const c of source.values()) if (matches(c, filter)) n++;
    return n;
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
    this.#uncount(existing);
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
    this.#perRpUser.clear();
    this.#discoverable = 0;
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
    this.#perRpUser.clear();
    this.#discoverable = 0;
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
    if (previous) {
      if (previous.rpId !== credential.rpId) this.#byRp.get(previous.rpId)?.delete(k);
      this.#uncount(previous);
    }
    this.#byId.set(k, credential);
    this.#count(credential, 1);
    let rp = this.#byRp.get(credential.rpId);
    if (!rp) this.#byRp.set(credential.rpId, (rp = new Map()));
    rp.set(k, credential);
    this.#sorted.clear();
  }

  #uncount(credential: StoredCredential): void {
    this.#count(credential, -1);
  }

  /** Add (1) or remove (-1) a record's contribution to the counts. */
  #count(credential: StoredCredential, delta: 1 | -1): void {
    if (credential.discoverable) this.#discoverable += delta;
    const k = rpUserKey(credential.rpId, credential.userHandle);
    if (k === undefined) return;
    const n = (this.#perRpUser.get(k) ?? 0) + delta;
    if (n > 0) this.#perRpUser.set(k, n);
    else this.#perRpUser.delete(k);
  }
}
