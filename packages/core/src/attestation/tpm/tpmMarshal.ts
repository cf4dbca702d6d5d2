/**
 * Big-endian marshalling of TPM 2.0 basic types (TCG TPM 2.0 Library Part 2, 5 "Base Types" and
 * 10.4 TPM2B sized buffers): every multi-byte integer is big-endian, a TPM2B is a UINT16 size
 * followed by that many bytes.
 * @module
 */

/** UINT16, big-endian. */
export function u16(value: number): Uint8Array {
  return Uint8Array.of((value >>> 8) & 0xff, value & 0xff);
}

/** UINT32, big-endian. */
export function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0);
  return out;
}

/** UINT64, big-endian. */
export function u64(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, value));
  return out;
}

/**
 * A TPM2B structure: UINT16 size, then the bytes (Part 2, 10.4).
 * @throws RangeError when `bytes` is longer than 65535
 */
export function tpm2b(bytes: Uint8Array): Uint8Array {
  if (bytes.length > 0xffff) throw new RangeError(`tpm2b too long: ${bytes.length} bytes`);
  return concatBytes(u16(bytes.length), bytes);
}

/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
