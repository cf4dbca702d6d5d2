import { describe, expect, it } from 'vitest';
import { Decoder } from 'cbor-x';
import { CborError, compareCborKeys, decodeCbor, encodeCbor, type CborValue } from './index.js';

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CborError);
    return (e as CborError).code;
  }
  return undefined;
};

describe('encodeCbor canonical map-key order (CTAP 2.1 section 8, RFC 7049 section 3.9)', () => {
  it('sorts the RFC 7049 example keys 10, 100, -1, "z", "aa" whatever the insertion order', () => {
    const expected = 'a5' + '0a00' + '186400' + '2000' + '617a00' + '62616100';
    const keys: (number | string)[] = ['aa', -1, 'z', 100, 10];
    expect(toHex(encodeCbor(new Map(keys.map((k) => [k, 0]))))).toBe(expected);
    expect(toHex(encodeCbor(new Map([...keys].reverse().map((k) => [k, 0]))))).toBe(expected);
  });

  it('orders a COSE key 1, 3, -1, -2, -3 as in WebAuthn L3 6.5.1.1', () => {
    const key = new Map<number, CborValue>([[-3, 3], [-2, 2], [-1, 1], [3, -7], [1, 2]]);
    expect(toHex(encodeCbor(key))).toBe('a5' + '0102' + '0326' + '2001' + '2102' + '2203');
  });

  it('orders integers by encoded length then value, negatives by magnitude', () => {
    const ints = [0, 23, 24, 255, 256, 65535, 65536, 2 ** 32, -1, -24, -25, -256, -257, -65537];
    const shuffled = [...ints].sort(() => 0.5 - Math.random());
    const decoded = decodeCbor(encodeCbor(new Map(shuffled.map((k) => [k, null]))), { strict: true }) as Map<number, null>;
    expect([...decoded.keys()]).toEqual(ints);
  });

  it('orders text keys by UTF-8 length, then UTF-8 bytes (not UTF-16 code units)', () => {
    // "z" (1 byte) < "aa" (2) < "é" c3a9 (2, 0xc3 > 0x61) < "\uE000a" ee8080 61 (4) < "\u{10000}" f0908080 (4)
    const order = ['z', 'aa', '\u00e9', '\ue000a', '\u{10000}'];
    const decoded = decodeCbor(encodeCbor(new Map([...order].reverse().map((k) => [k, 1])))) as Map<string, number>;
    expect([...decoded.keys()]).toEqual(order);
    // JS code-unit order would put the surrogate pair (0xd800) before 0xe000:
    expect('\u{10000}' < '\ue000a').toBe(true);
    expect(compareCborKeys('\ue000a', '\u{10000}')).toBeLessThan(0);
  });

  it('puts all integer keys before text keys and sorts plain-object keys as text', () => {
    expect(toHex(encodeCbor(new Map<number | string, CborValue>([['a', 1], [-5, 2], [7, 3]])))).toBe('a3' + '0703' + '2402' + '616101');
    // Object.keys lists "10" before "9"; canonical text order puts the shorter "9" first
    expect(toHex(encodeCbor({ 10: 1, 9: 2, b: 3 }))).toBe('a3' + '613902' + '616203' + '62313001');
  });
});

