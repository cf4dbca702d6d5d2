import { describe, expect, it } from 'vitest';
import { CborError, decodeCbor, decodeCborPrefix, encodeCbor, isCanonical, type CborErrorCode } from './index.js';

const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
function errorOf(fn: () => unknown): CborError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CborError);
    return e as CborError;
  }
  throw new Error('expected a CborError, got a result');
}

/** [what, input hex, message fragment]; each must throw ERR_CBOR_MALFORMED, strict or not. */
const MALFORMED: [string, string, RegExp][] = [
  ['empty input', '', /truncated/],
  ['1-byte argument missing', '18', /truncated/],
  ['2-byte argument cut', '1901', /truncated/],
  ['4-byte argument cut', '1a000001', /truncated/],
  ['8-byte argument cut', '1b00000000000001', /truncated/],
  ['negative 8-byte argument cut', '3b000000', /truncated/],
  ['byte string cut', '4201', /truncated/],
  ['text string cut', '636161', /truncated/],
  ['array cut', '8201', /truncated/],
  ['map value missing', 'a101', /truncated/],
  ['map key missing', 'a20102', /truncated/],
  ['trailing byte', '0102', /1 trailing bytes/],
  ['trailing bytes after a map', 'a1010200ff', /2 trailing bytes/],
  ['reserved additional info 28', '1c', /reserved additional info 28/],
  ['reserved additional info 29 (negative)', '3d', /reserved additional info 29/],
  ['reserved additional info 30 (bytes)', '5e', /reserved additional info 30/],
  ['reserved additional info 31 (unsigned)', '1f', /reserved additional info 31/],
  ['reserved additional info 28 (simple)', 'fc', /reserved additional info 28/],
  ['indefinite byte string', '5f4101ff', /indefinite length/],
  ['indefinite text string', '7f6161ff', /indefinite length/],
  ['indefinite array', '9f01ff', /indefinite length/],
  ['indefinite map', 'bf0102ff', /indefinite length/],
  ['lone break', 'ff', /unexpected break/],
  ['break inside a definite array', '8101ff', /trailing/],
  ['tag 0', 'c060', /unsupported tag 0/],
  ['tag 24 (embedded cbor)', 'd8184101', /unsupported tag 24/],
  ['self-describe tag 55799', 'd9d9f701', /unsupported tag 55799/],
  ['tag with a 64-bit number', 'db000000010000000001', /unsupported tag 4294967296/],
  ['simple(16)', 'f0', /unsupported simple value/],
  ['two-byte simple(24)', 'f818', /unsupported simple value/],
  ['two-byte simple(32)', 'f820', /unsupported simple value/],
  ['float16 cut', 'f93c', /truncated/],
  ['float64 cut', 'fb3ff19999', /truncated/],
  ['invalid utf-8 (bad continuation)', '62c328', /invalid utf-8/],
  ['invalid utf-8 (lone continuation)', '6180', /invalid utf-8/],
  ['invalid utf-8 (overlong NUL)', '62c080', /invalid utf-8/],
  ['invalid utf-8 (encoded surrogate)', '63eda080', /invalid utf-8/],
  ['invalid utf-8 (above U+10FFFF)', '64f4908080', /invalid utf-8/],
  ['invalid utf-8 in a long string', '78' + '28' + '61'.repeat(39) + 'ff', /invalid utf-8/],
  ['duplicate integer key', 'a201010102', /duplicate map key 1/],
  ['duplicate text key', 'a2616101616102', /duplicate map key "a"/],
  ['byte-string key', 'a1410101', /keys must be integers or text/],
  ['array key', 'a18001', /keys must be integers or text/],
  ['boolean key', 'a1f501', /keys must be integers or text/],
  ['null key', 'a1f601', /keys must be integers or text/],
  ['bigint key', 'a11bffffffffffffffff01', /keys must be integers or text/],
  ['huge byte string length', '5bffffffffffffffff', /truncated/],
  ['huge text length', '7a7fffffff61', /truncated/],
  ['huge array count', '9affffffff00', /truncated/],
  ['huge map count', 'ba7fffffff0101', /truncated/],
];

