/**
 * The shared driver suite through the Puppeteer driver (`@vfido/puppeteer`) in Firefox ESR over WebDriver BiDi
 * (the peers' firefox-esr, scripts/peers.mjs; missing = a failure naming the install command).
 */
import puppeteer, { type Browser } from 'puppeteer-core';
import { attachAuthenticator } from '@vfido/puppeteer';
import { peerPath } from '../../../scripts/peers.mjs';
import { driverSuite, type DriverSession } from './driverSuite.js';
import { puppeteerSession } from './puppeteerSession.js';

let browser: Browser | undefined;

driverSuite({
  name: 'puppeteer / firefox (webdriver bidi)',
  browser: 'firefox',
  async start() {
    browser = await puppeteer.launch({ browser: 'firefox', protocol: 'webDriverBiDi', executablePath: peerPath('firefox-esr'), headless: true });
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
