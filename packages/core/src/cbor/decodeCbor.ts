/**
 * Strict, bounded CBOR decoder for the CTAP2 subset (CTAP 2.1 section 8 "Message encoding";
 * RFC 8949 sections 3, 4.2 and 5). A single pass whose allocations are bounded by the input size:
 * every claimed length is checked against the remaining bytes before use, nesting is capped, and
 * any failure is a {@link CborError}.
 *
 * Not built on cbor-x: its decoder keeps the last of duplicate keys, replaces invalid UTF-8,
 * turns tags into Date and friends, accepts indefinite lengths, returns `Buffer`, and overflows
 * the stack on deep nesting. Pre-scanning and normalising around it would take three passes; this
 * one measures on par with cbor-x's own decode (about 1M attestationObjects/s).
 *
 * Always rejected: indefinite lengths, tags, reserved additional info, unassigned simple values,
 * invalid UTF-8, duplicate keys, map keys other than integers and text. With `strict: true` also
 * rejected: non-shortest heads, unsorted map keys, floats and `undefined`, so that strict input
 * re-encodes byte for byte with {@link encodeCbor}.
 * @module
 */
import { CborError } from './cborError.js';
import { compareEncodedKeys } from './keyOrder.js';
import type { CborMap, CborValue } from './types.js';

/** Decoder limits and strictness. */
export interface CborDecodeOptions {
  /** Largest accepted input in bytes (default 1 MiB). */
  maxBytes?: number;
  /** Deepest accepted nesting of arrays and maps; a top-level map is depth 1 (default 16). */
  maxDepth?: number;
  /** Also reject anything that is not CTAP2 canonical (default false). */
  strict?: boolean;
}

/** Default {@link CborDecodeOptions.maxBytes}: 1 MiB. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;
/** Default {@link CborDecodeOptions.maxDepth}: 16 (CTAP messages use at most 4). */
export const DEFAULT_MAX_DEPTH = 16;
const DEPTH_CEILING = 1000; // keeps recursion far from the JS stack limit

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

class Reader {
  pos = 0;
  constructor(
    readonly b: Uint8Array,
    readonly maxDepth: number,
    readonly strict: boolean,
  ) {}

  fail(message: string, at = this.pos): never {
    throw new CborError('ERR_CBOR_MALFORMED', message, at);
  }

  need(n: number, what: string): void {
    if (n > this.b.length - this.pos) this.fail(`truncated: ${what} needs ${n} bytes, ${this.b.length - this.pos} left`);
  }

  /** Argument of a head with additional info 24..27; `start` is the initial byte's offset. */
  argument(ai: number, start: number): number {
    const b = this.b;
    let n: number;
    if (ai === 24) {
      this.need(1, 'head');
      n = b[this.pos++] as number;
      if (this.strict && n < 24) this.fail('non-canonical: argument not in shortest form', start);
    } else if (ai === 25) {
      this.need(2, 'head');
      n = ((b[this.pos] as number) << 8) | (b[this.pos + 1] as number);
      this.pos += 2;
      if (this.strict && n < 0x100) this.fail('non-canonical: argument not in shortest form', start);
    } else if (ai === 26) {
      n = this.uint32();
      if (this.strict && n < 0x10000) this.fail('non-canonical: argument not in shortest form', start);
    } else {
      // ai 27 for lengths and tag numbers (integers go to int64); a length >= 2^32 exceeds any input
      this.need(8, 'head');
      const hi = this.uint32();
      n = hi * 0x1_0000_0000 + this.uint32();
      if (this.strict && hi === 0) this.fail('non-canonical: argument not in shortest form', start);
    }
    return n;
  }

