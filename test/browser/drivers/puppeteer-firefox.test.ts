/**
 * The shared driver suite through the Puppeteer driver (`@vfido/puppeteer`) in Firefox ESR over WebDriver BiDi
 * (the peers' firefox-esr, scripts/peers.mjs; missing = a failure naming the install command). In a `vitest run`
 * Puppeteer connects to a Firefox leased from the run's broker (test/support/browserBroker.ts: one that an earlier
 * file ended its session in, or a new one) and disconnects at the end (ending its session); else it launches one.
 */
import puppeteer from 'puppeteer-core';
import { peerPath } from '../../../scripts/peers.mjs';
import { leaseBrowser } from '../../support/sharedBrowsers.js';
import { driverSuite } from './driverSuite.js';
import { puppeteerDriver } from './puppeteerDriver.js';

driverSuite(
  puppeteerDriver('puppeteer / firefox (webdriver bidi)', 'firefox', async () => {
    const lease = await leaseBrowser('firefox-bidi');
    if (!lease) {
      const browser = await puppeteer.launch({ browser: 'firefox', protocol: 'webDriverBiDi', executablePath: peerPath('firefox-esr'), headless: true });
      return { browser, close: () => browser.close() };
    }
    try {
      const browser = await puppeteer.connect({ browserWSEndpoint: `${lease.endpoint}/session`, protocol: 'webDriverBiDi' });
      return { browser, close: () => browser.disconnect().then(() => lease.release(true)) };
    } catch (error) {
      await lease.release(false);
      throw error;
    }
  }),
);
