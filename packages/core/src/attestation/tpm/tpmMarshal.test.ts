import { describe, expect, it } from 'vitest';
import { concatBytes, tpm2b, u16, u32, u64 } from './tpmMarshal.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('tpmMarshal (TPM 2.0 Part 2, big-endian base types)', () => {
  it('writes UINT16/32/64 big-endian', () => {
    expect(hex(u16(0x000b))).toBe('000b');
    expect(hex(u32(0xff544347))).toBe('ff544347');
    expect(hex(u64(0x0288016an))).toBe('000000000288016a');
    expect(hex(u64(0xffffffffffffffffn))).toBe('ffffffffffffffff');
  });

  it('prefixes a TPM2B with its UINT16 size', () => {
    expect(hex(tpm2b(Uint8Array.of(1, 2, 3)))).toBe('0003010203');
    expect(hex(tpm2b(new Uint8Array(0)))).toBe('0000');
    expect(() => tpm2b(new Uint8Array(0x10000))).toThrow(RangeError);
  });

  it('concatenates', () => {
    expect(hex(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)))).toBe('010203');
  });
});
