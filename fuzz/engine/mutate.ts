/**
 * Input mutators in the style of libFuzzer's MutationDispatcher: byte-level edits (bit flip, byte
 * set, arithmetic, insert, erase, copy, interesting integers, dictionary tokens), crossover with
 * other corpus entries, and structure-aware edits for parts declared as CBOR (replace, delete,
 * duplicate or swap items; grow or shrink a byte string's content keeping its head consistent;
 * splice items from other entries) or JSON (replace a member's value).
 * @module
 */
import { allNodes, concat, encodeHead, scanTree, type CborNode } from './cborTree.js';
import { joinParts, tryFramed } from './parts.js';
import type { Rng } from './rng.js';

/** How a part of a target's input is structured, which picks the mutators used on it. */
export type PartKind = 'bytes' | 'cbor' | 'json' | 'text' | 'ctap';

/** What the mutator knows about the target. */
export interface MutationContext {
  rng: Rng;
  /** Part kinds; absent or one entry: the whole input is one part. */
  parts: readonly PartKind[];
  /** Largest input to produce. */
  maxLen: number;
  /** Tokens worth inserting (field names, magic values). */
  dictionary: readonly Uint8Array[];
  /** Another corpus entry, for crossover. */
  other: () => Uint8Array;
}

const INTERESTING_8 = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1f, 0x20, 0x37, 0x38, 0x40, 0x5f, 0x60, 0x7f, 0x9f, 0xa0, 0xbf, 0xc0, 0xd8, 0xf4, 0xf5, 0xf6, 0xf7, 0xf9, 0xfa, 0xfb, 0x41, 0x45, 0x04];
const INTERESTING_16 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x3ff, 0x400, 0x7fff, 0x8000, 0xfffe, 0xffff, 37, 55, 1023, 1024, 7609, 7610];
const INTERESTING_32 = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x10000, 0xffff, 0x100000, 1 << 24, 0xfffffffe];

/** Interesting CBOR items to drop into a structure. */
const CBOR_ITEMS: readonly Uint8Array[] = [
  '00', '17', '1818', '18ff', '190100', '1a00010000', '1b0000000100000000', '1bffffffffffffffff', '20', '37', '3818',
  '3bffffffffffffffff', '3b001fffffffffffff', '1b0020000000000000', '40', '4100', '5818' + '00'.repeat(24), '60', '6161', '62c328', '63eda080',
  '80', '8100', 'a0', 'a100f6', 'a1616100', 'f4', 'f5', 'f6', 'f7', 'f90000', 'f97c00', 'f97e00', 'fa7f800000', 'fb3ff0000000000000',
  'c000', 'd82a4100', '5f4100ff', '7f6161ff', '9fff', 'bfff', 'e0', 'f8ff', 'ff', '1c', '5b0000000100000000', '9a00010000', 'ba7fffffff',
].map((h) => new Uint8Array(Buffer.from(h, 'hex')));

const JSON_VALUES = ['null', 'true', 'false', '0', '-1', '1e999', '""', '"webauthn.create"', '"webauthn.get"', '"https://example.com"', '[]', '{}', '"\\ud800"', '"A"', '1.5', '"' + 'A'.repeat(64) + '"'];

type ByteOp = (b: Uint8Array, ctx: MutationContext) => Uint8Array;

const copy = (b: Uint8Array): Uint8Array => new Uint8Array(b);
const pos = (b: Uint8Array, ctx: MutationContext): number => ctx.rng.below(b.length);

function writeBE(b: Uint8Array, at: number, value: number, size: number): void {
  for (let i = size - 1; i >= 0 && at + i < b.length; i--) {
    b[at + i] = value & 0xff;
    value = Math.floor(value / 256);
  }
}

