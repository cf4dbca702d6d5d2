/**
 * The CBOR data model as the verifier sees it after decoding (RFC 8949 section 2): maps are `Map`
 * so integer keys (COSE, CTAP) survive, byte strings are `Uint8Array`.
 * @module
 */

/** A decoded CBOR value. */
export type CborValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | undefined
  | Uint8Array
  | CborValue[]
  | CborMap;

/** A decoded CBOR map. */
export type CborMap = Map<CborValue, CborValue>;

/** True when `v` is a decoded CBOR map. */
export function isCborMap(v: unknown): v is CborMap {
  return v instanceof Map;
}

/** True when `v` is a byte string. */
export function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}

/** True when `v` is a safe integer (CBOR major type 0/1 within JS number range). */
export function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}
