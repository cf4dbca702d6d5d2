/**
 * Minimal DER TLV reader (ITU-T X.690 section 8.1, definite lengths only) for the small extension values
 * WebAuthn defines: `id-fido-gen-ce-aaguid` (L3 8.2.1) and Apple's nonce extension (L3 8.8).
 * @module
 */

/** One DER element. */
export interface DerElement {
  /** The identifier octet (single-byte tags only). */
  tag: number;
  /** The contents octets. */
  value: Uint8Array;
  /** Offset just past the element. */
  end: number;
}

/** Thrown for DER that this reader cannot parse. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

/**
 * Reads the DER element at `offset`.
 * @throws DerError when truncated, indefinite, or using multi-byte tags
 */
export function readDer(bytes: Uint8Array, offset = 0): DerElement {
  if (offset + 2 > bytes.byteLength) throw new DerError('der element truncated');
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte der tags are not supported');
  let length = bytes[offset + 1] as number;
  let pos = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || pos + n > bytes.byteLength) throw new DerError('der length invalid');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (bytes[pos + i] as number);
    pos += n;
  }
  if (pos + length > bytes.byteLength) throw new DerError('der element truncated');
  return { tag, value: bytes.subarray(pos, pos + length), end: pos + length };
}

/**
 * Reads exactly one DER element with `tag` that spans all of `bytes`.
 * @throws DerError when the tag differs or bytes follow the element
 */
export function readOnlyDer(bytes: Uint8Array, tag: number): Uint8Array {
  const el = readDer(bytes, 0);
  if (el.tag !== tag) throw new DerError(`expected der tag 0x${tag.toString(16)}, found 0x${el.tag.toString(16)}`);
  if (el.end !== bytes.byteLength) throw new DerError('trailing bytes after der element');
  return el.value;
}

/** DER tags used here. */
export const DerTag = { OCTET_STRING: 0x04, SEQUENCE: 0x30, CONTEXT_1: 0xa1 } as const;
