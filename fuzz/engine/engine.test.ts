/**
 * The fuzzing engine's own tests: input framing, the CBOR scanner and structure-aware mutation,
 * determinism, and that coverage feedback actually guides (it finds a planted bug that blind
 * mutation does not find in the same budget).
 */
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '../../packages/core/src/cbor/index.js';
import { CoverageTracker } from './coverage.js';
import { allNodes, encodeHead, scanTree } from './cborTree.js';
import { fuzzLoop, type Finding } from './loop.js';
import { mutate, mutateCbor, type MutationContext } from './mutate.js';
import { joinParts, splitParts, tryFramed } from './parts.js';
import { Rng } from './rng.js';
import * as planted from './selftest-target.js';
import { deepEqual } from './target.js';

const ctx = (seed: number, over: Partial<MutationContext> = {}): MutationContext => {
  const rng = new Rng(seed);
  return { rng, parts: ['bytes'], maxLen: 256, dictionary: [], other: () => Uint8Array.of(1, 2, 3), ...over };
};

describe('parts', () => {
  it('frames and splits multi-part inputs, padding missing parts', () => {
    const parts = [Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3)];
    const framed = joinParts(parts);
    expect(tryFramed(framed)).toEqual(parts);
    expect(splitParts(framed, 4)).toEqual([...parts, new Uint8Array(0)]);
    expect(splitParts(Uint8Array.of(0x7b, 0x7d), 2)).toEqual([Uint8Array.of(0x7b, 0x7d), new Uint8Array(0)]);
    expect(tryFramed(framed.subarray(0, framed.length - 1))).toBeUndefined();
  });
});

describe('cbor scanner and mutation', () => {
  it('scans every item of a nested value with its offsets', () => {
    const bytes = encodeCbor(new Map<number | string, unknown>([[1, [2, new Uint8Array(30)]], ['x', 'yz']]) as never);
    const root = scanTree(bytes)!;
    expect(root.end).toBe(bytes.length);
    expect(allNodes(root).map((n) => n.major)).toEqual([5, 0, 4, 0, 2, 3, 3]);
    expect(scanTree(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect([...encodeHead(0, 500)]).toEqual([0x19, 0x01, 0xf4]);
  });

  it('mostly keeps CBOR well-formed when mutating structurally', () => {
    const seed = encodeCbor(new Map<number, unknown>([[1, new Uint8Array(32)], [2, new Map([['id', 'example.com']])], [4, [new Map<string, unknown>([['alg', -7], ['type', 'public-key']])]]]) as never);
    let wellFormed = 0;
    const c = ctx(7);
    for (let i = 0; i < 500; i++) {
      const m = mutateCbor(seed, c);
      if (m && scanTree(m)) wellFormed++;
    }
    expect(wellFormed).toBeGreaterThan(250);
  });

  it('is deterministic for a seed and respects maxLen', () => {
    const input = Uint8Array.from({ length: 100 }, (_, i) => i);
    const run = (seed: number): Uint8Array[] => {
      const c = ctx(seed, { maxLen: 120 });
      return Array.from({ length: 200 }, () => mutate(input, c));
    };
    const a = run(3);
    expect(a).toEqual(run(3));
    expect(a).not.toEqual(run(4));
    expect(a.every((m) => m.length <= 120)).toBe(true);
  });

  it('mutates one part of a framed input and keeps the framing', () => {
    const input = joinParts([encodeCbor({ a: 1 }), Uint8Array.of(9, 9)]);
    const c = ctx(5, { parts: ['cbor', 'bytes'] });
    let framed = 0;
    for (let i = 0; i < 200; i++) if (tryFramed(mutate(input, c))?.length === 2) framed++;
    expect(framed).toBeGreaterThan(180);
  });
});

describe('deepEqual', () => {
  it('compares decoded values by value (1 and 1n, array keys)', () => {
    expect(deepEqual(new Map([[1, 2]]), new Map([[1n, 2]]))).toBe(true);
    expect(deepEqual(new Map([[[1], 2]]), new Map([[[1], 2]]))).toBe(true);
    expect(deepEqual(decodeCbor(Uint8Array.of(0xa1, 1, 2)), new Map([[1, 3]]))).toBe(false);
  });
});

describe('coverage guidance', () => {
  const run = async (coverage: CoverageTracker | undefined): Promise<Finding[]> => {
    const findings: Finding[] = [];
    await fuzzLoop({ target: 'planted', module: planted, seeds: [Uint8Array.of(0, 0, 0, 0)], seed: 99, maxInputs: 100_000, coverage, onFinding: (f) => findings.push(f) });
    return findings;
  };

  it('reaches a bug behind a three-byte magic with coverage feedback, and not without', async () => {
    const tracker = new CoverageTracker((url) => url.includes('selftest-target'));
    tracker.start();
    try {
      const guided = await run(tracker);
      expect(guided.map((f) => f.signature)).toEqual([expect.stringContaining('RangeError: planted bug reached')]);
      expect([...guided[0]!.data.subarray(0, 3)]).toEqual([0x42, 0x17, 0x99]);
    } finally {
      tracker.stop();
    }
    expect(await run(undefined)).toEqual([]);
  }, 60_000);
});
