/**
 * CTAP2 canonical map-key order (CTAP 2.1 section 8 "CTAP2 canonical CBOR encoding form"): keys
 * sort by major type, then by encoded length, then bytewise. (RFC 7049 section 3.9 alone says
 * length first; CTAP puts the major type first, which is what its example 10, 100, -1 shows.)
 * For the integer and text keys CTAP uses that means: unsigned integers ascending, then negative
 * integers by descending value (-1, -2, ...), then text strings shorter-UTF-8-first, then bytewise.
 * @module
 */

const utf8 = new TextEncoder();

/**
 * Order of two encoded keys `a[aStart..aEnd)` and `b[bStart..bEnd)` (non-empty): lower major type
 * first, then shorter, then bytewise.
 */
export function compareEncodedKeys(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const major = ((a[aStart] as number) >> 5) - ((b[bStart] as number) >> 5);
  return major !== 0 ? major : compareBytes(a, aStart, aEnd, b, bStart, bEnd);
}

/** Shorter first, then bytewise. */
function compareBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const diff = aEnd - aStart - (bEnd - bStart);
  if (diff !== 0) return diff;
  for (let i = 0; i < aEnd - aStart; i++) {
    const d = (a[aStart + i] as number) - (b[bStart + i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/** UTF-8 byte length of a string (a lone surrogate counts 3, as its U+FFFD replacement would). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // surrogate pair: 2 code units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

function compareText(a: string, b: string): number {
  const diff = utf8Length(a) - utf8Length(b);
  if (diff !== 0) return diff;
  if (a.length === b.length) {
    // Same length in bytes and in code units: for ASCII text the first differing unit decides.
    for (let i = 0; i < a.length; i++) {
      const ca = a.charCodeAt(i);
      const cb = b.charCodeAt(i);
      if ((ca | cb) >= 0x80) return compareUtf8(a, b);
      if (ca !== cb) return ca - cb;
    }
    return 0;
  }
  return compareUtf8(a, b);
}

/** Rare path: UTF-16 code-unit order differs from UTF-8 byte order around surrogates. */
function compareUtf8(a: string, b: string): number {
  const ea = utf8.encode(a);
  const eb = utf8.encode(b);
  return compareBytes(ea, 0, ea.length, eb, 0, eb.length);
}

/**
 * Compare two map keys in CTAP2 canonical order; negative when `a` sorts first.
 * Integer keys must be integral (the encoder checks that before sorting).
 * @param a - an integer or text key
 * @param b - an integer or text key
 */
export function compareCborKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number') {
    if (typeof b !== 'number') return -1; // major 0/1 before major 3
    if (a >= 0) return b >= 0 ? a - b : -1; // major 0 before major 1
    return b >= 0 ? 1 : b - a; // -1 (0x20) before -2 (0x21)
  }
  if (typeof b === 'number') return 1;
  return compareText(a, b);
}

/**
 * Sort keys into canonical order in place, skipping the sort when they already are (the common
 * case: CTAP maps are usually built in ascending key order).
 * @param keys - integer and text keys, each integral/valid
 */
export function sortCborKeys<K extends number | string>(keys: K[]): K[] {
  for (let i = 1; i < keys.length; i++) {
    if (compareCborKeys(keys[i - 1] as K, keys[i] as K) > 0) return keys.sort(compareCborKeys);
  }
  return keys;
}
