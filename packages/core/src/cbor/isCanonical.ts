/**
 * CTAP2 canonical-form check (CTAP 2.1 section 8 "CTAP2 canonical CBOR encoding form"), used to
 * vet every response the authenticator sends and by tests.
 * @module
 */
import { CborError } from './cborError.js';
import { decodeCbor, type CborDecodeOptions } from './decodeCbor.js';

/**
 * True when `bytes` is one well-formed CBOR item in CTAP2 canonical form, i.e. exactly what
 * {@link encodeCbor} writes for its decoded value (strict decoding succeeds).
 * @param bytes - candidate encoding
 * @param limits - size and depth limits (defaults as {@link decodeCbor})
 * @throws nothing for bad input: malformed or non-canonical bytes give `false`
 */
export function isCanonical(bytes: Uint8Array, limits?: Omit<CborDecodeOptions, 'strict'>): boolean {
  try {
    decodeCbor(bytes, { maxBytes: limits?.maxBytes, maxDepth: limits?.maxDepth, strict: true });
    return true;
  } catch (e) {
    if (e instanceof CborError) return false;
    throw e;
  }
}
