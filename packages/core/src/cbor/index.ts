/**
 * CTAP2 canonical CBOR (CTAP 2.1 section 8 "Message encoding"): the one place vfido encodes and
 * decodes CBOR.
 * @module
 */
export { encodeCbor } from './encodeCbor.js';
export { decodeCbor, decodeCborPrefix, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, type CborDecodeOptions } from './decodeCbor.js';
export { isCanonical } from './isCanonical.js';
export { compareCborKeys } from './keyOrder.js';
export { CborError, type CborErrorCode } from './cborError.js';
export type { CborValue, CborMap } from './types.js';