  uint32(): number {
    this.need(4, 'head');
    const b = this.b;
    const p = this.pos;
    this.pos += 4;
    return (b[p] as number) * 0x100_0000 + (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number));
  }

  /** A 64-bit integer argument (major 0/1, ai 27): a number when safe, else a bigint. */
  int64(major: number, start: number): number | bigint {
    this.need(8, 'head');
    const hi = this.uint32();
    const lo = this.uint32();
    if (this.strict && hi === 0) this.fail('non-canonical: integer not in shortest form', start);
    if (hi < 0x20_0000) {
      const n = hi * 0x1_0000_0000 + lo; // <= 2^53 - 1
      if (major === 0) return n;
      if (n < Number.MAX_SAFE_INTEGER) return -1 - n;
    }
    const big = (BigInt(hi) << 32n) | BigInt(lo);
    return major === 0 ? big : -1n - big;
  }

  item(depth: number): CborValue {
    const start = this.pos;
    this.need(1, 'item');
    const ib = this.b[this.pos++] as number;
    const major = ib >> 5;
    const ai = ib & 0x1f;
    if (major === 7) return this.simple(ai, start);
    if (ai >= 28) {
      const indefinite = ai === 31 && major >= 2 && major <= 5;
      this.fail(indefinite ? 'indefinite length is not allowed in ctap2 cbor' : `reserved additional info ${ai}`, start);
    }
    if (ai === 27 && major < 2) return this.int64(major, start);
    const n = ai < 24 ? ai : this.argument(ai, start);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
        this.need(n, 'byte string');
        return this.b.subarray(this.pos, (this.pos += n)); // a view: no copy
      case 3:
        this.need(n, 'text string');
        return this.text(n, start);
      case 4:
        return this.array(n, depth + 1, start);
      case 5:
        return this.map(n, depth + 1, start);
      default:
        return this.fail(`unsupported tag ${n}`, start);
    }
  }

  simple(ai: number, start: number): CborValue {
    switch (ai) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        if (this.strict) this.fail('non-canonical: undefined is not a ctap2 value', start);
        return undefined;
      case 25:
      case 26:
      case 27:
        return this.float(ai, start);
      case 31:
        return this.fail('unexpected break outside an indefinite-length item', start);
      default:
        return this.fail(ai <= 24 ? 'unsupported simple value' : `reserved additional info ${ai}`, start);
    }
  }

  float(ai: number, start: number): number {
    const size = ai === 25 ? 2 : ai === 26 ? 4 : 8;
    this.need(size, 'float');
    if (this.strict) this.fail('non-canonical: floats are not ctap2 values', start);
    const view = new DataView(this.b.buffer, this.b.byteOffset + this.pos, size);
    this.pos += size;
    if (size === 4) return view.getFloat32(0);
    if (size === 8) return view.getFloat64(0);
    const half = view.getUint16(0); // RFC 8949 Appendix D
    const exp = (half >> 10) & 0x1f;
    const mant = half & 0x3ff;
    const val = exp === 0 ? mant * 2 ** -24 : exp !== 31 ? (mant + 1024) * 2 ** (exp - 25) : mant === 0 ? Infinity : NaN;
    return half & 0x8000 ? -val : val;
  }

  text(n: number, start: number): string {
    const b = this.b;
    const p = this.pos;
    this.pos += n;
    if (n <= 32) {
      let s = '';
      for (let i = p; i < p + n; i++) {
        const c = b[i] as number;
        if (c >= 0x80) return this.utf8(p, n, start);
        s += String.fromCharCode(c);
      }
      return s;
    }
    return this.utf8(p, n, start);
  }

  utf8(p: number, n: number, start: number): string {
    try {
      return utf8.decode(this.b.subarray(p, p + n));
    } catch (cause) {
      throw new CborError('ERR_CBOR_MALFORMED', 'invalid utf-8 in text string', start, { cause });
    }
  }

  enter(depth: number, start: number): void {
    if (depth > this.maxDepth) throw new CborError('ERR_CBOR_LIMIT', `nesting deeper than ${this.maxDepth}`, start);
  }

  array(n: number, depth: number, start: number): CborValue[] {
    this.enter(depth, start);
    this.need(n, `array of ${n}`); // every item takes at least one byte
    const out: CborValue[] = [];
    for (let i = 0; i < n; i++) out.push(this.item(depth));
    return out;
  }

  map(n: number, depth: number, start: number): CborMap {
    this.enter(depth, start);
    if (n > (this.b.length - this.pos) / 2) this.fail(`truncated: map of ${n} entries`); // >= 2 bytes each
    const out: CborMap = new Map();
    let prevStart = -1;
    let prevEnd = -1;
    for (let i = 0; i < n; i++) {
      const keyStart = this.pos;
      const key = this.item(depth);
      // by the key's major type, so a float key (e.g. 1.5 or 1.0) is refused like a byte string key
      const keyMajor = (this.b[keyStart] as number) >> 5;
      if ((keyMajor !== 0 && keyMajor !== 1 && keyMajor !== 3) || (typeof key !== 'number' && typeof key !== 'string')) {
        this.fail('map keys must be integers or text', keyStart);
      }
      if (this.strict && prevStart >= 0) {
        const order = compareEncodedKeys(this.b, prevStart, prevEnd, this.b, keyStart, this.pos);
        if (order === 0) this.fail(`duplicate map key ${JSON.stringify(key)}`, keyStart);
        if (order > 0) this.fail('non-canonical: map keys out of order', keyStart);
      } else if (out.has(key)) this.fail(`duplicate map key ${JSON.stringify(key)}`, keyStart);
      prevStart = keyStart;
      prevEnd = this.pos;
      out.set(key, this.item(depth));
    }
    return out;
  }
}

