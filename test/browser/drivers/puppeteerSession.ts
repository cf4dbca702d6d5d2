/**
 * A {@link DriverSession} over one Puppeteer page in its own browser context (both Puppeteer test files).
 */
import type { BrowserContext, Page } from 'puppeteer-core';
import type { VfidoHandle } from '@vfido/bridge';
import type { DriverSession } from './driverSuite.js';

/** The session the shared suite drives: navigation, evaluation in the top frame or the first iframe, close. */
export function puppeteerSession(vfido: VfidoHandle, context: BrowserContext, page: Page): DriverSession {
  return {
    vfido,
    goto: async (url) => void (await page.goto(url)),
    evaluate: async (expression, frame = 'top') => {
      const target = frame === 'top' ? page.mainFrame() : page.mainFrame().childFrames()[0]!;
      return (await target.evaluate(expression)) as string;
    },
    close: () => context.close(),
  };
}
