/**
 * The Puppeteer driver as a {@link DriverUnderTest} (both Puppeteer test files): one browser per file, a fresh
 * browser context per case with vfido attached to it before its page loads.
 */
import type { Browser } from 'puppeteer-core';
import { attachAuthenticator } from '@vfido/puppeteer';
import type { DriverSession, DriverUnderTest, BrowserEngine } from './driverSuite.js';

/** A browser for the file, and how to let go of it (close one launched here, disconnect from a shared one). */
export interface PuppeteerBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * @param name - the pair's name in the report
 * @param browserName - which browser's own answers apply
 * @param launch - launches (or connects to) the browser
 */
export function puppeteerDriver(name: string, browserName: BrowserEngine, launch: () => Promise<PuppeteerBrowser>): DriverUnderTest {
  let browser: Browser | undefined;
  let release: (() => Promise<void>) | undefined;
  return {
    name,
    browser: browserName,
    async start() {
      ({ browser, close: release } = await launch());
    },
    async open(preset, seed): Promise<DriverSession> {
      const context = await browser!.createBrowserContext();
      const vfido = await attachAuthenticator(context, { preset, seed });
      const page = await context.newPage();
      return {
        vfido,
        goto: async (url) => void (await page.goto(url)),
        evaluate: async (expression, frame = 'top') => {
          const target = frame === 'top' ? page.mainFrame() : page.mainFrame().childFrames()[0]!;
          return (await target.evaluate(expression)) as string;
        },
        close: () => context.close(),
      };
    },
    async stop() {
      await release?.();
    },
  };
}
