/**
 * Deterministic RSA keys from a seed. Candidates come from the seeded HKDF stream; primality is
 * decided by OpenSSL (`crypto.checkPrimeSync`), so no number theory is hand-rolled beyond CRT values.
 * @module
 */
import { checkPrimeSync, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
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

function prime(next: (n: number) => Uint8Array, bits: number): bigint {
  for (;;) {
    const bytes = next(bits / 8);
    bytes[0]! |= 0xc0; // top two bits set: p*q has exactly 2*bits bits
    bytes[bytes.length - 1]! |= 1;
    const candidate = toBig(bytes);
    if (candidate % E === 1n) continue; // gcd(e, p-1) must be 1
    if (checkPrimeSync(candidate, { checks: 32 })) return candidate;
  }
}

/**
 * An RSA private key as a JWK: random when `seed` is undefined, otherwise derived from (seed, label).
 * @param seed - reproducibility seed
 * @param label - purpose label
 * @param bits - modulus size in bits (multiple of 16)
 */
export function rsaJwkFromSeed(seed: string | undefined, label: string, bits: number): JsonWebKey {
  if (seed === undefined) {
    return generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 }).privateKey.export({ format: 'jwk' });
  }
  const next = byteStream(seed, `rsa/${bits}/${label}`);
  let p = prime(next, bits / 2);
  let q = prime(next, bits / 2);
  while (p === q) q = prime(next, bits / 2);
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
