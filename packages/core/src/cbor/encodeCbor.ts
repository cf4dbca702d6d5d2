/**
 * CTAP2 canonical CBOR encoder (CTAP 2.1 section 8 "Message encoding"; RFC 8949 sections 3 and
 * 4.2.1). Integers and lengths take their shortest form, lengths are definite, map keys are
 * sorted ({@link compareCborKeys}), no tags are written, and integers never become floats.
 *
 * Floats are rejected: CTAP and WebAuthn never carry them, and refusing them keeps
 * `decodeCbor(…, { strict: true })` an exact inverse of this encoder.
 *
 * Not built on cbor-x: it does not sort keys (every map would need a sorted copy first), writes
 * integers >= 2^32 as float64, and returns views into a shared buffer. This writer sorts key
 * arrays in place (skipping already sorted ones), reuses one buffer, and returns an exact-size
 * copy; it measures on par with cbor-x (about 400k attestationObjects/s).
 * @module
 */
import { CborError } from './cborError.js';
import { sortCborKeys } from './keyOrder.js';
import type { CborValue } from './types.js';

const TWO_32 = 0x1_0000_0000;
const TWO_64 = 2 ** 64;
const MAX_DEPTH = 64;
const INITIAL_SIZE = 4096;
const MAX_RETAINED_SIZE = 256 * 1024;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf8 = new TextEncoder();

const unsupported = (what: string): CborError => new CborError('ERR_CBOR_UNSUPPORTED', `cannot encode ${what} as ctap2 cbor`);

/** A growable output buffer; one instance is reused across calls (no per-call allocation). */
class Writer {
  buf = new Uint8Array(INITIAL_SIZE);
  view = new DataView(this.buf.buffer);
  pos = 0;
  busy = false;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Head of a data item: major type and argument `n` (0 <= n < 2^64) in the shortest form. */
  head(major: number, n: number): void {
    this.ensure(9);
    const m = major << 5;
    const b = this.buf;
    if (n < 24) b[this.pos++] = m | n;
    else if (n < 0x100) {
      b[this.pos++] = m | 24;
      b[this.pos++] = n;
    } else if (n < 0x10000) {
      b[this.pos++] = m | 25;
      b[this.pos++] = n >>> 8;
      b[this.pos++] = n & 0xff;
    } else if (n < TWO_32) {
      b[this.pos++] = m | 26;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    } else {
      b[this.pos++] = m | 27;
      this.view.setUint32(this.pos, Math.floor(n / TWO_32)); // exact: n is an integer, 2^32 a power of two
      this.view.setUint32(this.pos + 4, n >>> 0);
      this.pos += 8;
    }
  }

  bigint(v: bigint): void {
    const major = v < 0n ? 1 : 0;
    const n = major === 1 ? -1n - v : v;
    if (n >= 1n << 64n) throw unsupported(`integer ${v} (outside -2^64..2^64-1; no bignum tags)`);
    if (n < 0x1_0000_0000n) return this.head(major, Number(n));
    this.ensure(9);
    this.buf[this.pos++] = (major << 5) | 27;
    this.view.setBigUint64(this.pos, n);
    this.pos += 8;
  }

  number(v: number): void {
    if (!Number.isInteger(v)) throw unsupported(`non-integer number ${v}`);
    if (v >= 0) {
      if (v >= TWO_64) throw unsupported(`integer ${v} (above 2^64-1)`);
      this.head(0, v);
    } else if (v >= Number.MIN_SAFE_INTEGER) this.head(1, -1 - v);
    else this.bigint(BigInt(v)); // -1 - v would round in floating point
  }

