/**
 * The shared driver suite through the WebDriver BiDi driver (`@vfido/webdriver`) on a WebdriverIO session (v9,
 * BiDi) in Debian's Chromium through Debian's chromium-driver: vfido uses WebdriverIO's own BiDi connection
 * (`attachAuthenticator(browser)`), and so does the test.
 */
import { remote } from 'webdriverio';
import { attachAuthenticator, webdriverioTransport, type BidiTransport } from '@vfido/webdriver';
import { chromiumPath, peerPath } from '../../../scripts/peers.mjs';
import { bidiSession, childrenRunning, expectExited, expectNoProcesses } from './bidiHarness.js';
import { driverSuite, type DriverSession } from './driverSuite.js';

let browser: WebdriverIO.Browser | undefined;
let control: BidiTransport | undefined;

driverSuite({
  name: 'webdriver-bidi / chromium via chromedriver + WebdriverIO (shim)',
  async start() {
    browser = await remote({
      logLevel: 'warn',
      capabilities: {
        browserName: 'chrome',
        webSocketUrl: true,
        'goog:chromeOptions': {
          binary: chromiumPath(),
          args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
        'wdio:chromedriverOptions': { binary: peerPath('chromium-driver') },
      },
    });
    control = webdriverioTransport(browser);
  },
  async open(preset, seed): Promise<DriverSession> {
    return bidiSession(control!, (userContext) => attachAuthenticator(browser!, { preset, seed, userContexts: [userContext] }));
  },
  async stop() {
    const chromedriver = childrenRunning(peerPath('chromium-driver'));
    const profile = (browser?.capabilities as { chrome?: { userDataDir?: string } } | undefined)?.chrome?.userDataDir;
    await browser?.deleteSession();
    if (browser && !profile) throw new Error('chromedriver reported no chrome.userDataDir capability: cannot check for orphan Chromium processes');
    if (profile) await expectNoProcesses([profile]);
    await expectExited(chromedriver);
  },
});
