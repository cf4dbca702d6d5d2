/**
 * Test-only CBOR encoder producing plain WebAuthn-style CBOR (definite lengths, no tags, maps from `Map`).
 * Not canonical-sorted: tests insert keys in the order they want on the wire.
 * @module
 */
import { Encoder } from 'cbor-x';

const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  tagUint8Array: false,
  variableMapSize: true,
  useTag259ForMaps: false,
});

/** Encodes `value` (use `Map` for maps, `Uint8Array` for byte strings). */
export function encodeCbor(value: unknown): Uint8Array {
  return new Uint8Array(encoder.encode(value));
}
