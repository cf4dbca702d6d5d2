import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MemoryCredentialStore } from './memoryStore.js';
import { countCredentials } from './countCredentials.js';
import type { CredentialCountFilter, CredentialStore, StoredCredential } from './types.js';

const record = (id: number, rp: number, user: number | undefined, discoverable: boolean): StoredCredential => ({
  id: Uint8Array.of(id),
  rpId: `rp${rp}.example`,
  ...(user !== undefined && { userHandle: Uint8Array.of(user) }),
  alg: -7,
  privateKey: new Uint8Array(32),
  signCount: 0,
  discoverable,
  backupEligible: false,
  backupState: false,
  createdAt: id,
});

/** The count by definition: filter the full listing. */
const scan = (store: CredentialStore, f: CredentialCountFilter): number =>
  store
    .list()
    .filter(
      (c) =>
        (f.rpId === undefined || c.rpId === f.rpId) &&
        (f.discoverable === undefined || c.discoverable === f.discoverable) &&
        (f.userHandle === undefined || (c.userHandle !== undefined && Buffer.compare(c.userHandle, f.userHandle) === 0)),
    ).length;

const filters: CredentialCountFilter[] = [{}, { discoverable: true }, { discoverable: false }];
for (let rp = 0; rp < 3; rp++) {
  filters.push({ rpId: `rp${rp}.example` }, { rpId: `rp${rp}.example`, discoverable: true });
  for (let user = 0; user < 3; user++) {
    filters.push({ rpId: `rp${rp}.example`, userHandle: Uint8Array.of(user) }, { rpId: `rp${rp}.example`, userHandle: Uint8Array.of(user), discoverable: true });
  }
}
filters.push({ userHandle: Uint8Array.of(1) });

const op = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), id: fc.nat(7), rp: fc.nat(2), user: fc.option(fc.nat(2), { nil: undefined }), discoverable: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.nat(7) }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

describe('MemoryCredentialStore.count', () => {
  it('always equals filtering list(), through puts, replacements (other RP, user, discoverability), deletes and clears', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const store = new MemoryCredentialStore();
        for (const o of ops) {
          if (o.kind === 'put') store.put(record(o.id, o.rp, o.user, o.discoverable));
          else if (o.kind === 'delete') store.delete(Uint8Array.of(o.id));
          else store.clear();
          for (const f of filters) expect(store.count(f)).toBe(scan(store, f));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('counts credentials given to the constructor', () => {
    const store = new MemoryCredentialStore([record(1, 0, 5, true), record(2, 0, 5, false), record(3, 1, 5, true)]);
    expect(store.count({ rpId: 'rp0.example', userHandle: Uint8Array.of(5) })).toBe(2);
    expect(store.count({ discoverable: true })).toBe(2);
  });

  it('countCredentials uses the index when there is one and scans a store without count', () => {
    const indexed = new MemoryCredentialStore([record(1, 0, 5, true), record(2, 0, 6, true)]);
    const plain: CredentialStore = {
      list: (f) => indexed.list(f),
      get: (id) => indexed.get(id),
      put: () => {},
      delete: () => false,
      setSignCount: () => {},
      counter: () => 0,
      setCounter: () => {},
      setting: () => undefined,
      setSetting: () => {},
      clear: () => {},
    };
    for (const f of filters) expect(countCredentials(plain, f)).toBe(countCredentials(indexed, f));
    expect(countCredentials(plain, { rpId: 'rp0.example', userHandle: Uint8Array.of(6) })).toBe(1);
  });
});
