/**
 * The short fuzzing run inside `npm test`: every target in fuzz/targets replays its committed seed
 * corpus, then mutates it for `quickRuns` inputs (default 3000) or 1.5 s (`quickSeconds`), whichever comes first,
 * seeded so a failure replays. Blind mutation by default: V8 coverage makes code about three times
 * slower and its takes cost milliseconds, too much for the time npm test can spend here;
 * FUZZ_COVERAGE=1 turns the feedback on (never while vitest's own coverage runs: both use the V8
 * block counters). Any finding (an untyped exception, a broken invariant, an input over the hang
 * limit) fails the target's test with the input's hex. `npm run fuzz` is the long,
 * coverage-guided run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoverageTracker, repositoryFilter } from './engine/coverage.js';
import { loadCorpus, REPO_ROOT } from './engine/corpus.js';
import { fuzzLoop, type Finding } from './engine/loop.js';
import { loadTarget, targetNames } from './engine/registry.js';

/** vitest's V8 coverage provider shares the block counters: leave them alone when it runs. */
const vitestCoverage = (globalThis as { __vitest_worker__?: { config?: { coverage?: { enabled?: boolean } } } }).__vitest_worker__?.config?.coverage?.enabled === true;
const tracker = !vitestCoverage && process.env.FUZZ_COVERAGE === '1' ? new CoverageTracker(repositoryFilter(REPO_ROOT)) : undefined;
/** Wall-clock cap per target (targets may ask for more), so the file stays under a minute. */
const MAX_SECONDS = 1.5;

const ran: string[] = [];
beforeAll(() => tracker?.start());
afterAll(() => {
  tracker?.stop();
  console.info(`quick fuzz run (${tracker ? 'coverage-guided' : 'blind'}):\n${ran.join('\n')}`);
});

describe('fuzz targets: seed corpus + a quick mutation run, zero findings', () => {
  const names = targetNames();
  it('finds the targets and their seed corpora', () => {
    expect(names.length).toBeGreaterThanOrEqual(25);
    for (const name of names) expect(loadCorpus(name).length, `${name} has no seeds`).toBeGreaterThan(0);
  });

  names.forEach((name, index) => {
    it(name, async () => {
      const module = await loadTarget(name);
      const seeds = loadCorpus(name).map((s) => s.data);
      tracker?.forget();
      const findings: Finding[] = [];
      const stats = await fuzzLoop({
        target: name,
        module,
        seeds,
        seed: 0x5eed + index,
        maxInputs: module.options.quickRuns ?? 3000,
        maxSeconds: module.options.quickSeconds ?? MAX_SECONDS,
        timeoutMs: 1000,
        coverage: tracker,
        onFinding: (f) => findings.push(f),
      });
      const described = findings.map((f) => `${f.kind} ${f.signature}\ninput ${Buffer.from(f.data).toString('hex').slice(0, 400)}\n${f.report.slice(0, 1500)}`);
      ran.push(`  ${name.padEnd(30)} ${stats.seeds} seeds + ${stats.execs - stats.seeds} mutants, slowest ${stats.slowestMs.toFixed(0)} ms`);
      expect(described).toEqual([]);
      expect(stats.seeds).toBe(seeds.length);
      expect(stats.execs).toBeGreaterThan(seeds.length);
    }, 60_000);
  });
});
