/**
 * The shared driver suite through the Playwright driver (`@vfido/playwright`, shim backend) in Chromium.
 */
import { launchChromium } from '../harness.js';
import { driverSuite } from './driverSuite.js';
import { playwrightPair } from './playwrightPair.js';

driverSuite(playwrightPair('playwright / chromium (shim)', 'chromium', launchChromium));
