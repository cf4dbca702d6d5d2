/**
 * RFC 8949 Appendix A test vectors, split by what CTAP2 CBOR (CTAP 2.1 section 8) allows:
 * round-trip vectors (encode gives exactly these bytes, strict decode gives the value back),
 * decode-only vectors (well-formed but outside the canonical subset: floats, undefined) and
 * rejected vectors (tags, bignums, indefinite lengths, unassigned simple values).
 * Source: https://www.rfc-editor.org/rfc/rfc8949#appendix-A
 */
import { describe, expect, it } from 'vitest';
import { CborError, decodeCbor, encodeCbor, isCanonical, type CborValue } from './index.js';

const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const m = (...entries: [number | string, CborValue][]): Map<number | string, CborValue> => new Map(entries);

/** [diagnostic notation, value, encoding]; decoded maps come back as Map, so values use Map. */
const ROUND_TRIP: [string, CborValue, string][] = [
  ['0', 0, '00'],
  ['1', 1, '01'],
  ['10', 10, '0a'],
  ['23', 23, '17'],
  ['24', 24, '1818'],
  ['25', 25, '1819'],
  ['100', 100, '1864'],
  ['1000', 1000, '1903e8'],
  ['1000000', 1000000, '1a000f4240'],
  ['1000000000000', 1000000000000, '1b000000e8d4a51000'],
  ['18446744073709551615', 18446744073709551615n, '1bffffffffffffffff'],
  ['-18446744073709551616', -18446744073709551616n, '3bffffffffffffffff'],
  ['-1', -1, '20'],
  ['-10', -10, '29'],
  ['-100', -100, '3863'],
  ['-1000', -1000, '3903e7'],
  ['false', false, 'f4'],
  ['true', true, 'f5'],
  ['null', null, 'f6'],
  ["h''", new Uint8Array(0), '40'],
  ["h'01020304'", hex('01020304'), '4401020304'],
  ['""', '', '60'],
  ['"a"', 'a', '6161'],
  ['"IETF"', 'IETF', '6449455446'],
  ['"\\"\\\\"', '"\\', '62225c'],
  ['"\\u00fc"', '\u00fc', '62c3bc'],
  ['"\\u6c34"', '\u6c34', '63e6b0b4'],
  ['"\\ud800\\udd51"', '\ud800\udd51', '64f0908591'],
  ['[]', [], '80'],
  ['[1, 2, 3]', [1, 2, 3], '83010203'],
  ['[1, [2, 3], [4, 5]]', [1, [2, 3], [4, 5]], '8301820203820405'],
  [
    '[1, 2, ..., 25]',
    Array.from({ length: 25 }, (_, i) => i + 1),
    '98190102030405060708090a0b0c0d0e0f101112131415161718181819',
  ],
  ['{}', m(), 'a0'],
  ['{1: 2, 3: 4}', m([1, 2], [3, 4]), 'a201020304'],
  ['{"a": 1, "b": [2, 3]}', m(['a', 1], ['b', [2, 3]]), 'a26161016162820203'],
  ['["a", {"b": "c"}]', ['a', m(['b', 'c'])], '826161a161626163'],
  [
    '{"a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}',
    m(['a', 'A'], ['b', 'B'], ['c', 'C'], ['d', 'D'], ['e', 'E']),
    'a56161614161626142616361436164614461656145',
  ],
];

