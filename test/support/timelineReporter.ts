/**
 * Opt-in vitest reporter: a wall-clock timeline of every test module of a run, to find where a run's time goes
 * (the JSON reporter's `startTime` is a file's first test, so module import, collection and `beforeAll` are
 * invisible there).
 *
 * Use it beside the default reporter:
 * `npx vitest run --reporter=default --reporter=./test/support/timelineReporter.ts [files]`.
 * It writes `$VFIDO_TIMELINE_FILE` (default `<os tmpdir>/vfido-timeline-<time>.json`) and prints the 25 modules
 * with the largest wall span and a summary of idle worker lanes.
 *
 * Per module it records, in ms since the run started (reporter clock, main process):
 * - `queued`: the worker began with the file (vitest's `onCollectStart`: the worker is up, its environment and
 *   setup files about to load, the test module about to be imported);
 * - `start`: collection is done and the tests are about to run (`beforeAll` hooks count after this);
 * - `end`: the file's last hook finished;
 * and `testModule.diagnostic()` (environment setup, prepare, collect, setup, duration = tests + hooks, heap when
 * run with `--logHeapUsage`), its project, pool and test counts; with `--experimental.importDurations.limit=10` also
 * each module's 10 slowest imports (self and total ms, e.g. the `@vfido/core` barrel from source).
 *
 * Vitest reports no worker id, so lanes are reconstructed: modules are placed, in `queued` order, on the lane that
 * became free last before they were queued (a worker runs one file at a time), or on a new lane when none is free
 * (`peakLanes` above `maxWorkers` means files overlapped: e.g. a project's own `maxWorkers`, or a non-isolated
 * project with one worker, which vitest hands all its files at once: it imports every file first, so their
 * `queued` marks cluster). The gap before a module on its lane is the worker's start-up or hand-over time;
 * `maxWorkers x run wall - busy` is the idle lane time.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

/** One test module's place on the run's timeline (ms since the run started). */
export interface TimelineEntry {
  file: string;
  project: string;
  pool: string | undefined;
  /** reconstructed worker lane (0-based) */
  lane: number;
  queued: number;
  start: number;
  end: number;
  /** end - queued: the module's real wall cost on its lane */
  wall: number;
  /** idle time on the lane between its previous module's end (or the run's start) and this module's queued */
  laneGapBefore: number;
  environmentSetup: number;
  prepare: number;
  collect: number;
  setup: number;
  /** tests + hooks (beforeAll/afterAll included) */
  duration: number;
  heap: number | undefined;
  tests: { total: number; passed: number; failed: number; skipped: number };
  /** the slowest non-externalized imports (ms), when vitest measured them */
  slowImports: Array<{ module: string; selfTime: number; totalTime: number }>;
}

/** The JSON this reporter writes. */
export interface Timeline {
  /** the run's `maxWorkers` */
  lanes: number;
  /** lanes the reconstruction needed (files running at once at the peak) */
  peakLanes: number;
  runWall: number;
  busy: number;
  idle: number;
  modules: TimelineEntry[];
}

/** How many modules the printed table shows. */
const TOP = 25;