const BYTE_OPS: readonly ByteOp[] = [
  // flip a bit
  (b, ctx) => {
    if (b.length === 0) return ctx.rng.bytes(1);
    const out = copy(b);
    const i = pos(b, ctx);
    out[i] = (out[i] as number) ^ (1 << ctx.rng.below(8));
    return out;
  },
  // set a random byte
  (b, ctx) => {
    if (b.length === 0) return ctx.rng.bytes(1);
    const out = copy(b);
    out[pos(b, ctx)] = ctx.rng.below(256);
    return out;
  },
  // set an interesting byte
  (b, ctx) => {
    if (b.length === 0) return Uint8Array.of(ctx.rng.pick(INTERESTING_8));
    const out = copy(b);
    out[pos(b, ctx)] = ctx.rng.pick(INTERESTING_8);
    return out;
  },
  // add or subtract a small amount
  (b, ctx) => {
    if (b.length === 0) return b;
    const out = copy(b);
    const i = pos(b, ctx);
    out[i] = ((out[i] as number) + ctx.rng.below(35) - 17) & 0xff;
    return out;
  },
  // insert random bytes
  (b, ctx) => {
    const at = ctx.rng.below(b.length + 1);
    const n = 1 + ctx.rng.below(ctx.rng.chance(0.8) ? 4 : 64);
    const fill = ctx.rng.chance(0.5) ? ctx.rng.bytes(n) : new Uint8Array(n).fill(ctx.rng.below(256));
    return concat(b.subarray(0, at), fill, b.subarray(at));
  },
  // erase bytes
  (b, ctx) => {
    if (b.length <= 1) return new Uint8Array(0);
    const n = 1 + ctx.rng.below(Math.min(ctx.rng.chance(0.8) ? 4 : 128, b.length - 1));
    const at = ctx.rng.below(b.length - n + 1);
    return concat(b.subarray(0, at), b.subarray(at + n));
  },
  // copy a chunk of the input over another place, or insert it
  (b, ctx) => {
    if (b.length < 2) return b;
    const n = 1 + ctx.rng.below(Math.min(64, b.length));
    const from = ctx.rng.below(b.length - n + 1);
    const chunk = b.slice(from, from + n);
    const at = ctx.rng.below(b.length);
    if (ctx.rng.chance(0.5)) return concat(b.subarray(0, at), chunk, b.subarray(at));
    const out = copy(b);
    out.set(chunk.subarray(0, Math.min(chunk.length, out.length - at)), at);
    return out;
  },
  // write an interesting 16/32/64-bit big-endian integer
  (b, ctx) => {
    if (b.length === 0) return b;
    const out = copy(b);
    const at = pos(b, ctx);
    const size = ctx.rng.pick([2, 4, 8]);
    const v = size === 2 ? ctx.rng.pick(INTERESTING_16) : ctx.rng.pick(INTERESTING_32);
    if (size === 8) {
      writeBE(out, at, ctx.rng.chance(0.5) ? 0xffffffff : 0, 4);
      writeBE(out, at + 4, v, 4);
    } else writeBE(out, at, v, size);
    return out;
  },
  // dictionary token: insert or overwrite
  (b, ctx) => {
    if (ctx.dictionary.length === 0) return b;
    const token = ctx.rng.pick(ctx.dictionary);
    const at = ctx.rng.below(b.length + 1);
    if (ctx.rng.chance(0.5)) return concat(b.subarray(0, at), token, b.subarray(at));
    const out = copy(b);
    out.set(token.subarray(0, Math.max(0, Math.min(token.length, out.length - at))), Math.min(at, out.length));
    return out;
  },
  // crossover: this entry's head, another entry's tail
  (b, ctx) => {
    const o = ctx.other();
    const cut = ctx.rng.below(b.length + 1);
    const from = ctx.rng.below(o.length + 1);
    return concat(b.subarray(0, cut), o.subarray(from));
  },
  // crossover: insert a chunk of another entry
  (b, ctx) => {
    const o = ctx.other();
    if (o.length === 0) return b;
    const n = 1 + ctx.rng.below(Math.min(256, o.length));
    const from = ctx.rng.below(o.length - n + 1);
    const at = ctx.rng.below(b.length + 1);
    return concat(b.subarray(0, at), o.subarray(from, from + n), b.subarray(at));
  },
  // truncate
  (b, ctx) => b.subarray(0, ctx.rng.below(b.length + 1)),
  // shuffle a few bytes
  (b, ctx) => {
    if (b.length < 2) return b;
    const out = copy(b);
    const n = Math.min(8, b.length);
    const at = ctx.rng.below(b.length - n + 1);
    for (let i = n - 1; i > 0; i--) {
      const j = ctx.rng.below(i + 1);
      const t = out[at + i] as number;
      out[at + i] = out[at + j] as number;
      out[at + j] = t;
    }
    return out;
  },
];

/** One byte-level mutation. */
export function mutateBytes(b: Uint8Array, ctx: MutationContext): Uint8Array {
  return ctx.rng.pick(BYTE_OPS)(b, ctx);
}

function replaceRange(b: Uint8Array, start: number, end: number, replacement: Uint8Array): Uint8Array {
  return concat(b.subarray(0, start), replacement, b.subarray(end));
}

