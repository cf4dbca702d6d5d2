/**
 * `npm run fuzz`: fuzz every target (or some) for a number of inputs or seconds each, in worker
 * threads watched for hangs and memory exhaustion; print per-target figures; save findings to
 * `fuzz/crashes/<target>/`; exit 1 on any finding.
 *
 *   npm run fuzz                                  # 50000 mutants per target (5 min cap each): >1.2M inputs
 *   npm run fuzz -- --jobs 2 --json /tmp/fuzz.json # two targets at a time, figures as JSON
 *   npm run fuzz -- --inputs 200000               # total mutants, split evenly
 *   npm run fuzz -- --target cbor-core,ctaphid --seconds 60
 *   npm run fuzz -- --target cbor-core --repro fuzz/crashes/cbor-core/crash-0123abcd
 *   npm run fuzz -- --list
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadCorpus, FUZZ_DIR, saveFinding } from './engine/corpus.js';
import type { Finding, LoopStats } from './engine/loop.js';
import { loadTarget, targetNames } from './engine/registry.js';
import { HEARTBEAT_DATA, type WorkerConfig, type WorkerJob } from './engine/protocol.js';

interface Args {
  inputs: number;
  perTarget?: number;
  seconds: number;
  jobs: number;
  timeoutMs: number;
  memoryLimitMb: number;
  seed: number;
  targets: string[];
  coverage: boolean;
  saveCorpus?: string;
  repro: string[];
  json?: string;
  list: boolean;
}

const HELP = `usage: npm run fuzz -- [options]
  --inputs N             mutated inputs in total, split evenly over the targets
  --inputs-per-target N  mutated inputs per target (default 50000)
  --seconds S            stop each target after S seconds, 0 for no cap (default 300: slow targets
                         such as makeCredential, whose RSA key generation takes up to seconds, stop early)
  --jobs J               targets fuzzed in parallel worker threads (default 1)
  --target a,b           only these targets (exact names or prefixes)
  --timeout MS           an input slower than this is a hang (default 1000)
  --memory MB            heap + external memory limit per worker (default 1024)
  --seed N               PRNG seed (default: from the clock, printed)
  --no-coverage          blind mutation, no coverage feedback
  --save-corpus DIR      write inputs that found new coverage to DIR/<target>/
  --json FILE            write the figures as JSON
  --repro FILE...        run the given inputs once each against --target and report
  --list                 list the targets`;

function parseArgs(argv: string[]): Args {
  const a: Args = {
    inputs: 0, seconds: 300, jobs: 1, timeoutMs: 1000, memoryLimitMb: 1024, seed: Date.now() % 0x7fffffff,
    targets: [], coverage: true, repro: [], list: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${flag} needs a number >= 0`);
      return v;
    };
    if (flag === '--inputs') {
      a.inputs = num();
      a.perTarget = undefined;
    } else if (flag === '--inputs-per-target') a.perTarget = num();
    else if (flag === '--seconds') a.seconds = num();
    else if (flag === '--jobs') a.jobs = Math.max(1, Math.floor(num()));
    else if (flag === '--timeout') a.timeoutMs = num();
    else if (flag === '--memory') a.memoryLimitMb = num();
    else if (flag === '--seed') a.seed = Math.floor(num());
    else if (flag === '--target') a.targets.push(...value().split(',').filter(Boolean));
    else if (flag === '--no-coverage') a.coverage = false;
    else if (flag === '--save-corpus') a.saveCorpus = value();
    else if (flag === '--json') a.json = value();
    else if (flag === '--list') a.list = true;
    else if (flag === '--repro') {
      while (argv[i + 1] !== undefined && !(argv[i + 1] as string).startsWith('--')) a.repro.push(argv[++i] as string);
    } else if (flag === '--help' || flag === '-h') {
      console.log(HELP);
      process.exit(0);
    } else throw new Error(`unknown option ${flag}\n${HELP}`);
  }
  return a;
}

function selectTargets(wanted: string[]): string[] {
  const all = targetNames();
  if (wanted.length === 0) return all;
  const chosen = all.filter((t) => wanted.some((w) => t === w || t.startsWith(w)));
  const unknown = wanted.filter((w) => !all.some((t) => t === w || t.startsWith(w)));
  if (unknown.length > 0) throw new Error(`unknown target(s) ${unknown.join(', ')}; targets: ${all.join(', ')}`);
  return chosen;
}

async function repro(args: Args, targets: string[]): Promise<number> {
  if (targets.length !== 1) throw new Error('--repro needs exactly one --target');
  const module = await loadTarget(targets[0] as string);
  const { readFileSync } = await import('node:fs');
  let failed = 0;
  for (const file of args.repro) {
    const data = readFileSync(file);
    const t0 = performance.now();
    try {
      await module.fuzz(data);
      console.log(`${file}: ok (${(performance.now() - t0).toFixed(1)} ms)`);
    } catch (error) {
      failed++;
      console.log(`${file}: FINDING\n${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

let engineErrors = 0;

interface JobState {
  job: WorkerJob;
  /** Figures of the current worker's run of this target. */
  stats?: LoopStats;
  /** Figures of earlier runs of this target (before a restart). */
  carried?: LoopStats;
  findings: { kind: Finding['kind']; signature: string; file: string }[];
  done: boolean;
  restarts: number;
}