describe('decodeCbor malformed input', () => {
  for (const [what, input, message] of MALFORMED) {
    it(`rejects ${what}`, () => {
      for (const strict of [false, true]) {
        const error = errorOf(() => decodeCbor(hex(input), { strict }));
        expect(error.code).toBe('ERR_CBOR_MALFORMED');
        expect(error.message).toMatch(message);
      }
    });
  }

  it('reports the offset of the failure', () => {
    const error = errorOf(() => decodeCbor(hex('83 01 02 c0')));
    expect(error.offset).toBe(3);
    expect(error.message).toBe('unsupported tag 0 at byte 3');
  });

  it('rejects input that is not a Uint8Array', () => {
    for (const input of ['a0', [0xa0], new ArrayBuffer(1), null, undefined]) {
      expect(errorOf(() => decodeCbor(input as unknown as Uint8Array)).code).toBe('ERR_CBOR_MALFORMED');
    }
  });

  it('throws only CborError for every truncation and single-byte corruption of a real message', () => {
    const valid = encodeCbor(
      new Map<number | string, import('./types.js').CborValue>([
        [1, new Uint8Array(32).fill(9)], [2, { id: 'example.com', name: 'Ex\u00e4mple' }],
        [4, [{ alg: -7, type: 'public-key' }, { alg: -257, type: 'public-key' }]], [5, 2 ** 40], [7, { rk: true }],
      ]),
    );
    let failures = 0;
    const attempt = (bytes: Uint8Array): void => {
      try {
        decodeCbor(bytes, { strict: true });
      } catch (e) {
        if (!(e instanceof CborError)) throw e;
        failures++;
      }
    };
    for (let n = 0; n < valid.length; n++) attempt(valid.subarray(0, n));
    for (let i = 0; i < valid.length; i++) {
      for (const v of [0x00, 0x17, 0x18, 0x1b, 0x1f, 0x5f, 0x7f, 0x9b, 0xbb, 0xc0, 0xf7, 0xf9, 0xff, valid[i]! ^ 0x80]) {
        const copy = valid.slice();
        copy[i] = v;
        attempt(copy);
      }
    }
    expect(failures).toBeGreaterThan(valid.length); // all truncations at least
  });
});

describe('decodeCbor limits', () => {
  it('stops a 100k-deep nesting bomb quickly with ERR_CBOR_LIMIT', () => {
    for (const opener of ['81', 'a101']) {
      const bomb = hex(opener.repeat(100_000) + '00');
      const error = errorOf(() => decodeCbor(bomb));
      expect(error.code).toBe('ERR_CBOR_LIMIT');
      expect(error.message).toMatch(/nesting deeper than 16/);
      // "Quickly" without a clock (tests time nothing): the decoder stops at the 17th level, before it reads
      // further. Past that level the input is 100k bytes no decoder accepts (0xff, a lone break); a decoder
      // that walked on would fail on them, not on the limit.
      const stops = errorOf(() => decodeCbor(hex(opener.repeat(17) + 'ff'.repeat(100_000))));
      expect(stops.code).toBe('ERR_CBOR_LIMIT');
      expect(stops.message).toMatch(/nesting deeper than 16/);
    }
  });

  it('allows exactly maxDepth levels', () => {
    expect(decodeCbor(hex('81'.repeat(16) + '00'))).toBeDefined();
    expect(errorOf(() => decodeCbor(hex('81'.repeat(17) + '00'))).code).toBe('ERR_CBOR_LIMIT');
    expect(decodeCbor(hex('8181818100'), { maxDepth: 4 })).toEqual([[[[0]]]]);
    expect(errorOf(() => decodeCbor(hex('818181818100'), { maxDepth: 4 })).code).toBe('ERR_CBOR_LIMIT');
    expect(errorOf(() => decodeCbor(hex('80'), { maxDepth: 0 })).code).toBe('ERR_CBOR_LIMIT');
    expect(decodeCbor(hex('05'), { maxDepth: 0 })).toBe(5);
  });

  it('caps a huge maxDepth so deep input still cannot overflow the stack', () => {
    const error = errorOf(() => decodeCbor(hex('81'.repeat(200_000) + '00'), { maxDepth: 1e9, maxBytes: 1e9 }));
    expect(error.code).toBe('ERR_CBOR_LIMIT');
  });

  it('refuses limits that are not numbers >= 0', () => {
    for (const limits of [{ maxDepth: NaN }, { maxBytes: NaN }, { maxDepth: -1 }, { maxBytes: '9' as unknown as number }]) {
      expect(errorOf(() => decodeCbor(hex('00'), limits)).code).toBe('ERR_CBOR_LIMIT');
    }
  });

  it('refuses input above maxBytes before reading it', () => {
    const big = encodeCbor(new Uint8Array(2 * 1024 * 1024));
    const t0 = performance.now();
    expect(errorOf(() => decodeCbor(big)).code).toBe('ERR_CBOR_LIMIT');
    expect(performance.now() - t0).toBeLessThan(20);
    expect((decodeCbor(big, { maxBytes: 3 * 1024 * 1024 }) as Uint8Array).length).toBe(2 * 1024 * 1024);
    expect(errorOf(() => decodeCbor(hex('4400000000'), { maxBytes: 4 })).code).toBe('ERR_CBOR_LIMIT');
  });

  it('rejects huge claimed lengths quickly without allocating', () => {
    for (const input of ['5bffffffffffffffff', '9bffffffffffffffff', 'bbffffffffffffffff', '9a0fffffff' + '00'.repeat(100)]) {
      const t0 = performance.now();
      expect(errorOf(() => decodeCbor(hex(input))).code).toBe('ERR_CBOR_MALFORMED');
      expect(performance.now() - t0).toBeLessThan(20);
    }
  });
});