/** See the module comment. */
export default class TimelineReporter implements Reporter {
  private vitest: Vitest | undefined;
  private t0 = 0;
  private readonly marks = new Map<string, { queued?: number; start?: number; end?: number }>();

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    this.t0 = Date.now();
  }

  onTestRunStart(): void {
    this.t0 = Date.now();
  }

  private mark(module: TestModule, key: 'queued' | 'start' | 'end'): void {
    const entry = this.marks.get(module.moduleId) ?? {};
    entry[key] ??= Date.now() - this.t0;
    this.marks.set(module.moduleId, entry);
  }

  onTestModuleQueued(module: TestModule): void {
    this.mark(module, 'queued');
  }

  onTestModuleStart(module: TestModule): void {
    this.mark(module, 'start');
  }

  onTestModuleEnd(module: TestModule): void {
    this.mark(module, 'end');
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const runWall = Date.now() - this.t0;
    const root = this.vitest?.config.root ?? process.cwd();
    const lanes = Math.max(1, Number(this.vitest?.config.maxWorkers ?? 1));
    const laneFree: number[] = Array.from({ length: lanes }, () => 0);
    const rows = modules
      .map((m) => ({ m, t: this.marks.get(m.moduleId) ?? {} }))
      .sort((a, b) => (a.t.queued ?? 0) - (b.t.queued ?? 0));
    const entries: TimelineEntry[] = rows.map(({ m, t }) => {
      const queued = t.queued ?? 0;
      const end = t.end ?? runWall;
      const start = t.start ?? end;
      // the lane that became free latest but no later than this module was queued (else the earliest free)
      let lane = -1;
      for (let i = 0; i < laneFree.length; i++) if (laneFree[i]! <= queued && (lane < 0 || laneFree[i]! > laneFree[lane]!)) lane = i;
      if (lane < 0) lane = laneFree.push(0) - 1; // every lane busy: files overlap
      const laneGapBefore = Math.max(0, queued - laneFree[lane]!);
      laneFree[lane] = end;
      const d = m.diagnostic();
      const tests = { total: 0, passed: 0, failed: 0, skipped: 0 };
      for (const test of m.children.allTests()) {
        tests.total++;
        const state = test.result().state;
        if (state === 'passed') tests.passed++;
        else if (state === 'failed') tests.failed++;
        else if (state === 'skipped') tests.skipped++;
      }
      const slowImports = Object.entries(d.importDurations ?? {})
        .map(([module, v]) => ({ module: module.startsWith(root) ? module.slice(root.length + 1) : module, selfTime: Math.round(v.selfTime), totalTime: Math.round(v.totalTime) }))
        .sort((a, b) => b.totalTime - a.totalTime)
        .slice(0, 10);
      return {
        file: m.moduleId.startsWith(root) ? m.moduleId.slice(root.length + 1) : m.moduleId,
        project: m.project.name,
        pool: m.project.config.pool,
        lane,
        queued,
        start,
        end,
        wall: end - queued,
        laneGapBefore,
        environmentSetup: Math.round(d.environmentSetupDuration),
        prepare: Math.round(d.prepareDuration),
        collect: Math.round(d.collectDuration),
        setup: Math.round(d.setupDuration),
        duration: Math.round(d.duration),
        heap: d.heap,
        tests,
        slowImports,
      };
    });
    const busy = entries.reduce((sum, e) => sum + e.wall, 0);
    // files at once at the peak: +1 at each queued, -1 at each end (ends first at equal times)
    const edges = entries.flatMap((e) => [[e.queued, 1], [e.end, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let open = 0;
    let peakLanes = 0;
    for (const [, step] of edges) peakLanes = Math.max(peakLanes, (open += step));
    const timeline: Timeline = { lanes, peakLanes, runWall, busy, idle: lanes * runWall - busy, modules: entries };
    const out = process.env['VFIDO_TIMELINE_FILE'] ?? join(tmpdir(), `vfido-timeline-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, `${JSON.stringify(timeline, null, 2)}\n`);
    this.print(timeline, out);
  }

  private print(timeline: Timeline, out: string): void {
    const s = (ms: number): string => (ms / 1000).toFixed(1).padStart(6);
    const lines = [
      '',
      `timeline (${out}): ${timeline.modules.length} modules, maxWorkers ${timeline.lanes} (peak ${timeline.peakLanes} files at once), run ${s(timeline.runWall)} s, busy ${s(timeline.busy)} lane-s, idle ${s(timeline.idle)} lane-s`,
      '  wall s  queued   start     end  import  tests+hooks  lane  gap  tests  file',
    ];
    for (const e of [...timeline.modules].sort((a, b) => b.wall - a.wall).slice(0, TOP)) {
      lines.push(`  ${s(e.wall)}  ${s(e.queued)}  ${s(e.start)}  ${s(e.end)}  ${s(e.collect)}  ${s(e.duration)}       ${String(e.lane).padStart(2)}  ${s(e.laneGapBefore)} ${String(e.tests.total).padStart(5)}  ${e.file} [${e.project}]`);
    }
    const used = Math.max(0, ...timeline.modules.map((e) => e.lane + 1));
    for (let lane = 0; lane < used; lane++) {
      const mine = timeline.modules.filter((e) => e.lane === lane);
      const busy = mine.reduce((sum, e) => sum + e.wall, 0);
      const gaps = mine.reduce((sum, e) => sum + e.laneGapBefore, 0);
      const last = mine.reduce((max, e) => Math.max(max, e.end), 0);
      lines.push(`  lane ${lane}: ${mine.length} modules, busy ${s(busy)} s, gaps between modules ${s(gaps)} s, idle after its last module ${s(timeline.runWall - last)} s`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