/** Run the jobs of one lane (a sequence of targets) in a worker, restarting it after hangs and OOMs. */
async function runLane(lane: JobState[], args: Args, log: (line: string) => void): Promise<void> {
  let pending = lane.filter((s) => !s.done);
  while (pending.length > 0) {
    const heartbeat = new SharedArrayBuffer(HEARTBEAT_DATA + 1024 * 1024);
    const header = new Int32Array(heartbeat, 0, 4);
    const clock = new Float64Array(heartbeat, 16, 2);
    const config: WorkerConfig = {
      jobs: pending.map((s) => s.job),
      timeoutMs: args.timeoutMs,
      memoryLimitMb: args.memoryLimitMb,
      coverage: args.coverage,
      saveCorpus: args.saveCorpus,
      heartbeat,
    };
    const worker = new Worker(new URL('./engine/worker.ts', import.meta.url), {
      workerData: config,
      resourceLimits: { maxOldGenerationSizeMb: args.memoryLimitMb + 512 },
      stdout: false,
      stderr: false,
    });
    const byIndex = new Map(lane.map((s) => [s.job.index, s]));
    const inputOf = (): Uint8Array => new Uint8Array(heartbeat, HEARTBEAT_DATA, Math.min(Atomics.load(header, 2), heartbeat.byteLength - HEARTBEAT_DATA)).slice();
    const record = (state: JobState | undefined, f: Finding): void => {
      if (!state) return;
      if (state.findings.some((x) => x.signature === f.signature && x.kind === f.kind)) return; // seen before a restart
      const file = saveFinding(join(FUZZ_DIR, 'crashes', state.job.target), f.kind, f.data, `${f.signature}\n\n${f.report}\n`);
      state.findings.push({ kind: f.kind, signature: f.signature, file });
      log(`  ${state.job.target}: ${f.kind.toUpperCase()} ${f.signature}\n    saved ${file}`);
    };
    const outcome = await new Promise<'done' | 'restart' | 'engine-error'>((resolve) => {
      let settled = false;
      const finish = (how: 'done' | 'restart' | 'engine-error'): void => {
        if (settled) return;
        settled = true;
        clearInterval(watchdog);
        resolve(how);
      };
      const watchdog = setInterval(() => {
        if (Atomics.load(header, 0) !== 1) return;
        const elapsed = Date.now() - (clock[0] as number);
        const limit = Atomics.load(header, 3) || args.timeoutMs;
        if (elapsed < Math.max(limit * 5, 5000)) return; // slow-but-finishing inputs are reported by the loop itself
        const state = byIndex.get(Atomics.load(header, 1));
        record(state, { kind: 'hang', data: inputOf(), report: `input still running after ${elapsed} ms: worker terminated`, signature: 'hang (never finished)' });
        if (state) {
          if (state.stats) state.stats.hangs++;
          restart(state);
        }
        void worker.terminate();
        finish('restart');
      }, 100);
      worker.on('message', (m: { type: string; index: number; stats?: LoopStats; finding?: Finding; message?: string }) => {
        const state = byIndex.get(m.index);
        if (m.type === 'progress' && state && m.stats) state.stats = m.stats;
        else if (m.type === 'finding' && m.finding) record(state, m.finding);
        else if (m.type === 'done' && state && m.stats) {
          state.stats = m.stats;
          state.done = true;
          log(line(sum(state.carried, m.stats) as LoopStats));
        } else if (m.type === 'engine-error') {
          log(`fuzzer error${state ? ` in ${state.job.target}` : ''}:\n${m.message}`);
          engineErrors++;
          finish('engine-error');
          void worker.terminate();
        } else if (m.type === 'all-done') {
          finish('done');
          void worker.terminate();
        }
      });
      worker.on('error', (error) => {
        const state = byIndex.get(Atomics.load(header, 1));
        const oom = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        record(state, { kind: oom ? 'memory' : 'crash', data: inputOf(), report: String(error.stack ?? error), signature: oom ? 'out of memory' : `worker error: ${error.message}` });
        if (state) {
          if (state.stats) state.stats[oom ? 'memory' : 'crashes']++;
          restart(state);
        }
        finish('restart');
      });
      worker.on('exit', () => {
        if (settled) return;
        // exited without saying it was done: count it against the target it was running
        const state = byIndex.get(Atomics.load(header, 1));
        record(state, { kind: 'crash', data: inputOf(), report: 'the worker exited unexpectedly', signature: 'worker exited' });
        if (state) restart(state);
        finish('restart');
      });
    });
    if (outcome === 'done' || outcome === 'engine-error') break;
    pending = lane.filter((s) => !s.done);
  }
}

