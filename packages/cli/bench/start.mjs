#!/usr/bin/env node
// CLI start-up benchmark: wall time of `vfido --version`, `vfido presets` and `vfido decode <small input>`
// as a user runs them (a new node process each time), beside `node -e 0` (the floor: node's own start)
// in the same run. Runs the cases in alternating rounds (hyperfine-style, so machine load hits all
// alike) and reports each case's median and minimum wall time, and its median CPU time (user + sys
// of the node process, from the shell's `times`: 10 ms resolution, but blind to the waiting for a
// core that wall time pays on a loaded machine).
// Run from the repo root after `npm run build`: node packages/cli/bench/start.mjs [--runs 20] [--baseline <bin>]
// --baseline adds the three vfido cases run by another build's launcher (e.g. a checkout of the previous commit,
// built, at /tmp/base: --baseline /tmp/base/packages/cli/bin/vfido.js), in the same alternating rounds: before and
// after measured under the same load.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/vfido.js', import.meta.url));

/**
 * Time the CLI start cases: `warm` unrecorded rounds (they warm the file cache), then `runs` recorded rounds.
 * @returns `[{ name, medianMs, minMs, cpuMs }]`, the floor (`node -e 0`) first
 */
export function cliStartBench({ runs = 20, warm = 1, log = console.log, baseline = undefined } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vfido-start-'));
  // A small input: the authenticatorData of a sign-in (rpIdHash, flags UP|UV, counter 1), hex.
  const input = join(dir, 'authdata.hex');
  writeFileSync(input, `${'49960de5880e8c687434170f6476605b8fe4aeb9a28632c7995cf3ba831d9763'}050000000${1}\n`);
  const cases = [
    ['node -e 0 (floor)', ['-e', '0']],
    ['vfido --version', [bin, '--version']],
    ['vfido presets', [bin, 'presets']],
    ['vfido decode <authData hex>', [bin, 'decode', input]],
  ];
  if (baseline) {
    cases.push(['baseline --version', [baseline, '--version']], ['baseline presets', [baseline, 'presets']], ['baseline decode <authData hex>', [baseline, 'decode', input]]);
  }
  const times = new Map(cases.map(([name]) => [name, []]));
  const cpu = new Map(cases.map(([name]) => [name, []]));
  const seconds = (s) => { const m = /^(\d+)m([\d.]+)s$/.exec(s); return m ? 60 * Number(m[1]) + Number(m[2]) : NaN; };
  try {
    for (let r = 0; r < runs + warm; r++) {
      for (const [name, args] of cases) {
        const t0 = process.hrtime.bigint();
        // sh runs node, then `times` prints the children's user and sys time (second line).
        const out = spawnSync('/bin/sh', ['-c', '"$0" "$@" >/dev/null || exit $?; times', process.execPath, ...args], { encoding: 'utf8' });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (out.status !== 0) throw new Error(`${name} exited ${out.status}: ${out.stderr}`);
        const [user, sys] = (out.stdout.trim().split('\n')[1] ?? '').split(/\s+/).map(seconds);
        if (r >= warm) {
          times.get(name).push(ms); // the first rounds warm the file cache
          cpu.get(name).push(1000 * (user + sys));
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rows = cases.map(([name]) => {
    const t = [...times.get(name)].sort((a, b) => a - b);
    const c = [...cpu.get(name)].sort((a, b) => a - b);
    return { name, medianMs: t[t.length >> 1], minMs: t[0], cpuMs: c[c.length >> 1] };
  });
  for (const r of rows) {
    log(`${r.name.padEnd(32)} wall median ${r.medianMs.toFixed(0).padStart(5)} ms, min ${r.minMs.toFixed(0).padStart(5)} ms; cpu median ${r.cpuMs.toFixed(0).padStart(4)} ms`);
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const flag = (name) => { const at = process.argv.indexOf(name); return at > 0 ? process.argv[at + 1] : undefined; };
  cliStartBench({ runs: Number(flag('--runs') ?? 20), baseline: flag('--baseline') });
}