/** Rebuild a definite-length array or map node from a new list of child encodings. */
function rebuildContainer(b: Uint8Array, node: CborNode, children: Uint8Array[]): Uint8Array {
  const count = node.major === 5 ? Math.floor(children.length / 2) : children.length;
  return replaceRange(b, node.start, node.end, concat(encodeHead(node.major, count), ...children));
}

/** One structure-aware mutation of a CBOR item; undefined when `b` is not CBOR. */
export function mutateCbor(b: Uint8Array, ctx: MutationContext): Uint8Array | undefined {
  const root = scanTree(b);
  if (!root) return undefined;
  const nodes = allNodes(root);
  const rng = ctx.rng;
  const node = rng.pick(nodes);
  const childBytes = (n: CborNode): Uint8Array[] => n.children.map((c) => b.subarray(c.start, c.end));
  switch (rng.below(8)) {
    case 0: // replace an item with an interesting one
      return replaceRange(b, node.start, node.end, rng.pick(CBOR_ITEMS));
    case 1: {
      // mutate a byte or text string's content, keeping its head's length right
      const strings = nodes.filter((n) => (n.major === 2 || n.major === 3) && n.arg >= 0);
      if (strings.length === 0) return undefined;
      const s = rng.pick(strings);
      let content: Uint8Array = b.subarray(s.headEnd, s.end);
      const inner = mutateCbor(content, ctx); // nested CBOR (authData's COSE key, an embedded map)
      content = inner && rng.chance(0.5) ? inner : mutateBytes(content, ctx);
      return replaceRange(b, s.start, s.end, concat(encodeHead(s.major, content.length), content));
    }
    case 2: {
      // delete an array item or a map entry
      const containers = nodes.filter((n) => (n.major === 4 || n.major === 5) && n.arg > 0);
      if (containers.length === 0) return undefined;
      const c = rng.pick(containers);
      const kids = childBytes(c);
      const step = c.major === 5 ? 2 : 1;
      const i = rng.below(kids.length / step) * step;
      kids.splice(i, step);
      return rebuildContainer(b, c, kids);
    }
    case 3: {
      // duplicate an array item or a map entry (duplicate keys, longer arrays)
      const containers = nodes.filter((n) => (n.major === 4 || n.major === 5) && n.arg > 0);
      if (containers.length === 0) return undefined;
      const c = rng.pick(containers);
      const kids = childBytes(c);
      const step = c.major === 5 ? 2 : 1;
      const i = rng.below(kids.length / step) * step;
      kids.splice(i, 0, ...kids.slice(i, i + step));
      return rebuildContainer(b, c, kids);
    }
    case 4: {
      // swap two siblings (key order, entry order)
      const containers = nodes.filter((n) => n.children.length >= 2);
      if (containers.length === 0) return undefined;
      const c = rng.pick(containers);
      const kids = childBytes(c);
      const i = rng.below(kids.length);
      const j = rng.below(kids.length);
      [kids[i], kids[j]] = [kids[j] as Uint8Array, kids[i] as Uint8Array];
      return c.arg === -1 ? undefined : rebuildContainer(b, c, kids);
    }
    case 5: {
      // splice in an item from another corpus entry
      const donorBytes = ctx.other();
      const donorTree = scanTree(donorBytes);
      if (!donorTree) return undefined;
      const donor = rng.pick(allNodes(donorTree));
      return replaceRange(b, node.start, node.end, donorBytes.subarray(donor.start, donor.end));
    }
    case 6: {
      // change a head's argument: lengths that lie, integers at the edges, non-shortest forms
      const arg = rng.pick([0, 1, 23, 24, 255, 256, 65535, 65536, 0xffffffff, node.arg + 1, Math.max(0, node.arg - 1)]);
      let head = encodeHead(node.major, Math.max(0, arg));
      if (rng.chance(0.3) && head.length < 9) head = concat(Uint8Array.of((node.major << 5) | 27), new Uint8Array(8 - 4), Uint8Array.of(arg >>> 24, (arg >>> 16) & 0xff, (arg >>> 8) & 0xff, arg & 0xff));
      return replaceRange(b, node.start, node.headEnd, head);
    }
    default: {
      // wrap an item in an array, a map value or a tag, or change its major type
      const item = b.subarray(node.start, node.end);
      const wrap = rng.below(3);
      const wrapped = wrap === 0 ? concat(Uint8Array.of(0x81), item) : wrap === 1 ? concat(Uint8Array.of(0xa1, 0x01), item) : concat(Uint8Array.of(0xc1 + rng.below(20)), item);
      if (rng.chance(0.5)) return replaceRange(b, node.start, node.end, wrapped);
      const out = copy(b);
      out[node.start] = (((out[node.start] as number) & 0x1f) | (rng.below(8) << 5)) & 0xff;
      return out;
    }
  }
}

