/**
 * Deterministic RSA keys from a seed. Candidates come from the seeded HKDF stream; primality is
 * decided by OpenSSL (`crypto.checkPrime`), so no number theory is hand-rolled beyond CRT values.
 *
 * The key is fixed by the candidate stream alone: p and q are the first two distinct candidates
 * OpenSSL finds prime, in stream order. Two shortcuts leave that choice untouched (the same keys
 * as before them, for every seed):
 * - trial division by the odd primes below {@link SIEVE_LIMIT} drops about 87% of the candidates
 *   before OpenSSL sees them (a 1024-bit candidate with a small factor is composite, so OpenSSL
 *   would have rejected it too; `BN_is_prime_ex` runs Miller-Rabin without trial division);
 * - the async derivation keeps a few candidates' tests in flight on libuv's threadpool and still
 *   takes the first primes in stream order (later candidates tested early are simply discarded).
 * @module
 */
import { availableParallelism } from 'node:os';
import { checkPrime, checkPrimeSync, type JsonWebKey } from 'node:crypto';
import { generatePrivateJwk } from './publicJwk.js';
import { byteStream } from './seed.js';

const E = 65537n;

/** Odd primes below this bound divide candidates out before OpenSSL's Miller-Rabin test. */
const SIEVE_LIMIT = 4096;

/**
 * The odd primes below {@link SIEVE_LIMIT}, grouped so each group's product stays below 2^53: one
 * BigInt remainder per group, then plain Number remainders per prime.
 */
const SIEVE_GROUPS: { readonly product: bigint; readonly primes: readonly number[] }[] = (() => {
  const composite = new Uint8Array(SIEVE_LIMIT);
  const groups: { product: bigint; primes: number[] }[] = [];
  let product = 1;
  let primes: number[] = [];
  for (let n = 3; n < SIEVE_LIMIT; n += 2) {
    if (composite[n]) continue;
    for (let m = n * n; m < SIEVE_LIMIT; m += 2 * n) composite[m] = 1;
    if (product * n > Number.MAX_SAFE_INTEGER) {
      groups.push({ product: BigInt(product), primes });
      product = 1;
      primes = [];
    }
    product *= n;
    primes.push(n);
  }
  groups.push({ product: BigInt(product), primes });
  return groups;
})();

/** True when an odd prime below {@link SIEVE_LIMIT} divides `c` (`c` itself being far larger). */
function hasSmallFactor(c: bigint): boolean {
  for (const { product, primes } of SIEVE_GROUPS) {
    const r = Number(c % product);
    for (const p of primes) if (r % p === 0) return true;
  }
  return false;
}

function toBig(bytes: Uint8Array): bigint {
  return BigInt('0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'));
}

function toB64u(x: bigint): string {
  let hex = x.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Buffer.from(hex, 'hex').toString('base64url');
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

/** The next prime candidate from the stream: top two bits set (p*q has exactly 2*bits bits), odd, gcd(e, p-1) = 1. */
function candidate(next: (n: number) => Uint8Array, bits: number): bigint {
  for (;;) {
    const bytes = next(bits / 8);
    bytes[0]! |= 0xc0;
    bytes[bytes.length - 1]! |= 1;
    const c = toBig(bytes);
    if (c % E !== 1n) return c;
  }
}

/** The next candidate that survives trial division (those skipped are composite: OpenSSL would reject them). */
function sievedCandidate(next: (n: number) => Uint8Array, bits: number): bigint {
  for (;;) {
    const c = candidate(next, bits);
    if (!hasSmallFactor(c)) return c;
  }
}

/** OpenSSL's primality verdict (Miller-Rabin; OpenSSL 3 runs at least 64 rounds on a prime of this size). */
const CHECKS = { checks: 32 };

function prime(next: (n: number) => Uint8Array, bits: number): bigint {
  for (;;) {
    const c = sievedCandidate(next, bits);
    if (checkPrimeSync(c, CHECKS)) return c;
  }
}

function checkPrimeAsync(c: bigint): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => checkPrime(c, CHECKS, (err, result) => (err ? reject(err) : resolve(result))));
}

/** Candidates tested at once on libuv's threadpool (4 threads by default). */
const IN_FLIGHT = Math.max(2, Math.min(4, availableParallelism()));

/**
 * The first two distinct primes of the candidate stream, in stream order, as {@link prime} finds
 * them one after the other, with up to {@link IN_FLIGHT} candidates' tests running at once.
 */
async function twoPrimesAsync(next: (n: number) => Uint8Array, bits: number): Promise<[bigint, bigint]> {
  const tests: { readonly c: bigint; readonly verdict: Promise<boolean> }[] = [];
  const refill = (): void => {
    while (tests.length < IN_FLIGHT) {
      const c = sievedCandidate(next, bits);
      const verdict = checkPrimeAsync(c);
      verdict.catch(() => undefined); // a test abandoned below still settles; its failure is not unhandled
      tests.push({ c, verdict });
    }
  };
  const found: bigint[] = [];
  refill();
  while (found.length < 2) {
    const { c, verdict } = tests.shift()!;
    if ((await verdict) && c !== found[0]) {
      found.push(c);
      if (found.length === 2) break;
    }
    refill();
  }
  return [found[0]!, found[1]!];
}

/** The private key JWK of primes `p`, `q` (CRT values included). */
function jwkOf(p: bigint, q: bigint): JsonWebKey {
  if (p < q) [p, q] = [q, p];
  const n = p * q;
  const phi = (p - 1n) * (q - 1n);
  const d = modInverse(E, phi);
  return {
    kty: 'RSA',
    n: toB64u(n),
    e: toB64u(E),
    d: toB64u(d),
    p: toB64u(p),
    q: toB64u(q),
    dp: toB64u(d % (p - 1n)),
    dq: toB64u(d % (q - 1n)),
    qi: toB64u(modInverse(q, p)),
  };
}

/**
 * An RSA private key as a JWK: random when `seed` is undefined, otherwise derived from (seed, label).
 * @param seed - reproducibility seed
 * @param label - purpose label
 * @param bits - modulus size in bits (multiple of 16)
 */
export function rsaJwkFromSeed(seed: string | undefined, label: string, bits: number): JsonWebKey {
  if (seed === undefined) {
    // Encoded by the generation job itself: exporting the job's key later can deadlock (crypto/publicJwk.ts).
    return generatePrivateJwk('rsa', { modulusLength: bits, publicExponent: 65537 });
  }
  const next = byteStream(seed, `rsa/${bits}/${label}`);
  const p = prime(next, bits / 2);
  let q = prime(next, bits / 2);
  while (p === q) q = prime(next, bits / 2);
  return jwkOf(p, q);
}

/**
 * The key {@link rsaJwkFromSeed} derives from (seed, label), the same bytes, with the primality
 * tests on libuv's threadpool (a few candidates at once), so deriving never blocks the event loop
 * for more than a few candidates' hashing and trial division.
 * @param seed - reproducibility seed
 * @param label - purpose label
 * @param bits - modulus size in bits (multiple of 16)
 */
export async function rsaJwkFromSeedAsync(seed: string, label: string, bits: number): Promise<JsonWebKey> {
  const [p, q] = await twoPrimesAsync(byteStream(seed, `rsa/${bits}/${label}`), bits / 2);
  return jwkOf(p, q);
}