function reader(bytes: Uint8Array, options: CborDecodeOptions | undefined): Reader {
  if (!(bytes instanceof Uint8Array)) throw new CborError('ERR_CBOR_MALFORMED', 'cbor input must be a Uint8Array');
  const maxBytes = options?.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = Math.min(options?.maxDepth ?? DEFAULT_MAX_DEPTH, DEPTH_CEILING);
  if (!(typeof maxBytes === 'number' && maxBytes >= 0 && typeof maxDepth === 'number' && maxDepth >= 0)) {
    throw new CborError('ERR_CBOR_LIMIT', 'maxBytes and maxDepth must be numbers >= 0');
  }
  if (bytes.length > maxBytes) {
    throw new CborError('ERR_CBOR_LIMIT', `cbor input of ${bytes.length} bytes exceeds the ${maxBytes}-byte limit`);
  }
  // A plain Uint8Array view of the input, so decoded byte strings are plain Uint8Array, never Buffer.
  const plain = bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Reader(plain, maxDepth, options?.strict ?? false);
}

/**
 * Decode exactly one CBOR data item that fills `bytes`.
 *
 * Maps decode as `Map` (integer keys stay numbers), integers outside the safe range as `bigint`,
 * byte strings as plain `Uint8Array` views into `bytes` (never `Buffer`, never copied: do not
 * mutate `bytes` while the result is in use, and mind `byteOffset` when taking `.buffer`).
 * @param bytes - the encoded item
 * @param options - size and depth limits, `strict` canonical checking
 * @throws CborError `ERR_CBOR_MALFORMED` (bad or trailing bytes, unsupported feature, non-canonical
 *   when strict) or `ERR_CBOR_LIMIT` (too big, too deep); never anything else
 * @see https://www.rfc-editor.org/rfc/rfc8949#section-5.3
 */
export function decodeCbor(bytes: Uint8Array, options?: CborDecodeOptions): CborValue {
  const r = reader(bytes, options);
  const value = r.item(0);
  if (r.pos !== r.b.length) r.fail(`${r.b.length - r.pos} trailing bytes after the cbor item`);
  return value;
}

/**
 * Decode the first CBOR data item of `bytes` and say how many bytes it took; the rest is left
 * alone (authenticatorData: the credential public key is followed by the extensions map).
 * @param bytes - input starting with a CBOR item
 * @param options - size and depth limits, `strict` canonical checking
 * @throws CborError as {@link decodeCbor}, except that trailing bytes are allowed
 */
export function decodeCborPrefix(bytes: Uint8Array, options?: CborDecodeOptions): { value: CborValue; length: number } {
  const r = reader(bytes, options);
  const value = r.item(0);
  return { value, length: r.pos };
}