/** One structure-aware mutation of JSON text; undefined when `b` is not JSON. */
export function mutateJson(b: Uint8Array, ctx: MutationContext): Uint8Array | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(b).toString('utf8'));
  } catch {
    return undefined;
  }
  const rng = ctx.rng;
  const slots: { holder: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 16 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) v.forEach((x, i) => (slots.push({ holder: v, key: i }), walk(x, depth + 1)));
    else for (const [k, x] of Object.entries(v)) (slots.push({ holder: v as Record<string, unknown>, key: k }), walk(x, depth + 1));
  };
  walk(value, 0);
  if (slots.length === 0) return undefined;
  const slot = rng.pick(slots);
  const h = slot.holder as Record<string | number, unknown>;
  switch (rng.below(4)) {
    case 0:
      h[slot.key] = JSON.parse(rng.pick(JSON_VALUES));
      break;
    case 1:
      if (Array.isArray(slot.holder)) slot.holder.splice(slot.key as number, 1);
      else delete h[slot.key];
      break;
    case 2: {
      const v = h[slot.key];
      if (typeof v === 'string') {
        const bytes = mutateBytes(new Uint8Array(Buffer.from(v, 'utf8')), ctx);
        h[slot.key] = Buffer.from(bytes).toString(rng.chance(0.5) ? 'utf8' : 'latin1');
      } else h[slot.key] = typeof v === 'number' ? v + rng.below(3) - 1 : String(v);
      break;
    }
    default: {
      const k = rng.pick(['type', 'challenge', 'origin', 'crossOrigin', 'topOrigin', 'tokenBinding', 'id', 'rawId', 'response', '__proto__', 'fixtures']);
      if (!Array.isArray(slot.holder)) h[k] = JSON.parse(rng.pick(JSON_VALUES));
    }
  }
  return new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));
}

const CTAP_COMMANDS = [0x01, 0x02, 0x04, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x40, 0x41, 0x00, 0xff];

function mutatePart(b: Uint8Array, kind: PartKind, ctx: MutationContext): Uint8Array {
  if (kind === 'ctap') {
    // a CTAP2 request: command byte, then CBOR
    if (b.length === 0 || ctx.rng.chance(0.1)) return concat(Uint8Array.of(ctx.rng.pick(CTAP_COMMANDS)), b.subarray(1));
    if (ctx.rng.chance(0.6)) {
      const m = mutateCbor(b.subarray(1), ctx);
      if (m) return concat(b.subarray(0, 1), m);
    }
    return mutateBytes(b, ctx);
  }
  if (kind === 'cbor' && ctx.rng.chance(0.6)) {
    const m = mutateCbor(b, ctx);
    if (m) return m;
  }
  if (kind === 'json' && ctx.rng.chance(0.4)) {
    const m = mutateJson(b, ctx);
    if (m) return m;
  }
  return mutateBytes(b, ctx);
}

/**
 * A mutant of `input`: one to five stacked mutations, applied to one part of a multi-part input
 * (re-framed afterwards), cut to `ctx.maxLen`.
 */
export function mutate(input: Uint8Array, ctx: MutationContext): Uint8Array {
  const rng = ctx.rng;
  const depth = rng.chance(0.5) ? 1 : 1 + rng.below(5);
  let out = input;
  const parts = ctx.parts.length > 1 ? tryFramed(input) : undefined;
  if (parts && rng.chance(0.97)) {
    const mutated: Uint8Array[] = ctx.parts.map((_, k) => parts[k] ?? new Uint8Array(0));
    for (let i = 0; i < depth; i++) {
      const k = rng.below(ctx.parts.length);
      mutated[k] = mutatePart(mutated[k] as Uint8Array, ctx.parts[k] ?? 'bytes', withPartDonors(ctx, k));
    }
    out = joinParts(mutated);
  } else {
    const kind = ctx.parts.length === 1 ? (ctx.parts[0] as PartKind) : 'bytes';
    for (let i = 0; i < depth; i++) out = mutatePart(out, kind, ctx);
  }
  return out.length > ctx.maxLen ? out.subarray(0, ctx.maxLen) : out;
}

/** A context whose crossover donors are the same part of other entries. */
function withPartDonors(ctx: MutationContext, k: number): MutationContext {
  return {
    ...ctx,
    other: () => {
      const o = ctx.other();
      return tryFramed(o)?.[k] ?? o;
    },
  };
}
