/**
 * Byte helpers shared by the parsers (constant-time compare, concat, hex, UUID formatting).
 * @module
 */
import { timingSafeEqual } from 'node:crypto';

/** True when `a` and `b` hold the same bytes (constant time once lengths match). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/** Concatenates byte arrays into a new `Uint8Array`. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Formats 16 bytes as a lowercase RFC 9562 UUID string (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`). */
export function formatUuid(bytes: Uint8Array): string {
  const h = toHex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Normalises an AAGUID given as a UUID string or 32 hex digits to the dashed lowercase form,
 * or returns `undefined` when it is neither.
 */
export function normalizeAaguid(aaguid: string): string | undefined {
  const hex = aaguid.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  return formatUuid(Buffer.from(hex, 'hex'));
}

/** Copies `bytes` into a fresh plain `Uint8Array` (not a Buffer, not a view into a larger buffer). */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
