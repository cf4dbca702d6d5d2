/**
 * Test-only CBOR encoder producing plain WebAuthn-style CBOR (definite lengths, no tags, maps from `Map`).
 * Not canonical-sorted: tests insert keys in the order they want on the wire.
 * @module
 */
import { Encoder } from 'cbor-x';

// `useTag259ForMaps` is honoured by cbor-x but missing from its typings.
const options = { useRecords: false, mapsAsObjects: false, tagUint8Array: false, variableMapSize: true, useTag259ForMaps: false };
const encoder = new Encoder(options);

/** Encodes `value` (use `Map` for maps, `Uint8Array` for byte strings). */
export function encodeCbor(value: unknown): Uint8Array {
  return new Uint8Array(encoder.encode(value));
}
