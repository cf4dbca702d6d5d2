/**
 * Vitest sequencer (`sequence.sequencer`): the longest test files start first, so the workers finish together
 * (longest-processing-time-first scheduling: the many short files fill the gaps at the end).
 *
 * A file's expected duration comes from test/support/durations.json (seconds measured on the 2-core reference
 * machine, committed so a fresh clone schedules well); a file not listed there counts by its size
 * ({@link SECONDS_PER_KIB}), which is what vitest's own sequencer falls back to on a fresh clone. Isolated files
 * run before non-isolated ones (vitest reuses a non-isolated worker only for the non-isolated file queued next, so
 * they stay together at the end).
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds a file not in durations.json is expected to take per KiB of source (unit test files: ~0.05 s/KiB). */
const SECONDS_PER_KIB = 0.05;

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
    return [...files].sort((a, b) => {
      const group = a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder;
      if (group !== 0) return group;
      if (a.project.config.isolate !== b.project.config.isolate) return a.project.config.isolate ? -1 : 1;
      return weight.get(b)! - weight.get(a)! || a.moduleId.localeCompare(b.moduleId);
    });
  }
}