/** Well-formed, decoded without `strict`, refused with it (outside the canonical subset vfido emits). */
const DECODE_ONLY: [string, number | undefined, string][] = [
  ['0.0', 0, 'f90000'],
  ['-0.0', -0, 'f98000'],
  ['1.0', 1, 'f93c00'],
  ['1.1', 1.1, 'fb3ff199999999999a'],
  ['1.5', 1.5, 'f93e00'],
  ['65504.0', 65504, 'f97bff'],
  ['100000.0', 100000, 'fa47c35000'],
  ['3.4028234663852886e+38', 3.4028234663852886e38, 'fa7f7fffff'],
  ['1.0e+300', 1.0e300, 'fb7e37e43c8800759c'],
  ['5.960464477539063e-8', 5.960464477539063e-8, 'f90001'],
  ['0.00006103515625', 0.00006103515625, 'f90400'],
  ['-4.0', -4, 'f9c400'],
  ['-4.1', -4.1, 'fbc010666666666666'],
  ['Infinity', Infinity, 'f97c00'],
  ['NaN', NaN, 'f97e00'],
  ['-Infinity', -Infinity, 'f9fc00'],
  ['Infinity (single)', Infinity, 'fa7f800000'],
  ['-Infinity (double)', -Infinity, 'fbfff0000000000000'],
  ['undefined', undefined, 'f7'],
];

/** Well-formed CBOR that CTAP2 CBOR does not allow: always ERR_CBOR_MALFORMED. */
const REJECTED: [string, string][] = [
  ['18446744073709551616 (bignum tag 2)', 'c249010000000000000000'],
  ['-18446744073709551617 (bignum tag 3)', 'c349010000000000000000'],
  ['simple(16)', 'f0'],
  ['simple(255)', 'f8ff'],
  ['0("2013-03-21T20:04:00Z")', 'c074323031332d30332d32315432303a30343a30305a'],
  ['1(1363896240)', 'c11a514b67b0'],
  ['1(1363896240.5)', 'c1fb41d452d9ec200000'],
  ["23(h'01020304')", 'd74401020304'],
  ["24(h'6449455446')", 'd818456449455446'],
  ['32("http://www.example.com")', 'd82076687474703a2f2f7777772e6578616d706c652e636f6d'],
  ["(_ h'0102', h'030405')", '5f42010243030405ff'],
  ['(_ "strea", "ming")', '7f657374726561646d696e67ff'],
  ['[_ ]', '9fff'],
  ['[_ 1, [2, 3], [_ 4, 5]]', '9f018202039f0405ffff'],
  ['[1, [2, 3], [_ 4, 5]]', '83018202039f0405ff'],
  ['{_ "a": 1, "b": [_ 2, 3]}', 'bf61610161629f0203ffff'],
  ['{_ "Fun": true, "Amt": -2}', 'bf6346756ef563416d7421ff'],
];

describe('RFC 8949 Appendix A', () => {
  for (const [diag, value, encoding] of ROUND_TRIP) {
    it(`round-trips ${diag}`, () => {
      expect(toHex(encodeCbor(value))).toBe(encoding);
      expect(decodeCbor(hex(encoding), { strict: true })).toEqual(value);
      expect(isCanonical(hex(encoding))).toBe(true);
    });
  }

  for (const [diag, value, encoding] of DECODE_ONLY) {
    it(`decodes ${diag} leniently and refuses it when strict`, () => {
      expect(Object.is(decodeCbor(hex(encoding)), value) || Number.isNaN(value)).toBe(true);
      if (Number.isNaN(value)) expect(decodeCbor(hex(encoding))).toBeNaN();
      expect(() => decodeCbor(hex(encoding), { strict: true })).toThrow(CborError);
      expect(isCanonical(hex(encoding))).toBe(false);
    });
  }

  for (const [diag, encoding] of REJECTED) {
    it(`rejects ${diag}`, () => {
      for (const strict of [false, true]) {
        let error: unknown;
        try {
          decodeCbor(hex(encoding), { strict });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(CborError);
        expect((error as CborError).code).toBe('ERR_CBOR_MALFORMED');
      }
    });
  }

  it('encodes plain objects like the equivalent text-keyed Map', () => {
    expect(toHex(encodeCbor({ b: [2, 3], a: 1 }))).toBe('a26161016162820203');
    expect(toHex(encodeCbor(['a', { b: 'c' }]))).toBe('826161a161626163');
  });
});
