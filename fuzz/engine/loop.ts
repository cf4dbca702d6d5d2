/**
 * The fuzzing loop: replay the seeds, then mutate corpus entries, run the target on each mutant,
 * and keep mutants that reach blocks no earlier input reached. Coverage is taken once per batch;
 * a batch that found something is re-run input by input to attribute it. The batch size grows
 * while nothing new turns up and shrinks when something does.
 *
 * Findings: an exception out of `fuzz()` (a crash), an input slower than `timeoutMs` (a hang:
 * inputs that never finish are caught by the worker's watchdog instead, see worker.ts), or the
 * isolate's heap plus external memory above `memoryLimitMb` after a batch (memory).
 * @module
 */
import { getHeapStatistics } from 'node:v8';
import { performance } from 'node:perf_hooks';
import type { CoverageTracker } from './coverage.js';
import { mutate, type MutationContext, type PartKind } from './mutate.js';
import { Rng } from './rng.js';
import type { TargetModule } from './target.js';

/** One finding. */
export interface Finding {
  kind: 'crash' | 'hang' | 'memory';
  /** The input. */
  data: Uint8Array;
  /** What happened: the error with its stack, or the time taken. */
  report: string;
  /** Groups findings with the same cause. */
  signature: string;
}

/** Running figures of one target. */
export interface LoopStats {
  target: string;
  /** Seeds replayed. */
  seeds: number;
  /** Inputs run: seeds plus mutants (re-runs to attribute coverage not counted). */
  execs: number;
  /** Re-runs of batch inputs to attribute new coverage. */
  reruns: number;
  /** Inputs kept because they reached new blocks (excluding seeds). */
  newCoverage: number;
  /** Corpus size (seeds + kept inputs). */
  corpus: number;
  /** Features (blocks and functions) covered. */
  features: number;
  crashes: number;
  hangs: number;
  memory: number;
  /** Distinct finding signatures. */
  unique: number;
  /** Slowest input, ms (the faster of two runs for an input re-run because it was over the limit). */
  slowestMs: number;
  /** Inputs over the hang limit once but not when re-run (machine load, GC): not findings. */
  slowOnce: number;
  elapsedMs: number;
}

/** Options of {@link fuzzLoop}. */
export interface LoopOptions {
  target: string;
  module: TargetModule;
  seeds: readonly Uint8Array[];
  /** PRNG seed: the same seed, corpus and code give the same run. */
  seed: number;
  /** Mutants to run after the seeds (default unlimited: then set maxSeconds). */
  maxInputs?: number;
  /** Wall-clock budget in seconds for the mutants (the seeds always all run first). */
  maxSeconds?: number;
  /** An input taking longer is a hang (default 1000). */
  timeoutMs?: number;
  /** Heap + external memory above this after a batch is a finding (default 1024). */
  memoryLimitMb?: number;
  /** Coverage feedback; absent: blind mutation of the seeds. */
  coverage?: CoverageTracker;
  /** Called for each finding. */
  onFinding?: (finding: Finding) => void;
  /** Called about once a second. */
  onProgress?: (stats: LoopStats) => void;
  /** Called with each input before it runs (the worker's heartbeat). */
  beforeInput?: (data: Uint8Array) => void;
  /** Called after each input. */
  afterInput?: () => void;
  /** Called with each input kept for new coverage. */
  onNewCoverage?: (data: Uint8Array) => void;
  /** Skip the seeds whose replay already happened (worker restart after a hang). */
  skipSeeds?: boolean;
}

const MAX_BATCH = 256;

/** Where a finding comes from: error name, message shape, first frame in the packages. */
export function signatureOf(error: unknown): string {
  if (!(error instanceof Error)) return `throw ${typeof error}: ${String(error).slice(0, 60)}`;
  const lines = (error.stack ?? '').split('\n');
  const frame = lines.find((l) => l.includes('/packages/')) ?? lines.find((l) => l.includes('/fuzz/targets/')) ?? '';
  const where = /(?:packages|targets)\/[^\s:)]+:\d+/.exec(frame)?.[0] ?? '';
  const message = error.message.replace(/\d+/g, 'N').replace(/"[^"]*"|'[^']*'/g, 'S').slice(0, 80);
  return `${error.name}: ${message} @ ${where}`;
}

