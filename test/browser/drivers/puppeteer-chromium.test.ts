/**
 * The shared driver suite through the Puppeteer driver (`@vfido/puppeteer`) in Chromium over CDP.
 */
import puppeteer from 'puppeteer-core';
import { chromiumPath } from '../../../scripts/peers.mjs';
import { driverSuite } from './driverSuite.js';
import { puppeteerDriver } from './puppeteerDriver.js';

driverSuite(
  puppeteerDriver('puppeteer / chromium (cdp)', 'chromium', async () => {
    const browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return { browser, close: () => browser.close() };
  }),
);
