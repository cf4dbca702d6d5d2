/**
 * A lenient CBOR item scanner for structure-aware mutation (RFC 8949 section 3). It is the
 * fuzzer's own, independent of the decoders under test: it records where every item, its head and
 * its children lie, accepts anything well-formed (tags, floats, indefinite lengths) and gives up
 * (returns undefined) on anything else.
 * @module
 */

/** One data item and where it lies in the input. */
export interface CborNode {
  /** Offset of the initial byte. */
  start: number;
  /** Offset just past the head (initial byte and argument). */
  headEnd: number;
  /** Offset just past the whole item. */
  end: number;
  /** Major type 0..7. */
  major: number;
  /** The argument (length, count, value or tag number); -1 for indefinite. */
  arg: number;
  /** Array items, map keys and values alternating, the tagged item, or indefinite chunks. */
  children: CborNode[];
}

const MAX_NODES = 4096;
const MAX_DEPTH = 64;

/** Scan one item filling `bytes`; undefined when it is not exactly one well-formed item. */
export function scanTree(bytes: Uint8Array): CborNode | undefined {
  const state = { pos: 0, nodes: 0 };
  try {
    const root = item(bytes, state, 0);
    return state.pos === bytes.length ? root : undefined;
  } catch {
    return undefined;
  }
}

function item(b: Uint8Array, s: { pos: number; nodes: number }, depth: number): CborNode {
  if (depth > MAX_DEPTH || ++s.nodes > MAX_NODES) throw new Error('too big');
  const start = s.pos;
  if (s.pos >= b.length) throw new Error('truncated');
  const ib = b[s.pos++] as number;
  const major = ib >> 5;
  const ai = ib & 0x1f;
  let arg: number;
  if (ai < 24) arg = ai;
  else if (ai <= 27) {
    const n = 1 << (ai - 24);
    if (s.pos + n > b.length) throw new Error('truncated');
    arg = 0;
    for (let i = 0; i < n; i++) arg = arg * 256 + (b[s.pos + i] as number);
    s.pos += n;
  } else if (ai === 31 && major >= 2 && major <= 5) arg = -1;
  else if (ai === 31 && major === 7) throw new Error('break');
  else throw new Error('reserved');
  const node: CborNode = { start, headEnd: s.pos, end: s.pos, major, arg, children: [] };
  if (major === 2 || major === 3) {
    if (arg === -1) {
      while (b[s.pos] !== 0xff) node.children.push(item(b, s, depth + 1));
      s.pos++;
    } else {
      if (arg > b.length - s.pos) throw new Error('truncated');
      s.pos += arg;
    }
  } else if (major === 4 || major === 5) {
    const count = major === 5 ? arg * 2 : arg;
    if (arg === -1) {
      while (s.pos < b.length && b[s.pos] !== 0xff) node.children.push(item(b, s, depth + 1));
      if (s.pos >= b.length) throw new Error('truncated');
      s.pos++;
    } else {
      if (count > b.length - s.pos) throw new Error('truncated');
      for (let i = 0; i < count; i++) node.children.push(item(b, s, depth + 1));
    }
  } else if (major === 6) {
    node.children.push(item(b, s, depth + 1));
  }
  node.end = s.pos;
  return node;
}

/** Every node of the tree, root first. */
export function allNodes(root: CborNode): CborNode[] {
  const out: CborNode[] = [];
  const walk = (n: CborNode): void => {
    out.push(n);
    for (const c of n.children) walk(c);
  };
  walk(root);
  return out;
}

/** A head in its shortest form (RFC 8949 section 3; 4.2.1 preferred serialization). */
export function encodeHead(major: number, n: number): Uint8Array {
  const m = major << 5;
  if (n < 24) return Uint8Array.of(m | n);
  if (n < 0x100) return Uint8Array.of(m | 24, n);
  if (n < 0x10000) return Uint8Array.of(m | 25, n >> 8, n & 0xff);
  if (n < 0x1_0000_0000) return Uint8Array.of(m | 26, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  const hi = Math.floor(n / 0x1_0000_0000);
  return Uint8Array.of(m | 27, hi >>> 24, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** Concatenate byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
