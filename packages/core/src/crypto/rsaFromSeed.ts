/**
 * Deterministic RSA keys from a seed. Candidates come from the seeded HKDF stream; primality is
 * decided by OpenSSL (`crypto.checkPrimeSync`), so no number theory is hand-rolled beyond CRT values.
 * @module
 */
import { checkPrime, checkPrimeSync, type JsonWebKey } from 'node:crypto';
import { generatePrivateJwk } from './publicJwk.js';
import { byteStream } from './seed.js';

const E = 65537n;

function toBig(bytes: Uint8Array): bigint {
  return BigInt('0x' + Buffer.from(bytes).toString('hex'));
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

function prime(next: (n: number) => Uint8Array, bits: number): bigint {
  for (;;) {
    const c = candidate(next, bits);
    if (checkPrimeSync(c, { checks: 32 })) return c;
  }
}

/** {@link prime} with the primality tests on libuv's threadpool (async crypto.checkPrime): the same primes, the event loop free. */
async function primeAsync(next: (n: number) => Uint8Array, bits: number): Promise<bigint> {
  for (;;) {
    const c = candidate(next, bits);
    const isPrime = await new Promise<boolean>((resolve, reject) => checkPrime(c, { checks: 32 }, (err, result) => (err ? reject(err) : resolve(result))));
    if (isPrime) return c;
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
 * The key {@link rsaJwkFromSeed} derives from (seed, label), the same bytes, with every primality
 * test on libuv's threadpool, so deriving never blocks the event loop for more than one candidate's
 * hashing.
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
