/**
 * The serialized large-blob array (CTAP 2.1 6.10.1): a CBOR array of large-blob entries followed by
 * LEFT(SHA-256(array), 16). Opaque to the authenticator apart from that trailer. Persisted as one
 * store setting, so it survives restarts with a file store and authenticatorReset (store.clear())
 * returns it to the initial value.
 * @module
 */
import { createHash } from 'node:crypto';
import type { AuthenticatorState } from '../command.js';

/** Store setting holding the committed serialized large-blob array, base64url. */
export const LARGE_BLOB_ARRAY_SETTING = 'largeBlobArray';

/** Length of the truncated SHA-256 trailer (CTAP 2.1 6.10.1). */
export const LARGE_BLOB_HASH_LENGTH = 16;

/** LEFT(SHA-256(data), 16). */
export function largeBlobHash(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest().subarray(0, LARGE_BLOB_HASH_LENGTH));
}

/** Whether `serialized` ends with the truncated SHA-256 of what precedes it (CTAP 2.1 6.10.2 step 5.10.1). */
export function hasValidTrailer(serialized: Uint8Array): boolean {
  if (serialized.length < LARGE_BLOB_HASH_LENGTH + 1) return false;
  const body = serialized.subarray(0, serialized.length - LARGE_BLOB_HASH_LENGTH);
  return Buffer.compare(largeBlobHash(body), serialized.subarray(body.length)) === 0;
}

/**
 * The initial serialized large-blob array: the empty CBOR array 0x80 and its truncated hash,
 * h'8076be8b528d0075f7aae98d6fa57a6d3c' (CTAP 2.1 6.10.1).
 */
export const INITIAL_LARGE_BLOB_ARRAY: Uint8Array = (() => {
  const empty = Uint8Array.of(0x80);
  const out = new Uint8Array(1 + LARGE_BLOB_HASH_LENGTH);
  out.set(empty);
  out.set(largeBlobHash(empty), 1);
  return out;
})();

/** The committed serialized large-blob array (the initial one when none was written or the stored one is unreadable). */
export function readLargeBlobArray(state: Pick<AuthenticatorState, 'store'>): Uint8Array {
  const raw = state.store.setting(LARGE_BLOB_ARRAY_SETTING);
  if (typeof raw !== 'string') return INITIAL_LARGE_BLOB_ARRAY;
  const bytes = new Uint8Array(Buffer.from(raw, 'base64url'));
  return hasValidTrailer(bytes) ? bytes : INITIAL_LARGE_BLOB_ARRAY;
}

/** Commit a new serialized large-blob array (one store write; the caller checked its trailer). */
export function writeLargeBlobArray(state: Pick<AuthenticatorState, 'store'>, serialized: Uint8Array): void {
  state.store.setSetting(LARGE_BLOB_ARRAY_SETTING, Buffer.from(serialized).toString('base64url'));
}