/** Carry a target's figures over a worker restart and resume it with the inputs it has left. */
function restart(state: JobState): void {
  const ran = state.stats;
  state.carried = sum(state.carried, ran);
  state.stats = undefined;
  state.restarts++;
  if (state.restarts > 3) {
    state.done = true; // give up on a target that keeps hanging or dying
    return;
  }
  const seedsDone = (state.carried?.seeds ?? 0) >= loadCorpus(state.job.target).length;
  const mutantsDone = (ran?.execs ?? 0) - (ran?.seeds ?? 0);
  state.job = { ...state.job, skipSeeds: seedsDone, inputs: Math.max(0, state.job.inputs - mutantsDone), seed: (state.job.seed + 1) >>> 0 };
}

/** Figures of two runs of one target added up. */
function sum(a: LoopStats | undefined, b: LoopStats | undefined): LoopStats | undefined {
  if (!a || !b) return a ?? b;
  return {
    target: a.target,
    seeds: a.seeds + b.seeds,
    execs: a.execs + b.execs,
    reruns: a.reruns + b.reruns,
    newCoverage: a.newCoverage + b.newCoverage,
    corpus: Math.max(a.corpus, b.corpus),
    features: Math.max(a.features, b.features),
    crashes: a.crashes + b.crashes,
    hangs: a.hangs + b.hangs,
    memory: a.memory + b.memory,
    unique: a.unique + b.unique,
    slowestMs: Math.max(a.slowestMs, b.slowestMs),
    slowOnce: a.slowOnce + b.slowOnce,
    elapsedMs: a.elapsedMs + b.elapsedMs,
  };
}

function line(s: LoopStats): string {
  const rate = s.elapsedMs > 0 ? Math.round((s.execs / s.elapsedMs) * 1000) : 0;
  return `  ${s.target.padEnd(32)} ${String(s.execs).padStart(9)} inputs ${String(rate).padStart(7)}/s  seeds ${String(s.seeds).padStart(3)}  corpus ${String(s.corpus).padStart(5)}  features ${String(s.features).padStart(5)}  new ${String(s.newCoverage).padStart(4)}  crashes ${s.crashes}  hangs ${s.hangs}  memory ${s.memory}  slowest ${s.slowestMs.toFixed(0)} ms${s.slowOnce ? ` (${s.slowOnce} slow once)` : ''}  ${(s.elapsedMs / 1000).toFixed(0)} s`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const targets = selectTargets(args.targets);
  if (args.list) {
    for (const t of targets) console.log(`${t.padEnd(32)} ${(await loadTarget(t)).options.description}`);
    return 0;
  }
  if (args.repro.length > 0) return repro(args, targets);
  const perTarget = args.perTarget ?? (args.inputs > 0 ? Math.ceil(args.inputs / targets.length) : 50_000);
  console.log(`vfido fuzz: ${targets.length} targets, ${perTarget} mutated inputs each${args.seconds > 0 ? ` (at most ${args.seconds} s each)` : ''}, ${args.jobs} job(s), seed ${args.seed}, coverage ${args.coverage ? 'on' : 'off'}, hang limit ${args.timeoutMs} ms`);
  const states: JobState[] = targets.map((target, index) => ({
    job: { index, target, inputs: perTarget, seconds: args.seconds > 0 ? args.seconds : undefined, seed: (args.seed + index * 7919) >>> 0 },
    findings: [],
    done: false,
    restarts: 0,
  }));
  // Lanes: targets dealt round-robin to the parallel workers.
  const lanes: JobState[][] = Array.from({ length: Math.min(args.jobs, states.length) }, () => []);
  states.forEach((s, i) => lanes[i % lanes.length]!.push(s));
  const started = Date.now();
  await Promise.all(lanes.map((lane) => runLane(lane, args, (l) => console.log(l))));

  const total = { inputs: 0, crashes: 0, hangs: 0, memory: 0, newCoverage: 0 };
  console.log('\nsummary');
  for (const s of states) {
    const st = sum(s.carried, s.stats);
    if (!st) {
      console.log(`  ${s.job.target.padEnd(32)} no figures (worker died before reporting)`);
      continue;
    }
    console.log(line(st));
    total.inputs += st.execs;
    total.newCoverage += st.newCoverage;
  }
  for (const s of states) {
    for (const f of s.findings) total[f.kind === 'crash' ? 'crashes' : f.kind === 'hang' ? 'hangs' : 'memory']++;
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`\ntotal: ${total.inputs} inputs in ${seconds.toFixed(0)} s across ${states.length} targets; ${total.newCoverage} inputs found new coverage; distinct findings: ${total.crashes} crashes, ${total.hangs} hangs, ${total.memory} memory`);
  if (args.json) writeFileSync(args.json, `${JSON.stringify({ seed: args.seed, seconds, total, targets: states.map((s) => ({ ...sum(s.carried, s.stats), findings: s.findings })) }, null, 2)}\n`);
  if (engineErrors > 0) {
    console.log(`${engineErrors} fuzzer error(s): figures incomplete`);
    return 2;
  }
  return total.crashes + total.hangs + total.memory > 0 ? 1 : 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  return 2;
});
