/**
 * RSA credential keys without stalling the event loop. An RSA-2048 key generation costs tens of
 * milliseconds of CPU; done synchronously on the main thread, 40 concurrent RS256 registrations
 * froze Node for seconds. Here no RSA key is made in one block on the main thread:
 * - unseeded: a small pool per modulus size, filled in the background by the callback form of
 *   `crypto.generateKeyPair` and topped up after every take, so bursts of registrations (a suite
 *   registering users on a Windows Hello preset) take ready keys;
 * - seeded: the deterministic derivation of `rsaFromSeed.ts` (same seed and label, same key, in
 *   the same order), a candidate per turn of the event loop, memoized per process so the
 *   authenticators a suite recreates with one seed derive each key once.
 * @module
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { rsaJwkFromSeedAsync } from './rsaFromSeed.js';
import { generateKeyPairWithJwk, rememberPublicJwk } from './publicJwk.js';

/** A private key and its public key. */
export interface RsaKeyObjects {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** Most ready keys kept per modulus size. The pool grows to it with use: after n takes it holds up to n keys, so a process that makes one RSA key pays for one spare, a burst gets a full pool. */
const POOL_TARGET = 8;
/** Seeded keys remembered per process (least recently derived dropped first). */
const SEEDED_CACHE_LIMIT = 512;

interface Pool {
  readonly ready: RsaKeyObjects[];
  pending: number;
  takes: number;
  /** Background generations still running. */
  readonly inflight: Set<Promise<unknown>>;
}
const pools = new Map<number, Pool>();
const seeded = new Map<string, Promise<RsaKeyObjects>>();

/** A random key on the threadpool; its public JWK comes from the job (crypto/publicJwk.ts: exporting the job's key can deadlock). */
function generate(bits: number): Promise<RsaKeyObjects> {
  return generateKeyPairWithJwk('rsa', { modulusLength: bits, publicExponent: 65537 });
}

function poolOf(bits: number): Pool {
  let pool = pools.get(bits);
  if (!pool) {
    pool = { ready: [], pending: 0, takes: 0, inflight: new Set() };
    pools.set(bits, pool);
  }
  return pool;
}

/**
 * Start filling the pool of random `bits`-bit RSA keys in the background (returns at once).
 * @param bits - modulus size
 * @param count - keys to have ready (at most 8; default: as many as keys taken so far)
 */
export function fillRsaKeyPool(bits = 2048, count?: number): void {
  const pool = poolOf(bits);
  const target = Math.min(POOL_TARGET, count ?? pool.takes);
  while (pool.ready.length + pool.pending < target) {
    pool.pending++;
    const done: Promise<unknown> = generate(bits).then(
      (pair) => {
        pool.pending--;
        pool.inflight.delete(done);
        pool.ready.push(pair);
      },
      () => {
        pool.pending--; // a failed background generation leaves the next take to generate (and report) its own
        pool.inflight.delete(done);
      },
    );
    pool.inflight.add(done);
  }
}

/**
 * Have `count` random RSA keys ready (at most 8) before a burst of registrations, e.g. in a test
 * suite's set-up: unseeded authenticators of TPM presets (RS256 credential keys) then take ready
 * keys instead of waiting for a generation each. Keys are generated on libuv's threadpool.
 * @param count - keys to have ready (1..8)
 * @param bits - RSA modulus size (default 2048, the TPM presets' size)
 * @returns when the keys are ready
 */
export async function prepareRsaKeys(count = POOL_TARGET, bits = 2048): Promise<void> {
  const pool = poolOf(bits);
  const target = Math.max(1, Math.min(POOL_TARGET, count));
  fillRsaKeyPool(bits, target);
  while (pool.ready.length < target && pool.inflight.size > 0) await Promise.race(pool.inflight);
}

/**
 * A fresh random RSA key: a ready one from the pool, or one generated on the threadpool now.
 * Every key is handed out once. The pool is topped up in the background.
 * @param bits - modulus size
 */
export async function randomRsaKey(bits: number): Promise<RsaKeyObjects> {
  const pool = poolOf(bits);
  pool.takes++;
  const ready = pool.ready.shift();
  fillRsaKeyPool(bits);
  return ready ?? generate(bits);
}

/**
 * The RSA key derived from (seed, label, bits), as `rsaJwkFromSeed` derives it, computed off the
 * event loop and memoized per process.
 * @param seed - reproducibility seed
 * @param label - purpose label
 * @param bits - modulus size
 */
export function seededRsaKey(seed: string, label: string, bits: number): Promise<RsaKeyObjects> {
  const key = `${bits}\u0000${seed}\u0000${label}`;
  let pair = seeded.get(key);
  if (pair) {
    seeded.delete(key); // re-insert: most recently used last
    seeded.set(key, pair);
    return pair;
  }
  pair = rsaJwkFromSeedAsync(seed, label, bits).then((jwk) => {
    const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
    const publicKey = createPublicKey(privateKey);
    rememberPublicJwk(jwk, privateKey, publicKey);
    return { privateKey, publicKey };
  });
  pair.catch(() => seeded.delete(key));
  seeded.set(key, pair);
  if (seeded.size > SEEDED_CACHE_LIMIT) seeded.delete(seeded.keys().next().value!);
  return pair;
}
