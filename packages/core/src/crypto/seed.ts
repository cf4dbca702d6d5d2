/**
 * Deterministic byte streams from a user seed (HKDF-SHA-256, RFC 5869), so keys, credential ids
 * and certificates are reproducible across processes and CI shards.
 * @module
 */
import { hkdfSync, randomBytes, randomFillSync } from 'node:crypto';

/** Domain-separation salt for every vfido derivation. */
const SALT = 'vfido/seed/v1';

/** Random bytes drawn from the CSPRNG a block at a time: one call into OpenSSL per 4 KiB instead of one per id or token. */
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

/**
 * `length` random bytes (node:crypto's CSPRNG, read ahead in 4 KiB blocks), in a fresh
 * `Uint8Array` owning its own buffer; each byte is handed out once.
 * @param length - number of bytes
 */
export function freshRandomBytes(length: number): Uint8Array {
  if (length > POOL_SIZE / 4) return new Uint8Array(randomBytes(length));
  if (poolOffset + length > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = pool.slice(poolOffset, poolOffset + length);
  pool.fill(0, poolOffset, poolOffset + length); // no copy of handed-out bytes stays behind
  poolOffset += length;
  return out;
}

/**
 * `length` bytes derived from `seed` for a given purpose `label`, or random bytes when `seed` is undefined.
 * @param seed - user seed; undefined means "not reproducible" (random)
 * @param label - what the bytes are for, e.g. `credential-key/yubikey-5-nfc/3`
 * @param length - number of bytes (at most 255 * 32)
 */
export function deriveBytes(seed: string | undefined, label: string, length: number): Uint8Array {
  if (seed === undefined) return freshRandomBytes(length);
  return new Uint8Array(hkdfSync('sha256', Buffer.from(seed, 'utf8'), SALT, label, length));
}

/**
 * An endless deterministic stream from `seed` and `label` (HKDF blocks with a counter),
 * for consumers that need an unknown number of bytes (e.g. prime search).
 * @param seed - user seed; undefined means random
 * @param label - purpose label
 */
export function byteStream(seed: string | undefined, label: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n: number) => deriveBytes(seed, `${label}#${counter++}`, n);
}
