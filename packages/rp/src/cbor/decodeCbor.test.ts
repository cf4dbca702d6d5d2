/**
 * The decode-only CBOR wrapper: structure, limits, tags and duplicate keys (RFC 8949; CTAP 2.1 section 8).
 * Inputs are written as hex so the expected structure is visible.
 */
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../test-utils/cbor.js';
import { CborFormatError, decodeCbor, decodeCborPrefix } from './decodeCbor.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s/g, ''), 'hex'));

describe('decodeCbor', () => {
  it('decodes maps as Map with integer keys and byte strings as Uint8Array', () => {
    // {1: 2, 3: -7, -2: h'0102'}
    const v = decodeCbor(hex('a3 01 02 03 26 21 42 0102')) as Map<number, unknown>;
    expect(v).toBeInstanceOf(Map);
    expect(v.get(1)).toBe(2);
    expect(v.get(3)).toBe(-7);
    expect([...(v.get(-2) as Uint8Array)]).toEqual([1, 2]);
  });

  it('round-trips what the test encoder writes', () => {
    const value = new Map<unknown, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', new Uint8Array([9, 8, 7])]]);
    expect(decodeCbor(encodeCbor(value))).toEqual(value);
  });

  it('accepts indefinite-length arrays and maps', () => {
    expect(decodeCbor(hex('9f 01 02 ff'))).toEqual([1, 2]);
    expect(decodeCbor(hex('bf 61 61 01 ff'))).toEqual(new Map([['a', 1]]));
  });

  it('reports where a prefix item ends', () => {
    const r = decodeCborPrefix(hex('a1 01 02 ff ff'), 0);
    expect(r.end).toBe(3);
  });

  it.each([
    ['truncated map', 'a2 01 02 03'],
    ['truncated byte string', '44 0102'],
    ['tag', 'c1 1a 514b67b0'],
    ['reserved additional info', '1c'],
    ['unexpected break', 'ff'],
    ['indefinite integer', '1f'],
    ['odd indefinite map', 'bf 01 ff'],
    ['count larger than input', '9b 00000000ffffffff 00'],
    ['duplicate map key', 'a2 01 02 01 03'],
    ['duplicate text key', 'a2 61 61 01 61 61 02'],
    ['trailing bytes', 'a0 00'],
    ['non-canonical simple value', 'f8 10'],
    ['indefinite-length text string', '7f 61 61 61 62 ff'],
    ['invalid UTF-8 in a text string', '62 c3 28'],
  ])('rejects %s', (_what, input) => {
    expect(() => decodeCbor(hex(input))).toThrow(CborFormatError);
  });

  it('rejects nesting deeper than the limit without overflowing the stack', () => {
    const deep = new Uint8Array(100_000).fill(0x81); // [[[[...
    expect(() => decodeCbor(deep)).toThrow(/nesting too deep/);
    expect(decodeCbor(hex('81'.repeat(16) + '00'))).toBeDefined();
    expect(() => decodeCbor(hex('81'.repeat(17) + '00'))).toThrow(CborFormatError);
  });

  it('rejects more items than the limit', () => {
    const many = hex('9a 00002711' + '00'.repeat(10_001));
    expect(() => decodeCbor(many)).toThrow(/item limit/);
  });
});
