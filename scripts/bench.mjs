#!/usr/bin/env node
// `npm run bench`: every vfido benchmark in one run, printed as ONE table of
//   name | ops/s | reference | ref ops/s | ratio (ours / reference)
// where the reference is a raw crypto ceiling or a peer implementation measured in the same run.
// Progress and each bench's detailed lines go to stderr; the table (or, with --json, the rows as a
// JSON array of { name, ops_per_s, reference, reference_ops_per_s, ratio }) goes to stdout.
//   node scripts/bench.mjs [--quick] [--json] [--only core,rp,scale,cli,browser,webdriver,puppeteer]
//                          [--playwright-server <ws endpoint>] [--cdp-endpoint <ws endpoint>]
// Needs `npm run build` (the benches import the built packages) and Debian's chromium for `browser`.
import os from 'node:os';
import { setSmoke } from '../packages/core/bench/mark.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const json = args.includes('--json');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : undefined;
/**
 * `--playwright-server <ws>` / `--cdp-endpoint <ws>`: use an already running Chromium (a Playwright browser server's
 * endpoint for `browser`, a DevTools endpoint for `puppeteer`) instead of launching one (the test suite's smoke run
 * passes its shared browsers).
 */
const connectTo = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const log = (line = '') => process.stderr.write(`${line}\n`);

// --quick is a smoke run: every timed loop makes one call per case (core/bench/mark.mjs), so the run checks every
// row end to end in seconds.
if (quick) setSmoke();

/**
 * Sections in run order: name and how to run it. Each section's module is imported when it runs, so a run with
 * `--only` loads only what it measures (playwright-core, puppeteer-core, @simplewebauthn/server cost seconds of CPU).
 */
const SECTIONS = [
  ['core', async () => (await import('../packages/core/bench/index.mjs')).coreBench({ quick, log })],
  ['rp', async () => (await import('../packages/rp/bench/index.mjs')).rpBench({ quick, log })],
  ['scale', async () => (await import('../packages/core/bench/scale.mjs')).scaleBench({ quick, log })],
  ['cli', () => cliRows()],
  ['browser', async () => (await import('../packages/playwright/bench/index.mjs')).browserBench({ iterations: 200, warmup: 20, log, connect: connectTo('--playwright-server') })],
  ['webdriver', async () => (await import('../packages/webdriver/bench/index.mjs')).webdriverBench({ iterations: 100, warmup: 10, log })],
  ['puppeteer', async () => (await import('../packages/puppeteer/bench/index.mjs')).puppeteerBench({ iterations: 200, warmup: 20, log, connect: connectTo('--cdp-endpoint') })],
];

/** CLI start (median wall and CPU ms of alternating runs) beside `node -e 0` in the same run: rows with a value in ms. */
async function cliRows() {
  const { cliStartBench } = await import('../packages/cli/bench/start.mjs');
  const msRow = (name, value) => ({ name, ops_per_s: null, reference: null, reference_ops_per_s: null, ratio: null, value: Math.max(1, Math.round(value)), unit: 'ms' });
  return cliStartBench({ runs: quick ? 1 : 10, warm: quick ? 0 : 1, log }).flatMap((r) => [msRow(`cli: ${r.name}, median wall`, r.medianMs), msRow(`cli: ${r.name}, median cpu`, r.cpuMs)]);
}

/** The machine the numbers come from, for the README. */
function machine() {
  const cpus = os.cpus();
  const gb = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${cpus[0]?.model?.trim() ?? 'unknown CPU'} x${cpus.length}, ${gb} GB RAM, ${os.type()} ${os.release()}, node ${process.version}`;
}

const fmtOps = (v) => (v == null ? '—' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));
const fmtRatio = (r) => (r == null ? '—' : r >= 10 ? `${r.toFixed(1)}x` : `${r.toFixed(2)}x`);

/** The rows as a Markdown table (pastes into the README as is). */
function table(rows) {
  const cells = rows.map((r) => [
    r.name,
    r.ops_per_s == null && r.value != null ? `${r.value.toLocaleString('en-US')} ${r.unit}` : fmtOps(r.ops_per_s),
    r.reference ?? '—',
    fmtOps(r.reference_ops_per_s),
    fmtRatio(r.ratio),
  ]);
  const head = ['benchmark', 'ops/s', 'reference', 'ref ops/s', 'ratio'];
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const right = [false, true, false, true, true];
  const line = (c) => `| ${c.map((x, i) => (right[i] ? x.padStart(width[i]) : x.padEnd(width[i]))).join(' | ')} |`;
  const rule = `|${width.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(head), rule, ...cells.map(line)].join('\n');
}

