/**
 * The shared driver suite through the Playwright driver (`@vfido/playwright`, shim backend) in Debian's Firefox ESR
 * over WebDriver BiDi: Playwright's `moz-firefox` channel. That channel needs playwright-core 1.57-1.64 (1.65 sends
 * `emulation.setMediaFeaturesOverride`, which Firefox 153 does not know; 1.56 and older launch it with Juggler's
 * `-juggler-pipe`), hence the aliased root devDependency `playwright-core-firefox` (1.64.1; the versions measured
 * are in packages/playwright/README.md and docs/browsers.md).
 */
import type { Browser } from 'playwright-core';
import { firefox } from 'playwright-core-firefox';
import { peerPath } from '../../../scripts/peers.mjs';
import { driverSuite } from './driverSuite.js';
import { playwrightPair } from './playwrightPair.js';

driverSuite(
  playwrightPair('playwright / firefox (shim)', 'firefox', async () => {
    const browser = await firefox.launch({ channel: 'moz-firefox', executablePath: peerPath('firefox-esr'), headless: true });
    // The driver is typed against the repo's playwright-core (1.65); the 1.64 client has the surface it uses.
    return browser as unknown as Browser;
  }),
);
