/**
 * What run.ts and worker.ts exchange: the job list, the configuration and the heartbeat layout.
 * @module
 */

/** One target to fuzz. */
export interface WorkerJob {
  /** Index in the run's job list. */
  index: number;
  target: string;
  /** Mutants to run. */
  inputs: number;
  /** Wall-clock cap, seconds. */
  seconds?: number;
  /** Do not replay the seeds (a restart after a hang). */
  skipSeeds?: boolean;
  /** PRNG seed. */
  seed: number;
}

/** What run.ts passes to the worker. */
export interface WorkerConfig {
  jobs: WorkerJob[];
  timeoutMs: number;
  memoryLimitMb: number;
  coverage: boolean;
  saveCorpus?: string;
  /**
   * Heartbeat: Int32 [0] 1 while an input runs, [1] job index, [2] input length, [3] the job's hang
   * limit in ms; Float64 at byte
   * 16: the input's start time (ms since the epoch); the input bytes from {@link HEARTBEAT_DATA}.
   */
  heartbeat: SharedArrayBuffer;
}

/** Offset of the input bytes in the heartbeat buffer. */
export const HEARTBEAT_DATA = 32;
