/**
 * Smoke test of `npm run bench` (scripts/bench.mjs): the quick run (a smoke run: every timed loop makes one call
 * per case) completes and emits well-formed rows for every section. It asserts shape only, never speed (that
 * depends on the machine). The Playwright and Puppeteer sections use the run's shared Chromium
 * (test/support/browserBroker.ts) instead of launching their own; both bench runs go at once.
 * Runs the BUILT packages, as the bench does: `npm run build` first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedBrowserEndpoint } from '../support/sharedBrowsers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/bench.mjs');

interface Row {
  name: string;
  ops_per_s: number | null;
  reference: string | null;
  reference_ops_per_s: number | null;
  ratio: number | null;
  value?: number;
  unit?: string;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runBench(args: string[], timeout: number): Promise<Run> {
  for (const pkg of ['core', 'rp', 'playwright']) {
    const dist = join(ROOT, `packages/${pkg}/dist/index.js`);
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run 'npm run build' in ${ROOT} before this test`);
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], { cwd: ROOT, timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr });
    });
  });
}

const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** The shared browsers' endpoints as bench flags (none outside a run with the broker: the bench launches its own). */
async function sharedBrowserFlags(): Promise<string[]> {
  const flags: string[] = [];
  const playwright = await sharedBrowserEndpoint('playwright-chromium');
  if (playwright) flags.push('--playwright-server', playwright);
  const cdp = await sharedBrowserEndpoint('cdp-chromium');
  if (cdp) flags.push('--cdp-endpoint', cdp);
  return flags;
}

let full: Promise<Run>;
let scale: Promise<Run>;
beforeAll(async () => {
  full = runBench(['--quick', '--json', ...(await sharedBrowserFlags())], 240_000);
  scale = runBench(['--quick', '--only', 'scale'], 240_000);
  // each test awaits its own run; a rejection surfaces there
  full.catch(() => undefined);
  scale.catch(() => undefined);
}, 120_000);

describe('npm run bench', () => {
  it('--quick --json: one well-formed row per measurement, every section present', async () => {
    const { code, stdout, stderr } = await full;
    expect(code, stderr.slice(-3000)).toBe(0);
    const rows = JSON.parse(stdout) as Row[];
    expect(Array.isArray(rows)).toBe(true);
    for (const r of rows) {
      expect(Object.keys(r).slice(0, 5)).toEqual(['name', 'ops_per_s', 'reference', 'reference_ops_per_s', 'ratio']);
      expect(typeof r.name).toBe('string');
      if (r.ops_per_s === null) {
        // A measurement that is not a rate (heap per credential) says what it is.
        expect(positive(r.value) && typeof r.unit === 'string', JSON.stringify(r)).toBe(true);
        continue;
      }
      expect(positive(r.ops_per_s), JSON.stringify(r)).toBe(true);
      expect(typeof r.reference, JSON.stringify(r)).toBe('string');
      expect(positive(r.reference_ops_per_s) && positive(r.ratio), JSON.stringify(r)).toBe(true);
    }
    const names = rows.map((r) => `${r.name} | ${r.reference}`);
    for (const section of ['core:', 'rp:', 'scale:', 'browser:']) expect(names.some((n) => n.startsWith(section)), section).toBe(true);
    for (const expected of [
      /^core: makeCredential \(none/,
      /^core: makeCredential \(packed x5c/,
      /^core: makeCredential \(tpm/,
      /^core: getAssertion .* \| raw ES256 sign \(node:crypto/,
      /^core: getAssertion .* \| raw ES256 sign \(@noble\/curves\)/,
      /^rp: verifyAuthentication .* \| @simplewebauthn\/server/,
      /^rp: verifyAuthentication .* \| raw ES256 verify/,
      /^rp: verifyRegistration \(packed.* \| @simplewebauthn\/server/,
      /^rp: verifyRegistration \(tpm.* \| @simplewebauthn\/server/,
      /^scale: store\.get\(id\) lookup/,
      /^scale: getAssertion \(allowList\)/,
      /^scale: getAssertion \(discoverable/,
      /^scale: heap per stored credential/,
      /^browser: create via vfido shim .* \| create via Chromium/,
      /^browser: get via vfido cdp .* \| get via Chromium/,
    ]) {
      expect(names.some((n) => expected.test(n)), `no row matches ${expected}`).toBe(true);
    }
  }, 250_000);

  it('prints one Markdown table with the machine it ran on', async () => {
    const { code, stdout, stderr } = await scale;
    expect(code, stderr.slice(-3000)).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^vfido bench — .+ x\d+, [\d.]+ GB RAM, .+node v\d+/);
    const table = lines.filter((l) => l.startsWith('|'));
    expect(table[0]).toMatch(/^\| benchmark +\| +ops\/s \| reference +\| +ref ops\/s \| +ratio \|$/);
    expect(table[1]).toMatch(/^\|:-+\|-+:\|:-+\|-+:\|-+:\|$/);
    expect(table.slice(2).length).toBeGreaterThanOrEqual(5);
    for (const l of table) expect(l.split('|')).toHaveLength(7);
  }, 250_000);
});
