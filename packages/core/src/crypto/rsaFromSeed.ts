/**
 * Deterministic RSA keys from a seed. Candidates come from the seeded HKDF stream; p and q are the
 * first two distinct primes of that stream, in stream order, so the key is fixed by the stream alone.
 *
 * Primality: trial division by the odd primes below {@link SIEVE_LIMIT} (drops about 87% of the
 * candidates), then Miller-Rabin (FIPS 186-5 B.3.1) to the first 5 prime bases for candidates of
 * 1024 bits and more, the first 7 below (FIPS 186-4 Table C.3: 4 rounds for 1024-bit and 7 for
 * 512-bit candidates keep the error below 2^-100; fixed bases keep the derivation deterministic, and
 * the stream's candidates are pseudo-random, not chosen against them), each modular exponentiation
 * done by OpenSSL: a no-padding RSA public operation whose modulus is the candidate and whose
 * exponent is its odd part (see {@link isProbablePrime}). This picks the primes OpenSSL's own test
 * picks (`crypto.checkPrime`, which this derivation used before, runs at least 64 rounds on every
 * prime: about 20 ms of CPU per 1024-bit prime): a prime passes every round, and a composite passing
 * them all is a chance below 2^-100. So the keys are those of before for every seed
 * (rsaFromSeed.test.ts checks them against the OpenSSL-decided reference and a key recorded before).
 *
 * The async derivation runs the same steps on the main thread a candidate at a time (each about one
 * modular exponentiation, a fraction of a millisecond), yielding to the event loop in between.
 * @module
 */
import { checkPrimeSync, constants, createPublicKey, publicEncrypt, type JsonWebKey } from 'node:crypto';
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

/** The next candidate that survives trial division (those skipped are composite). */
function sievedCandidate(next: (n: number) => Uint8Array, bits: number): bigint {
  for (;;) {
    const c = candidate(next, bits);
    if (!hasSmallFactor(c)) return c;
  }
}

/** Miller-Rabin bases: the first 5 primes for candidates of 1024 bits and more, the first 7 below (see the module header). */
const BASES = [2n, 3n, 5n, 7n, 11n, 13n, 17n];

/** `x` as `length` big-endian bytes. */
function toBytes(x: bigint, length: number): Buffer {
  return Buffer.from(x.toString(16).padStart(length * 2, '0'), 'hex');
}

/**
 * Miller-Rabin (FIPS 186-5 B.3.1) to the bases 2, 3, 5, 7 and 11, and 13 and 17 below 1024 bits;
 * `c` is odd and larger than 17.
 * Each `a^d mod c` (d the odd part of c - 1) is computed by OpenSSL as a raw RSA public operation
 * with modulus c and public exponent d (one key object per candidate, every base reusing it); the
 * few squarings after it are BigInt products. A prime always passes.
 * @param c - the odd candidate
 * @returns false when `c` is composite, true when it is prime (but for the chance noted in the module header)
 */
export function isProbablePrime(c: bigint): boolean {
  let d = c - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const hex = c.toString(16);
  // OpenSSL refuses a public exponent over 64 bits with a modulus over 3072 bits (RSA_BAD_E_VALUE):
  // such candidates (primes of RSA keys above 6144 bits, which no preset has) get OpenSSL's own test.
  if (hex.length * 4 > 3072) return checkPrimeSync(c);
  const length = Math.ceil(hex.length / 2);
  const rounds = hex.length * 4 >= 1024 ? 5 : 7;
  const key = createPublicKey({ key: { kty: 'RSA', n: toB64u(c), e: toB64u(d) }, format: 'jwk' });
  const minusOne = c - 1n;
  for (const a of BASES.slice(0, rounds)) {
    let x = BigInt('0x' + publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, toBytes(a, length)).toString('hex'));
    if (x === 1n || x === minusOne) continue;
    let witness = true;
    for (let i = 1; i < s && witness; i++) {
      x = (x * x) % c;
      if (x === minusOne) witness = false;
      else if (x === 1n) break;
    }
    if (witness) return false;
  }
  return true;
}

function prime(next: (n: number) => Uint8Array, bits: number): bigint {
  for (;;) {
    const c = sievedCandidate(next, bits);
    if (isProbablePrime(c)) return c;
  }
}

/** The next turn of the event loop (I/O and timers run in between). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** {@link prime} a candidate per turn of the event loop. */
async function primeAsync(next: (n: number) => Uint8Array, bits: number): Promise<bigint> {
  for (;;) {
    await nextTurn();
    const c = sievedCandidate(next, bits);
    if (isProbablePrime(c)) return c;
  }
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
 * The key {@link rsaJwkFromSeed} derives from (seed, label), the same bytes, a candidate per turn
 * of the event loop, so deriving never blocks it for more than one candidate's hashing, trial
 * division and test (under a millisecond for a composite, a few for a prime).
 * @param seed - reproducibility seed
 * @param label - purpose label
 * @param bits - modulus size in bits (multiple of 16)
 */
export async function rsaJwkFromSeedAsync(seed: string, label: string, bits: number): Promise<JsonWebKey> {
  const next = byteStream(seed, `rsa/${bits}/${label}`);
  const p = await primeAsync(next, bits / 2);
  let q = await primeAsync(next, bits / 2);
  while (p === q) q = await primeAsync(next, bits / 2);
  return jwkOf(p, q);
}
