/**
 * The shared driver suite through the Puppeteer driver (`@vfido/puppeteer`) in Firefox ESR over WebDriver BiDi
 * (the peers' firefox-esr, scripts/peers.mjs; missing = a failure naming the install command).
 */
import puppeteer from 'puppeteer-core';
import { peerPath } from '../../../scripts/peers.mjs';
import { driverSuite } from './driverSuite.js';
import { puppeteerDriver } from './puppeteerDriver.js';

driverSuite(
  puppeteerDriver('puppeteer / firefox (webdriver bidi)', 'firefox', () =>
    puppeteer.launch({ browser: 'firefox', protocol: 'webDriverBiDi', executablePath: peerPath('firefox-esr'), headless: true }),
  ),
);
