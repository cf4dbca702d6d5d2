/**
 * The copyable Playwright Test specs in examples/playwright run as a user runs them:
 * `playwright test --config examples/playwright/playwright.config.ts`, a subprocess whose `webServer` starts the demo
 * relying party (examples/demo-rp, built packages) on a free port and a fresh data dir. Every spec must pass; a
 * missing browser fails this file (never skipped).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from '../../scripts/peers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PLAYWRIGHT = join(ROOT, 'node_modules', '.bin', 'playwright');
const CONFIG = 'examples/playwright/playwright.config.ts';
/** registration + sign-in, UV refused, excluded credential, conditional UI, policy denial. */
const EXPECTED_TESTS = 5;

/** A port nothing listens on right now. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

interface Run {
  code: number | string | null;
  output: string;
}

const runPlaywright = (env: Record<string, string>) =>
  new Promise<Run>((resolve) => {
    execFile(PLAYWRIGHT, ['test', '--config', CONFIG, '--reporter=line'], { cwd: ROOT, timeout: 170_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ...env, FORCE_COLOR: '0' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal ?? -1) : 0, output: `${stdout}\n${stderr}` });
    });
  });

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('examples/playwright', () => {
  it(`the ${EXPECTED_TESTS} copyable specs pass against the demo RP`, async () => {
    // The Chromium npm test's peers check found (scripts/peers.mjs; throws with the command to run when none).
    const browser = chromiumPath();
    expect(existsSync(PLAYWRIGHT), `${PLAYWRIGHT} is missing: @playwright/test is a devDependency (npm install)`).toBe(true);
    const dataDir = mkdtempSync(join(tmpdir(), 'vfido-pw-specs-'));
    dirs.push(dataDir);

    const run = await runPlaywright({ VFIDO_DEMO_PORT: String(await freePort()), VFIDO_DEMO_DATA_DIR: dataDir, VFIDO_BROWSER_PATH: browser });

    const summary = (word: string) => Number(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm').exec(run.output)?.[1] ?? 0);
    const report = `playwright test exited with ${run.code}; output:\n${run.output}`;
    expect(run.code, report).toBe(0);
    expect(summary('passed'), report).toBe(EXPECTED_TESTS);
    for (const word of ['failed', 'flaky', 'skipped', 'did not run']) expect(summary(word), report).toBe(0);
  }, 180_000);
});
