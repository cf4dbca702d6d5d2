/**
 * The shared driver suite through the WebDriver BiDi driver (`@vfido/webdriver`) in Debian's Firefox ESR, spoken
 * to directly: Firefox's own remote agent (`--remote-debugging-port`, `session.new`), no geckodriver. In a
 * `vitest run` the Firefox is leased from the run's broker (test/support/browserBroker.ts: one that an earlier file
 * ended its session in, or a new one), else launched here.
 */
import { attachAuthenticator, connectBidi, type BidiConnection } from '@vfido/webdriver';
import { leaseBrowser, type LeasedBrowser } from '../../support/sharedBrowsers.js';
import { bidiSession, launchFirefoxBidi, type FirefoxBidi } from './bidiHarness.js';
import { driverSuite, type DriverSession } from './driverSuite.js';

let firefox: FirefoxBidi | undefined;
let lease: LeasedBrowser | undefined;
let bidi: BidiConnection | undefined;

driverSuite({
  name: 'webdriver-bidi / firefox-esr (shim)',
  browser: 'firefox',
  async start() {
    lease = await leaseBrowser('firefox-bidi');
    const url = lease?.endpoint ?? (firefox = await launchFirefoxBidi()).url;
    bidi = await connectBidi(`${url}/session`);
    await bidi.send('session.new', { capabilities: {} });
  },
  async open(preset, seed): Promise<DriverSession> {
    return bidiSession(bidi!, (userContext) => attachAuthenticator(bidi!, { preset, seed, userContexts: [userContext] }));
  },
  async stop() {
    const ended = await bidi?.send('session.end', {}).then(
      () => true,
      () => false,
    );
    await bidi?.close();
    // Ended: the next file's session.new finds the browser free. Otherwise the broker closes it.
    await lease?.release(ended === true);
    await firefox?.stop();
  },
});
