/**
 * The CBOR data model vfido works with (RFC 8949 section 2, restricted as CTAP 2.1 section 8 allows).
 * @module
 */

/** A decoded or encodable CBOR value. Maps decode as `Map` so integer keys survive. */
export type CborValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | undefined
  | Uint8Array
  | CborValue[]
  | CborMap
  | { readonly [key: string]: CborValue };

/** A CBOR map with integer or text keys (CTAP parameter maps, COSE keys, attestation statements). */
export type CborMap = Map<number | string, CborValue>;
