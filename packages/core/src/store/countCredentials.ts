/**
 * Counting stored credentials through the store's index when it has one ({@link CredentialStore.count}),
 * else by filtering its listing: custom stores need not implement `count`.
 * @module
 */
import type { CredentialCountFilter, CredentialStore } from './types.js';

/** How many credentials in `store` match `filter` (every given member). */
export function countCredentials(store: CredentialStore, filter: CredentialCountFilter): number {
  if (store.count) return store.count(filter);
  const { rpId, userHandle, discoverable } = filter;
  let n = 0;
  for (const c of store.list(rpId === undefined ? undefined : { rpId })) {
    if (discoverable !== undefined && c.discoverable !== discoverable) continue;
    if (userHandle !== undefined && !(c.userHandle && Buffer.compare(c.userHandle, userHandle) === 0)) continue;
    n++;
  }
  return n;
}
