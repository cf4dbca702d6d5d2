/**
 * The shared driver suite through the Playwright driver (`@vfido/playwright`, shim backend) in Debian's Firefox ESR
 * over WebDriver BiDi: Playwright's `moz-firefox` channel. That channel needs playwright-core 1.57-1.64 (1.65 sends
 * `emulation.setMediaFeaturesOverride`, which Firefox 153 does not know), hence the aliased root devDependency
 * `playwright-core-firefox` (packages/playwright/README.md lists the versions measured).
 */
import { firefox, type Browser, type Page } from 'playwright-core-firefox';
import type { BrowserContext } from 'playwright-core';
import { attachAuthenticator } from '@vfido/playwright';
import { peerPath } from '../../../scripts/peers.mjs';
import { driverSuite, type DriverSession } from './driverSuite.js';

let browser: Browser | undefined;

driverSuite({
  name: 'playwright / firefox (shim)',
  browser: 'firefox',
  async start() {
    browser = await firefox.launch({ channel: 'moz-firefox', executablePath: peerPath('firefox-esr'), headless: true });
  },
  async open(preset, seed): Promise<DriverSession> {
    const context = await browser!.newContext();
    // The driver is typed against the repo's playwright-core (1.65); the 1.64 client has the same surface it uses.
    const vfido = await attachAuthenticator(context as unknown as BrowserContext, { preset, seed, backend: 'shim' });
    const page: Page = await context.newPage();
    return {
      vfido,
      goto: async (url) => void (await page.goto(url)),
      evaluate: async (expression, frame = 'top') => {
        const target = frame === 'top' ? page.mainFrame() : page.frames()[1]!;
        return (await target.evaluate(expression)) as string;
      },
      close: () => context.close(),
    };
  },
  async openNative() {
    const context = await browser!.newContext();
    const page = await context.newPage();
    return {
      goto: async (url) => void (await page.goto(url)),
      evaluate: async (expression, frame = 'top') => (await (frame === 'top' ? page.mainFrame() : page.frames()[1]!).evaluate(expression)) as string,
      close: () => context.close(),
    };
  },
  async stop() {
    await browser?.close();
  },
});
