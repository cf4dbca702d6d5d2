/**
 * Test-only: run the compiled storeWriter child and collect the operations it logged as committed.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** What a writer child logged: credentials put, counters set (in order), the global counter, and how it ended. */
export interface WriterLog {
  puts: string[];
  counts: Array<[id: string, signCount: number]>;
  globals: number[];
  ready: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** A running writer: `ready` settles on its `R` line, `done` when it exited. */
export interface Writer {
  child: ChildProcess;
  log: WriterLog;
  ready: Promise<void>;
  done: Promise<WriterLog>;
  /** Settles once the writer logged at least `n` committed puts (or exited). */
  puts(n: number): Promise<void>;
  /** Let a writer started with `standby` begin (a line on its stdin). */
  go(): void;
}

/** Start `node <script> ...args`, parsing its log lines as they arrive (stdin is a pipe for {@link Writer.go}). */
export function startWriter(script: string, args: readonly string[]): Writer {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.on('error', () => undefined); // a writer killed before go() closed its end
  const log: WriterLog = { puts: [], counts: [], globals: [], ready: false, exitCode: null, signal: null, stderr: '' };
  let partial = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let exited = false;
  const wake = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (exited || log.puts.length >= waiters[i]!.n) waiters.splice(i, 1)[0]!.resolve();
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const [kind, a, b] = line.split(' ');
      if (kind === 'R') {
        log.ready = true;
        onReady();
      } else if (kind === 'P') log.puts.push(a!);
      else if (kind === 'C') log.counts.push([a!, Number(b)]);
      else if (kind === 'G') log.globals.push(Number(a));
      else throw new Error(`unexpected writer output: ${line}`);
    }
    wake();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log.stderr += chunk));
  const done = new Promise<WriterLog>((resolve) =>
    child.on('close', (code, signal) => {
      // A line cut by the kill (possible only if the pipe was full) is not counted as committed.
      log.exitCode = code;
      log.signal = signal;
      exited = true;
      onReady();
      wake();
      resolve(log);
    }),
  );
  const puts = (n: number): Promise<void> =>
    new Promise((resolve) => {
      waiters.push({ n, resolve });
      wake();
    });
  const go = (): void => {
    child.stdin!.end('go\n');
  };
  return { child, log, ready, done, puts, go };
}

/** A small seeded PRNG (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
