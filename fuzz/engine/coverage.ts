/**
 * Coverage feedback from V8's block coverage through `node:inspector` (Chrome DevTools Protocol
 * `Profiler.startPreciseCoverage` with `callCount: false, detailed: true`). Each
 * `Profiler.takePreciseCoverage` returns the functions run since the previous take and resets the
 * counters, so one take after a batch of inputs gives the union of the blocks they reached.
 *
 * V8 reports, for each function that ran, its range and only those nested block ranges whose count
 * differs from the enclosing range (with binary counts: blocks skipped inside code that ran, and
 * blocks run inside code that was skipped). A block's count is therefore that of the innermost
 * reported range containing it. The tracker keeps, per function, every block range it has ever
 * seen (its "universe"), and a feature is "block B of function F ran". New features = new coverage.
 * @module
 */
import { Session } from 'node:inspector';

interface CoverageRange {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface FunctionCoverage {
  functionName: string;
  ranges: CoverageRange[];
  isBlockCoverage: boolean;
}
interface ScriptCoverage {
  scriptId: string;
  url: string;
  functions: FunctionCoverage[];
}

/** Which scripts count: by default the repository's packages and their parsing dependencies. */
export type ScriptFilter = (url: string) => boolean;

/** Files under `root` that are code under test: packages/ and node_modules/ except tooling. */
export function repositoryFilter(root: string): ScriptFilter {
  const rootUrl = root.startsWith('file:') ? root : `file://${root}`;
  const tooling = /\/node_modules\/(?:vitest|@vitest|vite|chai|tinypool|tinyspy|typescript|rolldown|@rolldown|magic-string|pathe|std-env|expect-type|@jridgewell|es-module-lexer|tinyrainbow|loupe|pretty-format|fast-check|pure-rand)\//;
  return (url) => {
    const u = url.startsWith('/') ? `file://${url}` : url;
    if (!u.startsWith(rootUrl)) return false;
    if (u.includes('/fuzz/') && !u.includes('/node_modules/')) return false;
    if (tooling.test(u)) return false;
    return u.includes('/packages/') || u.includes('/node_modules/');
  };
}

/** Block coverage of the current isolate, turned into fuzzing features. */
export class CoverageTracker {
  readonly #session = new Session();
  readonly #filter: ScriptFilter;
  /** Per function (`url@start`): the block ranges ever reported, by `start:end`. */
  readonly #universe = new Map<string, Map<string, readonly [number, number]>>();
  /** Features seen so far. */
  readonly #seen = new Set<string>();
  #started = false;

  /** @param filter - which script URLs count */
  constructor(filter: ScriptFilter) {
    this.#filter = filter;
  }

  /** Start precise block coverage; call before the code under test is loaded. */
  start(): void {
    if (this.#started) return;
    this.#session.connect();
    this.#post('Profiler.enable');
    this.#post('Profiler.startPreciseCoverage', { callCount: false, detailed: true, allowTriggeredUpdates: false });
    this.#started = true;
  }

  /** Stop and disconnect. */
  stop(): void {
    if (!this.#started) return;
    this.#post('Profiler.stopPreciseCoverage');
    this.#post('Profiler.disable');
    this.#session.disconnect();
    this.#started = false;
  }

  /** Number of features (covered blocks and functions) seen so far. */
  get size(): number {
    return this.#seen.size;
  }

  /** Forget every feature and block range (before fuzzing another target). */
  forget(): void {
    this.#seen.clear();
    this.#universe.clear();
  }

  /** Discard counts gathered so far (e.g. by setup code). */
  reset(): void {
    this.#take();
  }

  /**
   * Take coverage since the last take and return the features it has that were not seen before,
   * without remembering them (see {@link CoverageTracker.commit}).
   */
  collect(): string[] {
    const fresh: string[] = [];
    for (const script of this.#take()) {
      if (!this.#filter(script.url)) continue;
      for (const fn of script.functions) {
        const ranges = fn.ranges;
        const top = ranges[0];
        if (!top) continue;
        const key = `${script.url}@${top.startOffset}`;
        let universe = this.#universe.get(key);
        if (!universe) this.#universe.set(key, (universe = new Map()));
        for (let i = 1; i < ranges.length; i++) {
          const r = ranges[i] as CoverageRange;
          const block = `${r.startOffset}:${r.endOffset}`;
          if (!universe.has(block)) universe.set(block, [r.startOffset, r.endOffset]);
        }
        if (top.count > 0 && !this.#seen.has(key)) fresh.push(key);
        for (const [block, [s, e]] of universe) {
          const feature = `${key}#${block}`;
          if (!this.#seen.has(feature) && countAt(ranges, s, e) > 0) fresh.push(feature);
        }
      }
    }
    return fresh;
  }

  /** Remember features as seen; returns how many were new. */
  commit(features: readonly string[]): number {
    let added = 0;
    for (const f of features) {
      if (!this.#seen.has(f)) {
        this.#seen.add(f);
        added++;
      }
    }
    return added;
  }

  #take(): ScriptCoverage[] {
    return (this.#post('Profiler.takePreciseCoverage') as { result?: ScriptCoverage[] } | undefined)?.result ?? [];
  }

  /** Same-thread inspector sessions answer synchronously. */
  #post(method: string, params?: object): unknown {
    let result: unknown;
    let error: Error | null = null;
    this.#session.post(method, params ?? {}, (err, value) => {
      error = err;
      result = value;
    });
    if (error) throw error;
    return result;
  }
}

/** Count of the innermost reported range containing [s, e). */
function countAt(ranges: readonly CoverageRange[], s: number, e: number): number {
  let best: CoverageRange | undefined;
  for (const r of ranges) {
    if (r.startOffset <= s && e <= r.endOffset && (!best || r.endOffset - r.startOffset <= best.endOffset - best.startOffset)) best = r;
  }
  return best?.count ?? 0;
}
