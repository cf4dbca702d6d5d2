#!/usr/bin/env node
/**
 * `npm test`: the type check (`tsc -p tsconfig.test.json`) and `vitest run` side by side instead of one after the
 * other. The type check is CPU-bound and needs ~20 s of CPU; vitest's workers spend much of their time waiting on
 * browsers, npm and Python peers, so the type check runs at a lower priority (nice 10) in that idle time rather than
 * in front of the suite. Its output is printed after vitest's; the exit code is non-zero when either failed.
 * Arguments go to vitest (`npm test -- test/cli`).
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const TSC = require.resolve('typescript/bin/tsc');
/** vitest's bin (its package exports do not list it). */
const VITEST = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');

/** Run `node script args`; resolves with its exit code (1 when it died of a signal). */
function node(script, args, { capture = false, nice = 0 } = {}) {
  const child = spawn(process.execPath, [script, ...args], { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  if (nice) {
    try {
      setPriority(child.pid, nice);
    } catch {
      // not permitted here: it runs at normal priority
    }
  }
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return new Promise((resolve) => {
    child.on('error', (e) => resolve({ code: 1, output: `${output}${e.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const started = Date.now();
const typecheck = node(TSC, ['-p', 'tsconfig.test.json'], { capture: true, nice: 10 }).then((r) => ({ ...r, seconds: (Date.now() - started) / 1000 }));
const tests = await node(VITEST, ['run', ...process.argv.slice(2)]);
const tsc = await typecheck;
process.stdout.write(tsc.output);
console.log(`tsc -p tsconfig.test.json: ${tsc.code === 0 ? 'no type errors' : `FAILED (exit ${tsc.code})`} (${tsc.seconds.toFixed(0)} s, beside vitest)`);
process.exitCode = tests.code || tsc.code;
