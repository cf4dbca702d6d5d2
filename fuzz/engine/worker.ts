/**
 * Worker thread that fuzzes a list of targets one after the other and reports to run.ts. Before
 * each input it writes the input and its start time into a SharedArrayBuffer, so that the main
 * thread can name the input when one never finishes (hang) or kills the worker (out of memory).
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CoverageTracker, repositoryFilter } from './coverage.js';
import { loadCorpus, REPO_ROOT, saveCorpusEntry } from './corpus.js';
import { fuzzLoop } from './loop.js';
import { loadTarget } from './registry.js';
import { join } from 'node:path';
import { HEARTBEAT_DATA, type WorkerConfig } from './protocol.js';

const config = workerData as WorkerConfig;
const header = new Int32Array(config.heartbeat, 0, 4);
const clock = new Float64Array(config.heartbeat, 16, 2);
const bytes = new Uint8Array(config.heartbeat, HEARTBEAT_DATA);
const port = parentPort!;

let current = -1;
process.on('uncaughtException', (error) => report(error, 'uncaught exception'));
process.on('unhandledRejection', (error) => report(error, 'unhandled rejection'));

function report(error: unknown, how: string): void {
  const n = Math.min(Atomics.load(header, 2), bytes.length);
  port.postMessage({
    type: 'finding',
    index: current,
    finding: {
      kind: 'crash',
      data: bytes.slice(0, n),
      report: `${how} (after or during this input): ${error instanceof Error ? error.stack : String(error)}`,
      signature: `${how}: ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 60)}` : String(error)}`,
    },
  });
}

const tracker = config.coverage ? new CoverageTracker(repositoryFilter(REPO_ROOT)) : undefined;
tracker?.start();

try {
  for (const job of config.jobs) {
    current = job.index;
    Atomics.store(header, 1, job.index);
    const module = await loadTarget(job.target);
    Atomics.store(header, 3, Math.max(config.timeoutMs, module.options.timeoutMs ?? 0)); // for the watchdog
    const seeds = loadCorpus(job.target).map((s) => s.data);
    tracker?.forget(); // features are per target
    const stats = await fuzzLoop({
      target: job.target,
      module,
      seeds,
      seed: job.seed,
      maxInputs: job.inputs,
      maxSeconds: job.seconds,
      timeoutMs: config.timeoutMs,
      memoryLimitMb: config.memoryLimitMb,
      coverage: tracker,
      skipSeeds: job.skipSeeds,
      onFinding: (finding) => port.postMessage({ type: 'finding', index: job.index, finding }),
      onProgress: (s) => port.postMessage({ type: 'progress', index: job.index, stats: s }),
      onNewCoverage: config.saveCorpus ? (data) => saveCorpusEntry(join(config.saveCorpus!, job.target), data) : undefined,
      beforeInput: (data) => {
        const n = Math.min(data.length, bytes.length);
        bytes.set(data.subarray(0, n));
        Atomics.store(header, 2, n);
        clock[0] = Date.now();
        Atomics.store(header, 0, 1);
      },
      afterInput: () => Atomics.store(header, 0, 0),
    });
    port.postMessage({ type: 'done', index: job.index, stats });
  }
  tracker?.stop();
  port.postMessage({ type: 'all-done' });
} catch (error) {
  // a failure of the fuzzer itself (loading a target, the engine), not of the code under test
  port.postMessage({ type: 'engine-error', index: current, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
