/**
 * A Playwright driver x browser pair for the shared driver suite: `@vfido/playwright` (shim backend) on a fresh
 * context per case, and the same browser without vfido for the browser's own answers.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { attachAuthenticator } from '@vfido/playwright';
import type { BrowserEngine, DriverSession, DriverUnderTest, NativeSession } from './driverSuite.js';

/** Goto / evaluate / close over one Playwright page (evaluate in the top frame or the first iframe). */
function pageSession(context: BrowserContext, page: Page): NativeSession {
  return {
    goto: async (url) => void (await page.goto(url)),
    evaluate: async (expression, frame = 'top') => (await (frame === 'top' ? page.mainFrame() : page.frames()[1]!).evaluate(expression)) as string,
    close: () => context.close(),
  };
}

/**
 * @param name - the suite's title, e.g. `playwright / firefox (shim)`
 * @param engine - the browser engine (selects the suite's per-browser expectations)
 * @param launch - launches the browser once per file
 */
export function playwrightPair(name: string, engine: BrowserEngine, launch: () => Promise<Browser>): DriverUnderTest {
  let browser: Browser | undefined;
  return {
    name,
    browser: engine,
    async start() {
      browser = await launch();
    },
    async open(preset, seed): Promise<DriverSession> {
      const context = await browser!.newContext();
      const vfido = await attachAuthenticator(context, { preset, seed, backend: 'shim' });
      return { vfido, ...pageSession(context, await context.newPage()) };
    },
    async openNative() {
      const context = await browser!.newContext();
      return pageSession(context, await context.newPage());
    },
    async stop() {
      await browser?.close();
    },
  };
}