describe('encodeCbor integers', () => {
  it('writes integers >= 2^32 as uint64, never as float64', () => {
    expect(toHex(encodeCbor(2 ** 32))).toBe('1b0000000100000000');
    expect(toHex(encodeCbor(Number.MAX_SAFE_INTEGER))).toBe('1b001fffffffffffff');
    expect(toHex(encodeCbor(2 ** 53))).toBe('1b0020000000000000');
    expect(toHex(encodeCbor(2 ** 63))).toBe('1b8000000000000000');
    expect(toHex(encodeCbor(-(2 ** 32) - 1))).toBe('3b0000000100000000');
    expect(toHex(encodeCbor(-(2 ** 64)))).toBe('3bffffffffffffffff');
    expect(toHex(encodeCbor(2n ** 64n - 1n))).toBe('1bffffffffffffffff');
    expect(toHex(encodeCbor(-(2n ** 64n)))).toBe('3bffffffffffffffff');
  });

  it('writes small bigints in the shortest form, like numbers', () => {
    expect(toHex(encodeCbor(5n))).toBe('05');
    expect(toHex(encodeCbor(-7n))).toBe('26');
    expect(toHex(encodeCbor(0xffffffffn))).toBe('1affffffff');
    expect(toHex(encodeCbor([2n ** 40n, 2 ** 40]))).toBe('82' + '1b0000010000000000'.repeat(2));
  });

  it('takes the shortest head at every boundary', () => {
    const cases: [number, string][] = [
      [23, '17'], [24, '1818'], [255, '18ff'], [256, '190100'], [65535, '19ffff'], [65536, '1a00010000'],
      [2 ** 32 - 1, '1affffffff'], [-24, '37'], [-25, '3818'], [-256, '38ff'], [-257, '390100'], [-65537, '3a00010000'],
    ];
    for (const [n, h] of cases) expect(toHex(encodeCbor(n)), String(n)).toBe(h);
    expect(toHex(encodeCbor(new Uint8Array(24)))).toBe('5818' + '00'.repeat(24));
    expect(toHex(encodeCbor('x'.repeat(256))).slice(0, 6)).toBe('790100');
    expect(toHex(encodeCbor(new Array(23).fill(0))).slice(0, 2)).toBe('97');
  });

  it('refuses floats and integers outside [-2^64, 2^64-1] with ERR_CBOR_UNSUPPORTED', () => {
    for (const v of [1.5, -0.25, NaN, Infinity, -Infinity, 2 ** 64, -(2 ** 64) * 2, 2n ** 64n, -(2n ** 64n) - 1n]) {
      expect(codeOf(() => encodeCbor(v)), String(v)).toBe('ERR_CBOR_UNSUPPORTED');
    }
    expect(toHex(encodeCbor(-0))).toBe('00');
  });
});

describe('encodeCbor values', () => {
  it('writes Uint8Array and Buffer as byte strings, untagged', () => {
    expect(toHex(encodeCbor(new Uint8Array([1, 2])))).toBe('420102');
    expect(toHex(encodeCbor(Buffer.from([1, 2])))).toBe('420102');
    expect(toHex(encodeCbor(new Uint8Array(new ArrayBuffer(8), 2, 3)))).toBe('43000000');
  });

  it('leaves out undefined map values, in Maps and plain objects', () => {
    expect(toHex(encodeCbor(new Map<number, CborValue>([[1, 1], [2, undefined], [3, 3]])))).toBe('a201010303');
    expect(toHex(encodeCbor({ a: 1, b: undefined }))).toBe('a1616101');
    expect(toHex(encodeCbor({ a: undefined }))).toBe('a0');
  });

  it('returns a fresh, exact-size Uint8Array each call', () => {
    const a = encodeCbor([1, 2]);
    const b = encodeCbor([3]);
    expect(a.constructor).toBe(Uint8Array);
    expect(a.buffer.byteLength).toBe(3);
    expect(toHex(a)).toBe('820102');
    expect(toHex(b)).toBe('8103');
  });

  it('grows past its internal buffer for large values', () => {
    const big = new Uint8Array(300_000).fill(7);
    const out = encodeCbor([big, 'x'.repeat(70_000), big]);
    expect(out.length).toBe(1 + 2 * (5 + 300_000) + 5 + 70_000);
    const back = decodeCbor(out) as [Uint8Array, string, Uint8Array];
    expect(back[1].length).toBe(70_000);
    expect(back[2].every((x) => x === 7)).toBe(true);
    expect(toHex(encodeCbor(1))).toBe('01');
  });

  it('encodes non-ASCII text as UTF-8 and refuses lone surrogates', () => {
    expect(toHex(encodeCbor('a\u00fcb'))).toBe('6461c3bc62');
    expect(codeOf(() => encodeCbor('\ud800'))).toBe('ERR_CBOR_UNSUPPORTED');
    expect(codeOf(() => encodeCbor('x\udc00y'))).toBe('ERR_CBOR_UNSUPPORTED');
    expect(codeOf(() => encodeCbor({ ['\ud800']: 1 }))).toBe('ERR_CBOR_UNSUPPORTED');
  });

  it('refuses values CTAP2 CBOR cannot carry', () => {
    const bad: unknown[] = [
      undefined, [1, undefined], new Date(0), new ArrayBuffer(2), new Uint16Array(2), () => 1, Symbol('s'),
      new Map<unknown, number>([[1.5, 1]]), new Map<unknown, number>([[true, 1]]), new Map<unknown, number>([[1n, 1]]),
      new Map<unknown, number>([[new Uint8Array(1), 1]]), new Set([1]), { a: 0.5 },
    ];
    for (const v of bad) expect(codeOf(() => encodeCbor(v as CborValue)), String(v)).toBe('ERR_CBOR_UNSUPPORTED');
    expect(toHex(encodeCbor(Object.assign(Object.create(null) as object, { a: 1 }) as CborValue))).toBe('a1616101');
  });

  it('refuses cyclic values with ERR_CBOR_LIMIT instead of overflowing the stack', () => {
    const cyclic: CborValue[] = [];
    cyclic.push(cyclic);
    expect(codeOf(() => encodeCbor(cyclic))).toBe('ERR_CBOR_LIMIT');
    expect(toHex(encodeCbor([1]))).toBe('8101'); // the shared buffer recovers
  });

  it('survives a re-entrant call from a getter', () => {
    const value = {
      get inner(): CborValue {
        return encodeCbor({ x: 1 });
      },
    };
    expect(toHex(encodeCbor(value as unknown as CborValue))).toBe('a165696e6e657244a1617801');
  });
});