/** Run one target. */
export async function fuzzLoop(o: LoopOptions): Promise<LoopStats> {
  const rng = new Rng(o.seed);
  const opts = o.module.options;
  const parts: readonly PartKind[] = opts.parts ?? ['bytes'];
  const timeoutMs = Math.max(o.timeoutMs ?? 1000, opts.timeoutMs ?? 0);
  const memoryLimit = (o.memoryLimitMb ?? 1024) * 1024 * 1024;
  const started = performance.now();
  const corpus: Uint8Array[] = o.seeds.length > 0 ? [...o.seeds] : [new Uint8Array(0)];
  const signatures = new Set<string>();
  const stats: LoopStats = {
    target: o.target, seeds: 0, execs: 0, reruns: 0, newCoverage: 0, corpus: corpus.length, features: 0,
    crashes: 0, hangs: 0, memory: 0, unique: 0, slowestMs: 0, slowOnce: 0, elapsedMs: 0,
  };
  const dictionary = (opts.dictionary ?? []).map((t) => (typeof t === 'string' ? new Uint8Array(Buffer.from(t, 'utf8')) : t));
  const ctx: MutationContext = {
    rng,
    parts,
    maxLen: opts.maxLen ?? 4096,
    dictionary,
    other: () => rng.pick(corpus),
  };

  const finding = (f: Finding): void => {
    if (f.kind === 'crash') stats.crashes++;
    else if (f.kind === 'hang') stats.hangs++;
    else stats.memory++;
    if (!signatures.has(f.signature)) {
      signatures.add(f.signature);
      stats.unique = signatures.size;
      o.onFinding?.(f);
    }
  };

  /** Run one input; true when it completed without a finding. */
  const exec = async (data: Uint8Array): Promise<boolean> => {
    o.beforeInput?.(data);
    const buffer = Buffer.from(data); // a copy: a misbehaving target cannot corrupt the corpus
    const t0 = performance.now();
    let ok = true;
    try {
      const r = o.module.fuzz(buffer);
      if (r instanceof Promise) await r;
    } catch (error) {
      ok = false;
      const report = error instanceof Error ? `${error.stack ?? error.message}${causeChain(error)}` : String(error);
      finding({ kind: 'crash', data, report, signature: signatureOf(error) });
    }
    let ms = performance.now() - t0;
    o.afterInput?.();
    if (ms > timeoutMs && ok) {
      // Over the limit: a hang only if it is again (a loaded machine or a GC pause is not a hang).
      const first = ms;
      o.beforeInput?.(data);
      const t1 = performance.now();
      try {
        const r = o.module.fuzz(Buffer.from(data));
        if (r instanceof Promise) await r;
      } catch {
        /* it did not throw the first time; the hang is what is being checked */
      }
      ms = Math.min(first, performance.now() - t1);
      o.afterInput?.();
      if (ms > timeoutMs) {
        ok = false;
        finding({ kind: 'hang', data, report: `input took ${first.toFixed(0)} ms, then ${ms.toFixed(0)} ms again (limit ${timeoutMs} ms)`, signature: 'slow input' });
      } else stats.slowOnce++;
    }
    if (ms > stats.slowestMs) stats.slowestMs = ms;
    return ok;
  };

  let lastProgress = started;
  const progress = (): void => {
    const now = performance.now();
    stats.elapsedMs = now - started;
    stats.corpus = corpus.length;
    stats.features = o.coverage?.size ?? 0;
    if (now - lastProgress >= 1000) {
      lastProgress = now;
      o.onProgress?.({ ...stats });
    }
  };

  const memoryCheck = (last: Uint8Array | undefined): void => {
    const h = getHeapStatistics() as ReturnType<typeof getHeapStatistics> & { external_memory?: number };
    const used = h.used_heap_size + (h.external_memory ?? 0);
    if (used > memoryLimit && last) {
      finding({ kind: 'memory', data: last, report: `heap + external memory ${(used / 2 ** 20).toFixed(0)} MiB after a batch ending with this input`, signature: 'memory' });
    }
  };

  // Seeds: each alone, so each one's coverage is known. They are the regression corpus: all of them run,
  // whatever the clock says (a loaded machine must not turn a replay into a partial one).
  o.coverage?.reset();
  if (!o.skipSeeds) {
    for (const s of o.seeds) {
      await exec(s);
      stats.execs++;
      stats.seeds++;
      if (o.coverage) o.coverage.commit(o.coverage.collect());
      progress();
    }
  }

  // The mutants' budget starts once the seeds have run.
  const deadline = o.maxSeconds === undefined ? Infinity : performance.now() + o.maxSeconds * 1000;
  let batchSize = 1;
  let mutants = 0;
  const maxInputs = o.maxInputs ?? Infinity;
  while (mutants < maxInputs && performance.now() < deadline) {
    const batch: Uint8Array[] = [];
    while (batch.length < batchSize && mutants < maxInputs) {
      const parent = corpus.length > 16 && rng.chance(0.3) ? (corpus[corpus.length - 1 - rng.below(16)] as Uint8Array) : rng.pick(corpus);
      const child = mutate(parent, ctx);
      await exec(child);
      batch.push(child);
      mutants++;
      stats.execs++;
    }
    if (o.coverage) {
      const fresh = o.coverage.collect();
      if (fresh.length > 0) {
        await attribute(o.coverage, batch, fresh);
        batchSize = Math.max(1, batchSize >> 2);
      } else batchSize = Math.min(MAX_BATCH, batchSize * 2);
    } else batchSize = 16; // no coverage to take: batches only decide how often the budget is checked
    memoryCheck(batch.at(-1));
    progress();
  }
  stats.elapsedMs = performance.now() - started;
  stats.corpus = corpus.length;
  stats.features = o.coverage?.size ?? 0;
  return stats;

  /**
   * Find which inputs of a batch reached the new features `fresh` (what running exactly `inputs`
   * gave): bisect, re-running halves, so a batch with one discovery costs about 2 log2(n) coverage
   * takes instead of n. Keeps each input that adds features when its half is down to one.
   */
  async function attribute(coverage: CoverageTracker, inputs: Uint8Array[], fresh: string[]): Promise<void> {
    if (inputs.length === 1) {
      if (coverage.commit(fresh) > 0) keep(inputs[0] as Uint8Array);
      return;
    }
    const half = Math.ceil(inputs.length / 2);
    for (const part of [inputs.slice(0, half), inputs.slice(half)]) {
      for (const input of part) {
        await exec(input);
        stats.reruns++;
      }
      const found = coverage.collect();
      if (found.length > 0) await attribute(coverage, part, found);
    }
    coverage.commit(fresh); // whatever a re-run did not reproduce (code that is not deterministic)
  }

  function keep(input: Uint8Array): void {
    corpus.push(input);
    stats.newCoverage++;
    o.onNewCoverage?.(input);
  }
}

function causeChain(error: Error): string {
  let out = '';
  let cause: unknown = error.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    out += `\ncaused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return out;
}
