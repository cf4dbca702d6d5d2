#!/usr/bin/env node
// `npm run wpt -- --wpt <dir> --backend chromium|cdp|shim|all [--filter re] [--json out.json] [--verbose]`
// Runs web-platform-tests webauthn/ in Chromium against Chromium's own virtual authenticator (`chromium`,
// CDP WebAuthn domain, no vfido) and vfido's `cdp` and `shim` backends; prints subtest counts per backend
// and every subtest where cdp or shim differs from chromium, grouped by file, with the failure message.
// One browser, files one after another, a fresh context per file. See scripts/wpt/README.md.
// Needs `npm run build` (imports the built @vfido packages), an extracted WPT copy (scripts/wpt/extract.sh)
// and Debian's chromium.
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { installDriver } from './drivers.mjs';
import { countSubtests, differences, fileResult, formatDifferences, formatTable, regressions } from './results.mjs';
import { BINDINGS, HOST_RESOLVER_RULES, listTests, startServer } from './server.mjs';

const BACKENDS = ['chromium', 'cdp', 'shim'];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const { values } = parseArgs({
  options: {
    wpt: { type: 'string', default: process.env.WPT_DIR },
    backend: { type: 'string', default: 'all' },
    filter: { type: 'string' },
    json: { type: 'string' },
    timeout: { type: 'string', default: '20' },
    'long-timeout': { type: 'string', default: '70' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const usage = 'usage: node scripts/wpt/run.mjs --wpt <extracted WPT dir> [--backend chromium|cdp|shim|all] [--filter <regexp>] [--json <out.json>] [--timeout <s>] [--long-timeout <s>] [--verbose]';
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const log = (line = '') => process.stderr.write(`${line}\n`);
function fail(message) {
  log(message);
  log(usage);
  process.exit(2);
}
if (!values.wpt) fail('--wpt (or WPT_DIR) is required: an extracted web-platform-tests copy, see scripts/wpt/extract.sh');
const wptDir = resolve(values.wpt);
if (!existsSync(join(wptDir, 'webauthn')) || !existsSync(join(wptDir, 'resources/testharness.js'))) fail(`${wptDir} has no webauthn/ or resources/testharness.js: run scripts/wpt/extract.sh first`);
const backends = values.backend === 'all' ? BACKENDS : values.backend.split(',');
for (const b of backends) if (!BACKENDS.includes(b)) fail(`unknown backend ${JSON.stringify(b)}`);
if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
const normalTimeout = Number(values.timeout) * 1000;
const longTimeout = Number(values['long-timeout']) * 1000;

let files = await listTests(wptDir);
if (values.filter) {
  const re = new RegExp(values.filter);
  files = files.filter((f) => re.test(f));
}
if (files.length === 0) fail('no test file matches');

const server = await startServer(wptDir);
// WPT's origins: https://web-platform.test:<port> for .https. files, http:// for the rest; every WPT host name
// resolves to loopback, and Chromium trusts exactly the server's fresh certificate (by its SPKI hash).
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--host-resolver-rules=${HOST_RESOLVER_RULES}`,
    `--ignore-certificate-errors-spki-list=${server.spkiHash}`,
  ],
});
const chromiumVersion = browser.version();

/** Run one file against one backend. */
async function runFile(backend, file) {
  const source = readFileSync(join(wptDir, file.replace(/\.window\.html$/, '.window.js')), 'utf8');
  const long = /<meta name="?timeout"? content="?long|META:\s*timeout=long/.test(source);
  const context = await browser.newContext();
  const page = await context.newPage();
  const partial = [];
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e.message)));
  let done;
  let driver;
  const finished = new Promise((r) => (done = r));
  try {
    await page.exposeBinding(BINDINGS.report, (_source, kind, json) => {
      const payload = JSON.parse(String(json));
      if (kind === 'result') partial.push(payload);
      if (kind === 'done') done(payload);
    });
    const installed = await installDriver(page, backend, BINDINGS.driver, values.verbose ? log : () => undefined);
    driver = installed.driver;
    const { calls } = installed;
    const bound = long ? longTimeout : normalTimeout;
    let timer;
    const cut = new Promise((r) => (timer = setTimeout(() => r(undefined), bound)));
    await page.goto(server.urlOf(file), { waitUntil: 'commit' });
    const report = await Promise.race([finished, cut]);
    clearTimeout(timer);
    const result = report ? fileResult(file, report) : fileResult(file, { tests: partial }, { timedOut: true });
    result.driverCalls = calls;
    if (pageErrors.length) result.pageErrors = pageErrors;
    return result;
  } catch (error) {
    return fileResult(file, { tests: partial }, { error: String(error?.message ?? error) });
  } finally {
    await driver?.close().catch(() => undefined);
    await context.close().catch(() => undefined);
  }
}

const started = new Date();
const runs = {};
try {
  for (const backend of backends) {
    runs[backend] = [];
    for (const file of files) {
      const result = await runFile(backend, file);
      runs[backend].push(result);
      const c = countSubtests([result]);
      log(`[${backend}] ${file}: ${result.harness} ${c.PASS}/${c.subtests} pass`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const counts = Object.fromEntries(Object.entries(runs).map(([b, r]) => [b, countSubtests(r)]));
const diffs = {};
if (runs.chromium) for (const b of backends.filter((x) => x !== 'chromium')) diffs[b] = differences(runs.chromium, runs[b]);

console.log(`WPT webauthn/ (${files.length} files) in Chromium ${chromiumVersion}`);
console.log(formatTable(counts));
for (const [b, d] of Object.entries(diffs)) {
  const lost = regressions(d).length;
  console.log(`\n${b}: ${lost} subtest(s) that pass with chromium do not pass with ${b}`);
  console.log(formatDifferences(b, d));
}

if (values.json) {
  const readOr = (f) => (existsSync(f) ? readFileSync(f, 'utf8').trim() : undefined);
  const out = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    chromium: chromiumVersion,
    machine: { platform: `${os.type()} ${os.release()} ${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    wpt: { dir: wptDir, commit: readOr(join(wptDir, 'WPT_COMMIT')), date: readOr(join(wptDir, 'WPT_DATE')) },
    files,
    counts,
    regressions: Object.fromEntries(Object.entries(diffs).map(([b, d]) => [b, regressions(d).length])),
    differences: diffs,
    results: runs,
  };
  mkdirSync(dirname(resolve(values.json)), { recursive: true });
  writeFileSync(values.json, `${JSON.stringify(out, null, 1)}\n`);
  log(`full results: ${resolve(values.json)}`);
}
