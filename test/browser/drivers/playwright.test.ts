/**
 * The shared driver suite through the Playwright driver (`@vfido/playwright`, shim backend) in Chromium.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { attachAuthenticator } from '@vfido/playwright';
import { launchChromium } from '../harness.js';
import { driverSuite, type DriverSession } from './driverSuite.js';

let browser: Browser | undefined;

driverSuite({
  name: 'playwright / chromium (shim)',
  browser: 'chromium',
  async start() {
    browser = await launchChromium();
  },
  async open(preset, seed): Promise<DriverSession> {
    const context: BrowserContext = await browser!.newContext();
    const vfido = await attachAuthenticator(context, { preset, seed, backend: 'shim' });
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
