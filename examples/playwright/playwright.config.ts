/**
 * Playwright Test config for the copyable specs in this folder, run against the vfido demo relying party
 * (examples/demo-rp), which `webServer` starts on a fresh data dir:
 *
 *   npx --no-install playwright test --config examples/playwright/playwright.config.ts
 *
 * VFIDO_DEMO_PORT picks the port (default 4173), VFIDO_DEMO_DATA_DIR the data dir (default: a new temp dir).
 * The browser: Playwright's own chromium when installed (`npx --no-install playwright install chromium`); otherwise
 * VFIDO_BROWSER_PATH, or Debian's /usr/bin/chromium.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, defineConfig } from '@playwright/test';

const port = Number(process.env.VFIDO_DEMO_PORT ?? 4173);
// Workers load this file too: create the data dir once and hand it down through the environment.
process.env.VFIDO_DEMO_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'vfido-playwright-'));
const dataDir = process.env.VFIDO_DEMO_DATA_DIR;
const server = fileURLToPath(new URL('../demo-rp/server.mjs', import.meta.url));

/** A browser to launch when Playwright has none of its own. */
function executablePath(): string | undefined {
  if (process.env.VFIDO_BROWSER_PATH) return process.env.VFIDO_BROWSER_PATH;
  const bundled = existsSync(chromium.executablePath());
  return !bundled && existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: true,
  workers: 2,
  timeout: 30_000,
  forbidOnly: !!process.env.CI,
  outputDir: join(dataDir, 'test-results'),
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath: executablePath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: `node "${server}" --port ${port} --data-dir "${dataDir}"`,
    url: `http://localhost:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
  },
});
