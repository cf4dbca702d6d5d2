import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { byteStream, deriveBytes, freshRandomBytes } from './seed.js';

describe('freshRandomBytes (CSPRNG read ahead in 4 KiB blocks)', () => {
  it('hands out each byte once, in fresh arrays owning exactly their bytes, across block refills', () => {
    const seen = new Set<string>();
    // 3 x 4 KiB of 16-byte ids: two refills of the read-ahead block.
    for (let i = 0; i < 768; i++) {
      const bytes = freshRandomBytes(16);
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(Buffer.isBuffer(bytes)).toBe(false);
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(16);
      seen.add(Buffer.from(bytes).toString('hex'));
    }
    expect(seen.size).toBe(768);
  });

  it('serves odd and large lengths (larger ones straight from the CSPRNG)', () => {
    for (const length of [0, 1, 31, 32, 33, 1024, 1025, 5000]) {
      const bytes = freshRandomBytes(length);
      expect(bytes.length).toBe(length);
      expect(bytes.buffer.byteLength).toBe(length);
    }
    // 5000 random bytes are not all zero (a chance of 2^-40000).
    expect(freshRandomBytes(5000).some((b) => b !== 0)).toBe(true);
  });

  it('is what deriveBytes gives without a seed; with a seed deriveBytes stays HKDF-SHA-256', () => {
    expect(Buffer.from(deriveBytes(undefined, 'x', 16))).not.toEqual(Buffer.from(deriveBytes(undefined, 'x', 16)));
    const expected = Buffer.from(hkdfSync('sha256', Buffer.from('seed', 'utf8'), 'vfido/seed/v1', 'label', 48));
    expect(Buffer.from(deriveBytes('seed', 'label', 48))).toEqual(expected);
  });
});

describe('deriveBytes and byteStream (HKDF-Extract once per seed, HKDF-Expand per block)', () => {
  it("gives block n = deriveBytes(seed, label#n) (node:crypto's hkdfSync), for every length up to 255 * 32", () => {
    for (const seed of ['s', 'seed with spaces and ünïcode', '']) {
      const next = byteStream(seed, 'rsa/2048/credential/x');
      [1, 31, 32, 33, 64, 128, 255, 256, 255 * 32].forEach((length, n) => {
        const expected = Buffer.from(hkdfSync('sha256', Buffer.from(seed, 'utf8'), 'vfido/seed/v1', `rsa/2048/credential/x#${n}`, length));
        expect(Buffer.from(next(length))).toEqual(expected);
        expect(Buffer.from(deriveBytes(seed, `rsa/2048/credential/x#${n}`, length))).toEqual(expected);
      });
    }
    expect(() => byteStream('s', 'x')(255 * 32 + 1)).toThrow(RangeError);
    expect(() => deriveBytes('s', 'x', 255 * 32 + 1)).toThrow(RangeError);
  });

  it('stays HKDF-SHA-256 for more seeds than it keeps extracted keys of (and again once they are dropped)', () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 100; i++) {
        const expected = Buffer.from(hkdfSync('sha256', Buffer.from(`seed-${i}`, 'utf8'), 'vfido/seed/v1', 'credential/id', 48));
        expect(Buffer.from(deriveBytes(`seed-${i}`, 'credential/id', 48))).toEqual(expected);
      }
    }
  });
});
