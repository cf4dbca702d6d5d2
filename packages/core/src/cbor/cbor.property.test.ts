/**
 * Property tests of the CTAP2 CBOR codec (CTAP 2.1 section 8 "Message encoding"; RFC 8949 sections
 * 3, 4.2.1 and 5): for arbitrary values of the CTAP subset, encode -> decode is the identity, the
 * encoding is canonical (strict decoding accepts it, keys come out in CTAP2 canonical order) and
 * decode -> encode gives the same bytes back; for arbitrary bytes, only CborError escapes.
 * The generators are fast-check's; nothing here is hand-computed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CborError, compareCborKeys, decodeCbor, decodeCborPrefix, encodeCbor, isCanonical, type CborValue } from './index.js';
import { compareEncodedKeys } from './keyOrder.js';

const TWO_64 = 1n << 64n;

/** Integers as the decoder returns them: safe ones as number, the rest of [-2^64, 2^64-1] as bigint. */
const integer = fc.oneof(
  fc.integer({ min: -0x1_0000_0000, max: 0x1_0000_0000 }),
  fc.maxSafeInteger(),
  fc.maxSafeNat(),
  fc.bigInt({ min: -TWO_64, max: TWO_64 - 1n }).filter((b) => b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)),
);
/** Map keys: what CTAP uses (small integers, short text) plus the edges of the safe range. */
const mapKey = fc.oneof(fc.integer({ min: -100, max: 100 }), fc.maxSafeInteger(), fc.string({ unit: 'binary', maxLength: 12 }));
const text = fc.string({ unit: 'binary', maxLength: 40 });

/** Arbitrary CTAP-subset values in the shape decodeCbor returns (Map for maps, plain Uint8Array). */
const { value: ctapValue } = fc.letrec<{ value: CborValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    integer,
    text,
    fc.uint8Array({ maxLength: 64 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.uniqueArray(fc.tuple(mapKey, tie('value')), { maxLength: 5, selector: ([k]) => k }).map((entries) => new Map(entries)),
  ),
}));

/** Deep equality for decoded values (Map order is ignored: canonical encoding re-sorts keys). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && same(v, b.get(k)));
  return false;
}

describe('CTAP2 CBOR codec properties', () => {
  it('decode(encode(v)) is v, and the encoding is canonical', () => {
    fc.assert(
      fc.property(ctapValue, (v) => {
        const bytes = encodeCbor(v);
        expect(isCanonical(bytes)).toBe(true);
        const decoded = decodeCbor(bytes, { strict: true, maxDepth: 64 });
        expect(same(decoded, v)).toBe(true);
        expect(decodeCborPrefix(bytes, { maxDepth: 64 })).toMatchObject({ length: bytes.length });
      }),
      { numRuns: 2000 },
    );
  });

  it('decode -> encode is the identity on canonical input', () => {
    fc.assert(
      fc.property(ctapValue, (v) => {
        const canonical = encodeCbor(v);
        expect(Buffer.from(encodeCbor(decodeCbor(canonical, { maxDepth: 64 }))).equals(Buffer.from(canonical))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes map keys in CTAP2 canonical order: major type, then encoded length, then bytes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(mapKey, { minLength: 2, maxLength: 12 }), (keys) => {
        const bytes = encodeCbor(new Map(keys.map((k) => [k, 0])));
        // the decoder keeps the order of the bytes, so its keys are the keys as written
        const written = [...(decodeCbor(bytes) as Map<number | string, CborValue>).keys()].map((k) => encodeCbor(k));
        expect(written).toHaveLength(keys.length);
        for (let i = 1; i < written.length; i++) {
          const a = written[i - 1]!;
          const b = written[i]!;
          expect(compareEncodedKeys(a, 0, a.length, b, 0, b.length)).toBeLessThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('compareCborKeys agrees with the order of the encoded keys and is antisymmetric', () => {
    fc.assert(
      fc.property(mapKey, mapKey, (a, b) => {
        const ea = encodeCbor(a);
        const eb = encodeCbor(b);
        expect(Math.sign(compareCborKeys(a, b))).toBe(Math.sign(compareEncodedKeys(ea, 0, ea.length, eb, 0, eb.length)));
        expect(Math.sign(compareCborKeys(a, b))).toBe(-Math.sign(compareCborKeys(b, a)) || 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('throws nothing but CborError for arbitrary bytes, and isCanonical never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 128 }), fc.boolean(), (bytes, strict) => {
        try {
          decodeCbor(bytes, { strict });
        } catch (e) {
          expect(e).toBeInstanceOf(CborError);
        }
        expect(typeof isCanonical(bytes)).toBe('boolean');
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses float map keys, even integral ones (found by fuzz/targets/cbor-core.ts)', () => {
    // {1.5: 0}, {1.0: 0} as float16/32/64, then a COSE-like map with a float32 key: all lenient decodes
    for (const hex of ['a1f93e0000', 'a1f93c0000', 'a1fa3f80000000', 'a1fb3ff000000000000000', 'a20102fa5d9d2d2100']) {
      expect(() => decodeCbor(Buffer.from(hex, 'hex'))).toThrow(/map keys must be integers or text/);
    }
  });

  it('refuses integer map keys outside the safe range, which would not decode back (found by fuzzing)', () => {
    fc.assert(
      fc.property(fc.double({ min: 2 ** 53, max: 2 ** 63, noNaN: true }).map(Math.floor), fc.boolean(), (k, negative) => {
        expect(() => encodeCbor(new Map([[negative ? -k : k, 0]]))).toThrow(CborError);
      }),
      { numRuns: 200 },
    );
    expect(decodeCbor(encodeCbor(new Map([[Number.MAX_SAFE_INTEGER, 0], [Number.MIN_SAFE_INTEGER, 1]])))).toEqual(new Map([[Number.MAX_SAFE_INTEGER, 0], [Number.MIN_SAFE_INTEGER, 1]]));
  });
});
