/**
 * Fuzz target: @vfido/core's CTAP2 CBOR decoder (CTAP 2.1 section 8; RFC 8949).
 * Invariants: only CborError escapes; the input is not modified; canonical input (isCanonical)
 * re-encodes byte for byte (decode -> encode is the identity); any value that re-encodes at all
 * re-encodes canonically and decodes back to the same value; strict decoding accepts exactly what
 * isCanonical accepts; decodeCborPrefix agrees with decodeCbor.
 * @module
 */
import { CborError, decodeCbor, decodeCborPrefix, encodeCbor, isCanonical } from '../../packages/core/src/cbor/index.js';
import type { CborValue } from '../../packages/core/src/cbor/index.js';
import { bytesEqual, deepEqual, invariant, onlyTyped, type TargetOptions, unmodified } from '../engine/target.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'core decodeCbor/decodeCborPrefix/isCanonical/encodeCbor: typed errors, canonical round trip',
  parts: ['cbor'],
  maxLen: 4096,
  dictionary: ['fmt', 'attStmt', 'authData', 'x5c', 'sig', 'alg'],
};

/** `value` without map entries whose value is undefined (the encoder leaves those out). */
function withoutUndefined(value: CborValue): CborValue {
  if (value instanceof Map) {
    const out = new Map<number | string, CborValue>();
    for (const [k, v] of value) if (v !== undefined) out.set(k, withoutUndefined(v));
    return out;
  }
  if (Array.isArray(value)) return value.map(withoutUndefined);
  return value;
}

/** Decode `data` every way the codec offers and check the invariants. */
export function fuzz(data: Buffer): void {
  unmodified(data, () => {
    let value: CborValue;
    try {
      value = decodeCbor(data);
    } catch (error) {
      onlyTyped(error, CborError);
      invariant(!isCanonical(data), 'isCanonical accepts what decodeCbor rejects');
      // a prefix decode may still succeed, but then it must stop before the end
      try {
        const prefix = decodeCborPrefix(data);
        invariant(prefix.length < data.length, 'decodeCborPrefix consumed all of an input decodeCbor rejects');
      } catch (e) {
        onlyTyped(e, CborError);
      }
      return;
    }
    const prefix = decodeCborPrefix(data);
    invariant(prefix.length === data.length && deepEqual(prefix.value, value), 'decodeCborPrefix disagrees with decodeCbor');

    const canonical = isCanonical(data);
    let strict: CborValue | undefined;
    try {
      strict = decodeCbor(data, { strict: true });
      invariant(canonical, 'strict decoding accepts input isCanonical rejects');
      invariant(deepEqual(strict, value), 'strict and lenient decoding give different values');
    } catch (error) {
      if (error instanceof CborError) invariant(!canonical, 'isCanonical accepts input strict decoding rejects');
      else throw error;
    }

    let encoded: Uint8Array;
    try {
      encoded = encodeCbor(value);
    } catch (error) {
      onlyTyped(error, CborError);
      invariant(!canonical, () => `canonical input does not re-encode: ${(error as Error).message}`);
      return;
    }
    if (canonical) invariant(bytesEqual(encoded, data), 'canonical input re-encodes to different bytes (decode -> encode is not the identity)');
    invariant(isCanonical(encoded), 'encodeCbor output is not canonical');
    invariant(deepEqual(decodeCbor(encoded), withoutUndefined(value)), 'decode(encode(value)) differs from value');
  });
}
