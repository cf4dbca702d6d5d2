/**
 * Runs the BUILT `vfido` binary (packages/cli/dist/bin.js) as a subprocess, as a user would.
 * Build first with `npm run build`; the tests never rebuild.
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * Run `vfido args...` in `cwd` (default: a fresh temporary directory), with optional stdin.
 * @throws Error when the CLI has not been built
 */
export function vfido(args: readonly string[], options: { input?: string; cwd?: string } = {}): Promise<VfidoResult> {
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
