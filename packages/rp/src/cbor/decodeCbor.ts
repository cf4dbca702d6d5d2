/**
 * Decode-only CBOR wrapper over cbor-x for untrusted WebAuthn data (RFC 8949; WebAuthn L3 5.2.1, 6.5.4).
 *
 * The bytes are pre-scanned ({@link scanCbor}) for structure, limits and tags, then decoded by cbor-x with
 * maps as `Map`, then checked for duplicate map keys. cbor-x's global size limits are left untouched.
 * @module
 */
import { Decoder } from 'cbor-x';
import { isCborMap, type CborValue } from './cborValue.js';
import { CborFormatError, DEFAULT_CBOR_LIMITS, scanCbor, type CborLimits } from './scanCbor.js';

const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });

/** A decoded item and the offset just past it. */
export interface CborPrefix {
  value: CborValue;
  end: number;
}

/**
 * Decodes the single CBOR item that starts at `offset`; bytes after it are left for the caller.
 * @throws CborFormatError when the item is malformed, tagged, over a limit, or has duplicate map keys
 */
export function decodeCborPrefix(bytes: Uint8Array, offset = 0, limits: CborLimits = DEFAULT_CBOR_LIMITS): CborPrefix {
  const scan = scanCbor(bytes, offset, limits);
  let value: CborValue;
  try {
    value = decoder.decode(bytes.subarray(offset, scan.end)) as CborValue;
  } catch (cause) {
    throw new CborFormatError('cbor could not be decoded', { cause });
  }
  const sizes = scan.mapSizes;
  let next = 0;
  const walk = (v: CborValue): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else if (isCborMap(v)) {
      if (v.size !== sizes[next++]) throw new CborFormatError('cbor map has duplicate keys');
      for (const [k, x] of v) {
        walk(k);
        walk(x);
      }
    }
  };
  walk(value);
  return { value, end: scan.end };
}

/**
 * Decodes `bytes` as exactly one CBOR item.
 * @throws CborFormatError when malformed, over a limit, or followed by trailing bytes
 */
export function decodeCbor(bytes: Uint8Array, limits: CborLimits = DEFAULT_CBOR_LIMITS): CborValue {
  const { value, end } = decodeCborPrefix(bytes, 0, limits);
  if (end !== bytes.byteLength) throw new CborFormatError(`cbor has ${bytes.byteLength - end} trailing bytes`);
  return value;
}

export { CborFormatError };
