import { checkPrimeSync, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rsaJwkFromSeed, rsaJwkFromSeedAsync } from './rsaFromSeed.js';
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

describe('seeded RSA keys (trial division and parallel tests keep the keys)', () => {
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
