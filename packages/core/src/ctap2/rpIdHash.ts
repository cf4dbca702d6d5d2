/**
 * SHA-256 of an RP ID (WebAuthn L3 6.1 rpIdHash), cached: every assertion needs it and the set of
 * RP IDs an authenticator sees is small.
 * @module
 */
import { createHash } from 'node:crypto';

const cache = new Map<string, Uint8Array>();
const MAX_ENTRIES = 1024;

/** rpIdHash for `rpId` (shared: callers copy it, never modify it). */
export function rpIdHash(rpId: string): Uint8Array {
  let hash = cache.get(rpId);
  if (!hash) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    hash = new Uint8Array(createHash('sha256').update(rpId, 'utf8').digest());
    cache.set(rpId, hash);
  }
  return hash;
}