/** The issue's targets, as informative lines under the table (never a failure: speed depends on the machine). */
function targets(rows) {
  const find = (name, ref) => rows.find((r) => r.name.startsWith(name) && (r.reference ?? '').startsWith(ref));
  const out = [];
  for (const r of rows.filter((x) => x.name.startsWith('core: makeCredential (') && (x.reference ?? '').startsWith('P-256 keygen'))) {
    out.push(`${r.name.slice(6)} / (P-256 keygen + sign) = ${(100 * r.ratio).toFixed(1)}% (target >= 50%)`);
  }
  for (const r of rows.filter((x) => x.name.startsWith('core: makeCredential (tpm') && x.reference === 'target')) {
    out.push(`${r.name.slice(6)} = ${r.ops_per_s.toFixed(0)}/s (target >= 100/s)`);
  }
  const hid = find('ctaphid: getAssertion (TCP', 'getAssertion (in-process');
  if (hid) out.push(`CTAPHID over TCP / in-process getAssertion = ${(100 * hid.ratio).toFixed(1)}% (target >= 60%)`);
  const ga = find('core: getAssertion (ES256, sequential)', 'raw ES256 sign (node:crypto');
  if (ga) out.push(`getAssertion / raw ES256 sign = ${(100 * ga.ratio).toFixed(1)}% (target >= 80%)`);
  const va = find('rp: verifyAuthentication', '@simplewebauthn');
  if (va) out.push(`verifyAuthentication / @simplewebauthn/server = ${va.ratio.toFixed(1)}x (target >= 5x)`);
  const lookup = find('scale: store.get(id) lookup', 'same');
  if (lookup) out.push(`lookup, large / small store = ${lookup.ratio.toFixed(2)}x (target: flat, ~1x)`);
  const floor = (kind) => rows.find((r) => r.name === `cli: node -e 0 (floor), median ${kind}`);
  for (const r of rows.filter((x) => x.name.startsWith('cli: vfido') && x.name.endsWith('median wall'))) {
    const name = r.name.slice(5, -', median wall'.length);
    const cpu = rows.find((x) => x.name === `cli: ${name}, median cpu`);
    const f = floor('wall');
    const fc = floor('cpu');
    out.push(`${name}: ${r.value} ms median wall (target < 150 ms)${f ? `, node -e 0 ${f.value} ms` : ''}; cpu ${cpu?.value ?? '?'} ms${fc ? `, node -e 0 ${fc.value} ms` : ''}`);
  }
  return out;
}

const rows = [];
const failures = [];
const started = Date.now();
log(`# vfido bench${quick ? ' (--quick: short smoke run, numbers are not meaningful)' : ''} — ${machine()}`);
for (const [name, run] of SECTIONS) {
  if (only && !only.has(name)) continue;
  log(`\n## ${name}`);
  const t0 = Date.now();
  try {
    rows.push(...(await run()));
    log(`## ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (error) {
    failures.push(`${name}: ${error?.stack ?? error}`);
    log(`${name} bench failed: ${error?.message ?? error}`);
  }
}

if (json) {
  process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
} else {
  console.log(`\nvfido bench — ${machine()}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (--quick)' : ''}; ${Math.round((Date.now() - started) / 1000)} s\n`);
  console.log(table(rows));
  console.log('');
  for (const t of targets(rows)) console.log(t);
}
if (failures.length) {
  for (const f of failures) log(`\nFAILED ${f}`);
  process.exitCode = 1;
}
