/**
 * Structural pre-scan of untrusted CBOR (RFC 8949 sections 3-3.2) before it reaches cbor-x.
 *
 * The scan finds where one data item ends (authenticator data carries a COSE key followed by more bytes),
 * enforces depth and item-count limits (cbor-x recurses without a limit), rejects invalid UTF-8 (cbor-x
 * substitutes silently), indefinite-length strings (cbor-x cannot decode them) and tags (CTAP 2.1 section 8
 * canonical CBOR has none, and cbor-x gives some tags special meaning), and records each map's pair count so
 * duplicate keys can be detected after decoding (cbor-x keeps the last value of a repeated key silently).
 * @module
 */
import { isUtf8 } from 'node:buffer';

/** Limits applied to untrusted CBOR. */
export interface CborLimits {
  /** Maximum nesting of arrays/maps (default 16). */
  maxDepth: number;
  /** Maximum number of data items in one top-level item (default 10,000). */
  maxItems: number;
}

/** Default limits: generous for WebAuthn attestation objects (a TPM statement is ~15 items, depth 3). */
export const DEFAULT_CBOR_LIMITS: CborLimits = { maxDepth: 16, maxItems: 10_000 };

/** Result of scanning one data item. */
export interface CborScan {
  /** Offset just past the item. */
  end: number;
  /** Pair counts of every map, in pre-order (the order cbor-x builds them). */
  mapSizes: number[];
}

/** Thrown for malformed or over-limit CBOR; callers wrap it into their step's error code. */
export class CborFormatError extends Error {
  override readonly name = 'CborFormatError';
}

/**
 * Scans one CBOR data item starting at `offset`.
 * @throws CborFormatError when the item is truncated, malformed, tagged or over a limit
 */
export function scanCbor(bytes: Uint8Array, offset = 0, limits: CborLimits = DEFAULT_CBOR_LIMITS): CborScan {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mapSizes: number[] = [];
  let pos = offset;
  let items = 0;

  const fail = (what: string): never => {
    throw new CborFormatError(`cbor ${what} at byte ${pos}`);
  };
  const need = (n: number): void => {
    if (n > bytes.byteLength - pos) fail('truncated');
  };
  // Reads the argument of a head (RFC 8949 3.1); returns -1 for indefinite length.
  const readArgument = (info: number): number => {
    if (info < 24) return info;
    if (info === 24) return need(1), view.getUint8(pos++);
    if (info === 25) return need(2), (pos += 2), view.getUint16(pos - 2);
    if (info === 26) return need(4), (pos += 4), view.getUint32(pos - 4);
    if (info === 27) {
      need(8);
      const v = view.getBigUint64(pos);
      pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
      return Number(v);
    }
    if (info === 31) return -1;
    return fail('reserved additional info');
  };

  const item = (depth: number, allowBreak: boolean): boolean => {
    if (++items > limits.maxItems) fail('item limit exceeded');
    need(1);
    const head = view.getUint8(pos++);
    const major = head >> 5;
    const info = head & 0x1f;
    if (major === 7) {
      if (info === 31) return allowBreak ? true : fail('unexpected break');
      if (info === 24) {
        need(1);
        if (view.getUint8(pos++) < 32) fail('non-canonical simple value');
      } else if (info >= 25 && info <= 27) {
        const n = info === 25 ? 2 : info === 26 ? 4 : 8;
        need(n);
        pos += n;
      } else if (info >= 28) fail('reserved simple value');
      return false;
    }
    const arg = readArgument(info);
    switch (major) {
      case 0:
      case 1:
        if (arg < 0) fail('indefinite integer');
        return false;
      case 2:
      case 3:
        if (arg >= 0) {
          need(arg);
          // Text strings must be valid UTF-8 (RFC 8949 3.1); cbor-x would substitute U+FFFD silently.
          if (major === 3 && !isUtf8(bytes.subarray(pos, pos + arg))) fail('text string is not valid UTF-8');
          pos += arg;
          return false;
        }
        // Indefinite-length strings: cbor-x cannot decode them, and CTAP2 canonical CBOR never has them.
        return fail('indefinite-length string not supported');
      case 4:
      case 5: {
        if (depth >= limits.maxDepth) fail('nesting too deep');
        const perEntry = major === 5 ? 2 : 1;
        const sizeIndex = major === 5 ? mapSizes.push(0) - 1 : -1;
        if (arg >= 0) {
          // Every item takes at least one byte: reject counts the input cannot hold before looping.
          if (arg * perEntry > bytes.byteLength - pos) fail('count larger than input');
          for (let i = 0; i < arg * perEntry; i++) item(depth + 1, false);
          if (sizeIndex >= 0) mapSizes[sizeIndex] = arg;
          return false;
        }
        let n = 0;
        for (;;) {
          if (item(depth + 1, n % perEntry === 0)) break;
          n++;
        }
        if (n % perEntry !== 0) fail('odd number of map items');
        if (sizeIndex >= 0) mapSizes[sizeIndex] = n / 2;
        return false;
      }
      default:
        return fail('tag not allowed');
    }
  };

  item(0, false);
  return { end: pos, mapSizes };
}
