/**
 * Vitest sequencer (`sequence.sequencer`): the longest test files start first, so the workers finish together
 * (longest-processing-time-first scheduling: the many short files fill the gaps at the end).
 *
 * A file's expected duration comes from test/support/durations.json (seconds measured on the 2-core reference
 * machine, committed so a fresh clone schedules well); a file not listed there counts by its size
 * ({@link SECONDS_PER_KIB}); vitest's own sequencer orders a fresh clone by size alone, so the unit test files
 * (the largest) ran first and short heavy files (bench, Playwright specs) started last.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds a file not in durations.json is expected to take per KiB of source (unit test files: ~0.05 s/KiB). */
const SECONDS_PER_KIB = 0.05;
/**
 * Files expected to take at least this long start first whatever their project, longest first; the rest follow,
 * isolated ones first, then each non-isolated project's files together (vitest reuses a non-isolated worker only
 * when the file queued next belongs to the same project; a heavy file pays one fresh worker, ~1 s).
 */
const HEAVY_SECONDS = 15;

const DURATIONS = JSON.parse(readFileSync(new URL('./durations.json', import.meta.url), 'utf8')) as { seconds: Record<string, number> };

export default class HeavyFirstSequencer extends BaseSequencer {
  /** Expected seconds of one file. */
  expected(spec: TestSpecification): number {
    const path = relative(this.ctx.config.root, spec.moduleId).split('\\').join('/');
    const known = DURATIONS.seconds[path];
    if (known !== undefined) return known;
    try {
      return (statSync(spec.moduleId).size / 1024) * SECONDS_PER_KIB;
    } catch {
      return 0;
    }
  }

  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const weight = new Map(files.map((f) => [f, this.expected(f)]));
    const heavy = (f: TestSpecification): boolean => weight.get(f)! >= HEAVY_SECONDS;
    return [...files].sort((a, b) => {
      const group = a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder;
      if (group !== 0) return group;
      if (heavy(a) !== heavy(b)) return heavy(a) ? -1 : 1;
      if (!heavy(a)) {
        if (a.project.config.isolate !== b.project.config.isolate) return a.project.config.isolate ? -1 : 1;
        // a non-isolated worker is reused only for the same project's file queued next: keep each project together
        if (!a.project.config.isolate && a.project.name !== b.project.name) return a.project.name < b.project.name ? -1 : 1;
      }
      return weight.get(b)! - weight.get(a)! || a.moduleId.localeCompare(b.moduleId);
    });
  }
}
