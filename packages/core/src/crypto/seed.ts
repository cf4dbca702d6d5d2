/**
 * Deterministic byte streams from a user seed (HKDF-SHA-256, RFC 5869), so keys, credential ids
 * and certificates are reproducible across processes and CI shards.
 * @module
 */
import { createHmac, randomBytes, randomFillSync } from 'node:crypto';

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

/** HKDF-Extract results (RFC 5869 section 2.2: PRK = HMAC-SHA-256(salt, IKM)) of the last seeds used. */
const prks = new Map<string, Buffer>();
const PRK_CACHE_LIMIT = 64;

/** The HKDF pseudorandom key of `seed`, extracted once per seed (the last {@link PRK_CACHE_LIMIT} kept). */
function prkOf(seed: string): Buffer {
  let prk = prks.get(seed);
  if (!prk) {
    prk = createHmac('sha256', SALT).update(Buffer.from(seed, 'utf8')).digest();
    if (prks.size >= PRK_CACHE_LIMIT) prks.delete(prks.keys().next().value!);
    prks.set(seed, prk);
  }
  return prk;
}

/**
 * `length` bytes derived from `seed` for a given purpose `label`, or random bytes when `seed` is undefined.
 * HKDF-SHA-256 (RFC 5869; the bytes node:crypto's `hkdfSync` gives), its Extract step done once per seed.
 * @param seed - user seed; undefined means "not reproducible" (random)
 * @param label - what the bytes are for, e.g. `credential-key/yubikey-5-nfc/3`
 * @param length - number of bytes (at most 255 * 32)
 * @throws RangeError when `length` is over 255 * 32
 */
export function deriveBytes(seed: string | undefined, label: string, length: number): Uint8Array {
  if (seed === undefined) return freshRandomBytes(length);
  if (length > 255 * 32) throw new RangeError(`HKDF-SHA-256 gives at most ${255 * 32} bytes, not ${length}`);
  return hkdfExpand(prkOf(seed), label, length);
}

/**
 * HKDF-Expand (RFC 5869 section 2.3) with SHA-256: T(i) = HMAC(prk, T(i-1) || info || i).
 * @param prk - the pseudorandom key HKDF-Extract made
 * @param info - context and application specific information
 * @param length - output bytes (at most 255 * 32)
 */
function hkdfExpand(prk: Buffer, info: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const infoBytes = Buffer.from(info, 'utf8');
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, offset = 0; offset < length; i++, offset += 32) {
    t = createHmac('sha256', prk).update(t).update(infoBytes).update(Uint8Array.of(i)).digest();
    out.set(t.subarray(0, Math.min(32, length - offset)), offset);
  }
  return out;
}

/**
 * An endless deterministic stream from `seed` and `label` (HKDF blocks with a counter),
 * for consumers that need an unknown number of bytes (e.g. prime search): its n-th block is
 * `deriveBytes(seed, label + '#' + n, length)`.
 * @param seed - user seed; undefined means random
 * @param label - purpose label
 */
export function byteStream(seed: string | undefined, label: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n: number) => deriveBytes(seed, `${label}#${counter++}`, n);
}
