/**
 * Runs `vfido` for the CLI tests. {@link vfido} runs the program in this process through its
 * exported entry (`run` in packages/cli/src/program.ts, the function the binary's bin.ts calls
 * with process.argv), with its own captured stdout/stderr and stdin per call, so concurrent cases
 * never share output or input. A process per case (~0.4 s of CPU to import @vfido/core each) is
 * only paid where the process is the point: {@link vfidoProcess} runs the BUILT binary
 * (packages/cli/dist/bin.js) as a user would (test/cli/process.test.ts, serve.test.ts).
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../packages/cli/src/program.js';
import { setStdinReader } from '../../packages/cli/src/io.js';

/** Repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built CLI entry point. */
export const BIN = join(ROOT, 'packages/cli/dist/bin.js');

/** What a run printed and its exit code. */
export interface VfidoResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The stdin of the in-process run the current async context belongs to. */
const stdin = new AsyncLocalStorage<Buffer>();
setStdinReader(() => stdin.getStore() ?? Buffer.alloc(0));

/**
 * Run `vfido args...` in this process (relative paths resolve against the test process's working
 * directory, the repository root), with optional stdin.
 * @returns the exit code `run` returns (what bin.ts sets as process.exitCode) and what it printed
 */
export async function vfido(args: readonly string[], options: { input?: string } = {}): Promise<VfidoResult> {
  let stdout = '';
  let stderr = '';
  const output = { out: (s: string) => void (stdout += s), err: (s: string) => void (stderr += s) };
  const code = await stdin.run(Buffer.from(options.input ?? ''), () => run([process.execPath, BIN, ...args], output));
  return { code, stdout, stderr };
}

/**
 * Run the BUILT binary `vfido args...` as a subprocess in `cwd` (default: the repository root),
 * with optional stdin. Build first with `npm run build`; the tests never rebuild.
 * @throws Error when the CLI has not been built
 */
export function vfidoProcess(args: readonly string[], options: { input?: string; cwd?: string } = {}): Promise<VfidoResult> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run 'npm run build' in ${ROOT} before these tests`);
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
  });
}

/** A fresh temporary directory for store and response files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vfido-cli-'));
}
