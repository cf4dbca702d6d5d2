/**
 * The shared driver suite through the Puppeteer driver (`@vfido/puppeteer`) in Chromium over CDP.
 */
import puppeteer, { type Browser } from 'puppeteer-core';
import { attachAuthenticator } from '@vfido/puppeteer';
import { chromiumPath } from '../../../scripts/peers.mjs';
import { driverSuite, type DriverSession } from './driverSuite.js';
import { puppeteerSession } from './puppeteerSession.js';

let browser: Browser | undefined;

driverSuite({
  name: 'puppeteer / chromium (cdp)',
  browser: 'chromium',
  async start() {
    browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  },
  async open(preset, seed): Promise<DriverSession> {
    const context = await browser!.createBrowserContext();
    const vfido = await attachAuthenticator(context, { preset, seed });
    return puppeteerSession(vfido, context, await context.newPage());
  },
  async stop() {
    await browser?.close();
  },
});