  text(s: string): void {
    const n = s.length;
    const start = this.pos;
    this.head(3, n); // assumes ASCII; redone below otherwise
    this.ensure(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = start;
        return this.utf8Text(s);
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  utf8Text(s: string): void {
    if (LONE_SURROGATE.test(s)) throw unsupported('a string with a lone surrogate (not valid utf-8)');
    this.bytes(3, utf8.encode(s));
  }

  bytes(major: number, v: Uint8Array): void {
    this.head(major, v.length);
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  item(v: CborValue, depth: number): void {
    switch (typeof v) {
      case 'number':
        return this.number(v);
      case 'string':
        return this.text(v);
      case 'boolean':
        this.ensure(1);
        this.buf[this.pos++] = v ? 0xf5 : 0xf4;
        return;
      case 'bigint':
        return this.bigint(v);
      case 'object':
        if (v === null) {
          this.ensure(1);
          this.buf[this.pos++] = 0xf6;
          return;
        }
        if (depth >= MAX_DEPTH) throw new CborError('ERR_CBOR_LIMIT', `value nested deeper than ${MAX_DEPTH} (cyclic?)`);
        if (v instanceof Uint8Array) return this.bytes(2, v);
        if (Array.isArray(v)) {
          this.head(4, v.length);
          for (const element of v) {
            if (element === undefined) throw unsupported('undefined in an array');
            this.item(element, depth + 1);
          }
          return;
        }
        if (v instanceof Map) return this.map(v, depth);
        return this.object(v, depth);
      default:
        throw unsupported(typeof v === 'undefined' ? 'undefined outside a map' : `a ${typeof v}`);
    }
  }

  map(m: Map<unknown, CborValue>, depth: number): void {
    const keys: (number | string)[] = [];
    for (const k of m.keys()) {
      if (m.get(k) === undefined) continue;
      // safe integers only: larger ones would decode as bigint, which decodeCbor refuses as a key
      if (typeof k === 'string' || (typeof k === 'number' && Number.isSafeInteger(k))) keys.push(k);
      else throw unsupported(`map key ${String(k)} (keys must be safe integers or text)`);
    }
    sortCborKeys(keys);
    this.head(5, keys.length);
    for (const k of keys) {
      if (typeof k === 'number') this.number(k);
      else this.text(k);
      this.item(m.get(k), depth + 1);
    }
  }

  object(o: object, depth: number): void {
    const proto: unknown = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) throw unsupported(`a ${o.constructor?.name ?? 'class'} instance`);
    const record = o as Record<string, CborValue>;
    let keys = Object.keys(record);
    for (const k of keys) {
      if (record[k] === undefined) {
        keys = keys.filter((key) => record[key] !== undefined);
        break;
      }
    }
    sortCborKeys(keys);
    this.head(5, keys.length);
    for (const k of keys) {
      this.text(k);
      this.item(record[k], depth + 1);
    }
  }
}

const shared = new Writer();

/**
 * Encode a value as CTAP2 canonical CBOR.
 *
 * `Uint8Array` (and `Buffer`) becomes a byte string; `Map` (integer or text keys) and plain objects
 * (text keys) become maps with sorted keys, entries whose value is `undefined` left out; `number`
 * must be an integer and, like `bigint`, within [-2^64, 2^64-1], always encoded as an integer.
 * @param value - the value to encode
 * @returns a fresh `Uint8Array` holding the encoding
 * @throws CborError `ERR_CBOR_UNSUPPORTED` for floats, `undefined` outside maps, class instances,
 *   other key types, out-of-range integers, lone surrogates; `ERR_CBOR_LIMIT` past 64 levels of nesting
 * @see https://fidoalliance.org/specs/fido-v2.1-ps-20210615/fido-client-to-authenticator-protocol-v2.1-ps-20210615.html#ctap2-canonical-cbor-encoding-form
 */
export function encodeCbor(value: CborValue): Uint8Array {
  return encode(value, -1);
}

/**
 * Encode a value as CTAP2 canonical CBOR after one leading byte, in a single allocation: a CTAP2
 * response frame is the status byte followed by the CBOR response (CTAP 2.1 section 6), and
 * building it here saves copying the encoding into a second buffer.
 * @param leadingByte - the byte before the encoding (0..255), e.g. `CTAP2_OK`
 * @param value - the value to encode, as for {@link encodeCbor}
 * @returns a fresh `Uint8Array`: `leadingByte` then the encoding of `value`
 * @throws CborError as {@link encodeCbor}
 */
export function encodeCborAfterByte(leadingByte: number, value: CborValue): Uint8Array {
  return encode(value, leadingByte & 0xff);
}

/** Encode `value`, preceded by `leadingByte` unless it is -1. */
function encode(value: CborValue, leadingByte: number): Uint8Array {
  const w = shared.busy ? new Writer() : shared; // re-entrant call from a getter: use a private buffer
  w.busy = true;
  w.pos = 0;
  try {
    if (leadingByte >= 0) w.buf[w.pos++] = leadingByte;
    w.item(value, 0);
    const out = new Uint8Array(w.pos); // exact size, so `out.buffer` holds just the encoding
    out.set(w.buf.subarray(0, w.pos));
    return out;
  } finally {
    w.busy = false;
    if (w.buf.length > MAX_RETAINED_SIZE) {
      w.buf = new Uint8Array(INITIAL_SIZE);
      w.view = new DataView(w.buf.buffer);
    }
  }
}
