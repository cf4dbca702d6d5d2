import { checkPrimeSync, createHash, generatePrimeSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isProbablePrime, rsaJwkFromSeed, rsaJwkFromSeedAsync } from './rsaFromSeed.js';
import { byteStream } from './seed.js';

const b64uBig = (s: string | undefined): bigint => BigInt('0x' + Buffer.from(s ?? '', 'base64url').toString('hex'));

/**
 * The derivation's definition without its shortcuts: every candidate of the stream (top bits set,
 * odd, p mod e != 1) goes to OpenSSL in order; p and q are the first two distinct primes.
 */
function referencePrimes(seed: string, label: string, bits: number): [bigint, bigint] {
  const next = byteStream(seed, `rsa/${bits}/${label}`);
  const found: bigint[] = [];
  while (found.length < 2) {
    const bytes = next(bits / 16);
    bytes[0]! |= 0xc0;
    bytes[bytes.length - 1]! |= 1;
    const c = BigInt('0x' + Buffer.from(bytes).toString('hex'));
    if (c % 65537n === 1n) continue;
    if (checkPrimeSync(c, { checks: 32 }) && c !== found[0]) found.push(c);
  }
  return [found[0]!, found[1]!];
}

describe('seeded RSA keys (trial division and the Miller-Rabin test keep the keys)', () => {
  it('sync and async derivations pick the first two primes of the candidate stream, as without the sieve', async () => {
    for (const label of ['credential/a/0/key', 'aik/windows-hello-hardware']) {
      const [p, q] = referencePrimes('sieve-seed', label, 1024);
      const sync = rsaJwkFromSeed('sieve-seed', label, 1024);
      const async = await rsaJwkFromSeedAsync('sieve-seed', label, 1024);
      expect(async).toEqual(sync);
      expect(b64uBig(sync.n)).toBe(p * q);
      expect(new Set([b64uBig(sync.p), b64uBig(sync.q)])).toEqual(new Set([p, q]));
    }
  });

  it('derives the RSA-2048 key the derivation gave before the sieve (recorded from that version)', async () => {
    // sha256 of the modulus of this (seed, label), computed with the pre-sieve rsaFromSeed.ts (commit 9a88232).
    const jwk = await rsaJwkFromSeedAsync('s0', 'credential/windows-hello-hardware/example.com/x0/-257/0/key', 2048);
    const digest = createHash('sha256').update(Buffer.from(jwk.n ?? '', 'base64url')).digest('hex');
    expect(digest).toBe('d2a1de50d5d15d56dc9277007d62729570d1ad446b85a398deb6e02919591290');
  });
});

describe('isProbablePrime (Miller-Rabin with OpenSSL modular exponentiation)', () => {
  it("gives OpenSSL's verdict on primes, products of primes and random odd numbers of 512 and 1024 bits", () => {
    for (const bits of [512, 1024]) {
      const primes = Array.from({ length: 2 }, () => generatePrimeSync(bits, { bigint: true }));
      const numbers = [...primes, primes[0]! * primes[1]!, primes[1]! * 3n];
      for (let i = 0; i < 40; i++) numbers.push(BigInt('0x' + randomBytes(bits / 8).toString('hex')) | 1n | (1n << BigInt(bits - 1)));
      for (const n of numbers) expect(isProbablePrime(n), n.toString(16)).toBe(checkPrimeSync(n));
      for (const p of primes) expect(isProbablePrime(p)).toBe(true);
    }
  });

  it('runs every round: strong pseudoprimes to the first 4, 5 and 6 prime bases are caught by the next one', () => {
    // Strong pseudoprimes to bases 2..7, 2..11 and 2..13 (OEIS A014233: the least ones, psi_4..psi_6).
    for (const n of [3215031751n, 2152302898747n, 3474749660383n]) expect(isProbablePrime(n)).toBe(false);
    // Carmichael numbers (Fermat liars to every coprime base), and primes of those sizes.
    for (const n of [561n, 41041n, 825265n]) expect(isProbablePrime(n)).toBe(false);
    for (const n of [1000000007n, 2n ** 61n - 1n, 2n ** 127n - 1n]) expect(isProbablePrime(n)).toBe(true);
  });

  it("leaves candidates over 3072 bits (OpenSSL takes no exponent of their size) to OpenSSL's own test", () => {
    // The product of the Mersenne primes 2^3217 - 1 and 2^127 - 1: no small factor, 3344 bits. (OpenSSL's test of a
    // prime this size runs 128 rounds, seconds here, so no prime of it is tested.)
    expect(isProbablePrime((2n ** 3217n - 1n) * (2n ** 127n - 1n))).toBe(false);
  });
});