/** Seeded random CTAP-shaped values; cbor-x (an independent decoder) must read back the same thing. */
function randomValue(next: () => number, depth: number): CborValue {
  const pick = Math.floor(next() * (depth > 3 ? 6 : 9));
  const int = (): number => {
    const magnitude = [24, 256, 65536, 2 ** 32, 2 ** 53][Math.floor(next() * 5)] as number;
    return Math.floor(next() * magnitude) * (next() < 0.5 ? -1 : 1) || 0;
  };
  const text = (): string => Array.from({ length: Math.floor(next() * 30) }, () => String.fromCodePoint(next() < 0.8 ? 0x20 + Math.floor(next() * 95) : 0xa0 + Math.floor(next() * 0x10000))).join('').replace(/[\ud800-\udfff]/g, 'x');
  switch (pick) {
    case 0: return int();
    case 1: return text();
    case 2: return Uint8Array.from({ length: Math.floor(next() * 300) }, () => Math.floor(next() * 256));
    case 3: return next() < 0.5;
    case 4: return null;
    case 5: return next() < 0.5 ? BigInt(2 ** 53) * BigInt(1 + Math.floor(next() * 2047)) : -(2n ** 64n) + BigInt(Math.floor(next() * 1000));
    case 6: return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
    case 7: return new Map(Array.from({ length: Math.floor(next() * 6) }, () => [next() < 0.5 ? int() : text(), randomValue(next, depth + 1)] as const));
    default: return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [text(), randomValue(next, depth + 1)]));
  }
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Codec-independent view: Map/object -> sorted [key, value] pairs, bytes -> hex, safe bigint -> number. */
function normal(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? Number(v) : `${v}n`;
  if (v instanceof Uint8Array) return 'h' + Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return v.map(normal);
  if (v instanceof Map || (v !== null && typeof v === 'object')) {
    const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
    return entries.map(([k, x]) => [normal(k), normal(x)]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  }
  return v;
}

describe('encodeCbor against an independent decoder (cbor-x), seeded random values', () => {
  it('produces bytes cbor-x reads back as the input, and that re-encode identically', () => {
    const cborx = new Decoder({ mapsAsObjects: false, useRecords: false });
    const next = mulberry32(20261123);
    for (let i = 0; i < 500; i++) {
      const value = randomValue(next, 0);
      const bytes = encodeCbor(value);
      expect(normal(cborx.decode(Buffer.from(bytes)))).toEqual(normal(value));
      expect(normal(decodeCbor(bytes, { strict: true }))).toEqual(normal(value));
      expect(toHex(encodeCbor(decodeCbor(bytes)))).toBe(toHex(bytes));
    }
  });
});