/** [what, input hex, lenient decode result]: accepted by default, refused with `strict`. */
const NON_CANONICAL: [string, string, unknown][] = [
  ['23 in one extra byte', '1817', 23],
  ['255 in two bytes', '1900ff', 255],
  ['65535 in four bytes', '1a0000ffff', 65535],
  ['2^32-1 in eight bytes', '1b00000000ffffffff', 2 ** 32 - 1],
  ['small integer in eight bytes', '1b0000000000000001', 1],
  ['-24 in one extra byte', '3817', -24],
  ['-1 in eight bytes', '3b0000000000000000', -1],
  ['empty byte string with a length byte', '5800', new Uint8Array(0)],
  ['text length in two bytes', '79000161', 'a'],
  ['array count in one extra byte', '980101', [1]],
  ['map count in one extra byte', 'b8010102', new Map([[1, 2]])],
  ['integer keys out of order', 'a202010102', new Map([[2, 1], [1, 2]])],
  ['negative key before positive key', 'a220010102', new Map([[-1, 1], [1, 2]])],
  ['-2 before -1', 'a221012002', new Map([[-2, 1], [-1, 2]])],
  ['long text key before short one', 'a262616101617a02', new Map([['aa', 1], ['z', 2]])],
  ['text key before integer key', 'a2616101 0102', new Map<unknown, number>([['a', 1], [1, 2]])],
  ['-1 before a 9-byte unsigned key (major type decides first)', 'a2 2000 1b0000000100000000 00', new Map([[-1, 0], [2 ** 32, 0]])],
  ['a float', 'f93e00', 1.5],
  ['undefined', 'f7', undefined],
];

describe('decodeCbor strict (CTAP2 canonical form)', () => {
  for (const [what, input, value] of NON_CANONICAL) {
    it(`accepts ${what} by default, rejects it when strict`, () => {
      expect(decodeCbor(hex(input))).toEqual(value);
      const error = errorOf(() => decodeCbor(hex(input), { strict: true }));
      expect(error.code).toBe('ERR_CBOR_MALFORMED');
      expect(error.message).toMatch(/non-canonical/);
      expect(isCanonical(hex(input))).toBe(false);
    });
  }

  it('accepts canonical edge cases', () => {
    for (const input of ['17', '1818', '1900ff'.replace('1900ff', '18ff'), '190100', '1a00010000', '1b0000000100000000', '3b0000000100000000', 'a2 1b0000000100000000 00 2000']) {
      expect(isCanonical(hex(input)), input).toBe(true);
      expect(toHex(encodeCbor(decodeCbor(hex(input))))).toBe(input.replace(/\s/g, ''));
    }
  });
});

describe('decodeCbor values', () => {
  it('decodes every map as a Map with integer keys kept as numbers', () => {
    const value = decodeCbor(hex('a2 01 a1 6161 02 20 80')) as Map<number, unknown>;
    expect(value).toBeInstanceOf(Map);
    expect([...value.keys()]).toEqual([1, -1]);
    expect(value.get(1)).toEqual(new Map([['a', 2]]));
  });

  it('returns integers beyond 2^53 as bigint and safe ones as number', () => {
    expect(decodeCbor(hex('1b001fffffffffffff'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(decodeCbor(hex('1b0020000000000000'))).toBe(2n ** 53n);
    expect(decodeCbor(hex('3b001ffffffffffffe'))).toBe(Number.MIN_SAFE_INTEGER);
    expect(decodeCbor(hex('3b001fffffffffffff'))).toBe(-(2n ** 53n));
    expect(decodeCbor(hex('1a80000000'))).toBe(0x80000000);
    expect(decodeCbor(hex('3affffffff'))).toBe(-(2 ** 32));
  });

  it('returns byte strings as plain Uint8Array views, also for Buffer input', () => {
    const input = Buffer.from('a2014201020243030405', 'hex');
    const value = decodeCbor(input) as Map<number, Uint8Array>;
    for (const bytes of value.values()) expect(bytes.constructor).toBe(Uint8Array);
    expect([...value.get(1)!]).toEqual([1, 2]);
    expect(value.get(2)!.buffer).toBe(input.buffer); // a view, not a copy
  });

  it('keeps a leading BOM in text', () => {
    expect(decodeCbor(hex('63efbbbf'))).toBe('\ufeff');
  });

  it('decodes long and non-ASCII text', () => {
    const text = 'h\u00e9llo w\u00f6rld, '.repeat(10);
    expect(decodeCbor(encodeCbor(text))).toBe(text);
  });
});

describe('decodeCborPrefix', () => {
  it('decodes the first item and reports its length, leaving the rest', () => {
    expect(decodeCborPrefix(hex('a10102 a0 ff'))).toEqual({ value: new Map([[1, 2]]), length: 3 });
    expect(decodeCborPrefix(hex('00'))).toEqual({ value: 0, length: 1 });
  });

  it('still rejects a malformed or truncated first item', () => {
    const codes: CborErrorCode[] = [
      errorOf(() => decodeCborPrefix(hex('a201'))).code,
      errorOf(() => decodeCborPrefix(hex(''))).code,
      errorOf(() => decodeCborPrefix(hex('a1010200'), { strict: true, maxDepth: 0 })).code,
    ];
    expect(codes).toEqual(['ERR_CBOR_MALFORMED', 'ERR_CBOR_MALFORMED', 'ERR_CBOR_LIMIT']);
  });
});
