/**
 * The shared driver suite through the WebDriver BiDi driver (`@vfido/webdriver`) in Debian's Firefox ESR, spoken
 * to directly: Firefox's own remote agent (`--remote-debugging-port`, `session.new`), no geckodriver.
 */
import { attachAuthenticator, connectBidi, type BidiConnection } from '@vfido/webdriver';
import { bidiSession, launchFirefoxBidi, type FirefoxBidi } from './bidiHarness.js';
import { driverSuite, type DriverSession } from './driverSuite.js';

let firefox: FirefoxBidi | undefined;
let bidi: BidiConnection | undefined;

driverSuite({
  name: 'webdriver-bidi / firefox-esr (shim)',
  browser: 'firefox',
  async start() {
    firefox = await launchFirefoxBidi();
    bidi = await connectBidi(`${firefox.url}/session`);
    await bidi.send('session.new', { capabilities: {} });
  },
  async open(preset, seed): Promise<DriverSession> {
    return bidiSession(bidi!, (userContext) => attachAuthenticator(bidi!, { preset, seed, userContexts: [userContext] }));
  },
  async stop() {
    await bidi?.send('session.end', {}).catch(() => undefined);
    await bidi?.close();
    await firefox?.stop();
  },
});
