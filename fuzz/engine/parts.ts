/**
 * Multi-part fuzz inputs: a target that needs several byte strings (e.g. clientDataJSON and an
 * attestationObject) gets them framed as `u16 count || (u32 length || bytes)*`. The mutator
 * mutates one part at a time and re-frames, so lengths stay consistent; a target that receives
 * bytes that do not frame (e.g. a hand-written seed) sees them as a single first part.
 * @module
 */

const MAGIC = 0xf5; // first byte of a framed input: never the start of a JSON or text seed

/** Frame `parts` into one fuzz input. */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  let size = 3;
  for (const p of parts) size += 4 + p.length;
  const out = new Uint8Array(size);
  out[0] = MAGIC;
  out[1] = parts.length >> 8;
  out[2] = parts.length & 0xff;
  let pos = 3;
  for (const p of parts) {
    out[pos] = p.length >>> 24;
    out[pos + 1] = (p.length >>> 16) & 0xff;
    out[pos + 2] = (p.length >>> 8) & 0xff;
    out[pos + 3] = p.length & 0xff;
    out.set(p, pos + 4);
    pos += 4 + p.length;
  }
  return out;
}

/**
 * Split a framed input into exactly `count` parts: missing parts are empty, extra ones dropped.
 * Input that does not frame becomes part 0 (the others empty). Parts are views into `data`.
 */
export function splitParts(data: Uint8Array, count: number): Uint8Array[] {
  const framed = tryFramed(data);
  const parts = framed ?? [data];
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) out.push(parts[i] ?? new Uint8Array(0));
  return out;
}

/** The parts of a framed input, or undefined when `data` is not framed exactly. */
export function tryFramed(data: Uint8Array): Uint8Array[] | undefined {
  if (data.length < 3 || data[0] !== MAGIC) return undefined;
  const n = ((data[1] as number) << 8) | (data[2] as number);
  const parts: Uint8Array[] = [];
  let pos = 3;
  for (let i = 0; i < n; i++) {
    if (pos + 4 > data.length) return undefined;
    const len = (data[pos] as number) * 0x100_0000 + (((data[pos + 1] as number) << 16) | ((data[pos + 2] as number) << 8) | (data[pos + 3] as number));
    pos += 4;
    if (len > data.length - pos) return undefined;
    parts.push(data.subarray(pos, pos + len));
    pos += len;
  }
  return pos === data.length ? parts : undefined;
}
