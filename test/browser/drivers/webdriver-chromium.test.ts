/**
 * The shared driver suite through the WebDriver BiDi driver (`@vfido/webdriver`) in Debian's Chromium, driven by
 * selenium-webdriver through Debian's chromium-driver with BiDi enabled (`webSocketUrl: true`): vfido attaches to the
 * selenium `WebDriver` itself (its own WebSocket to the session's `webSocketUrl`).
 */
import { Builder, type WebDriver } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import { attachAuthenticator, connectBidi, type BidiConnection } from '@vfido/webdriver';
import { chromiumPath, peerPath } from '../../../scripts/peers.mjs';
import { bidiSession, childrenRunning, expectExited, expectNoProcesses } from './bidiHarness.js';
import { driverSuite, type DriverSession } from './driverSuite.js';

let driver: WebDriver | undefined;
let control: BidiConnection | undefined;

driverSuite({
  name: 'webdriver-bidi / chromium via chromedriver + selenium-webdriver (shim)',
  async start() {
    const options = new chrome.Options();
    options.setChromeBinaryPath(chromiumPath());
    options.addArguments('--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync');
    options.enableBidi(); // webSocketUrl: true
    driver = await new Builder().forBrowser('chrome').setChromeOptions(options).setChromeService(new chrome.ServiceBuilder(peerPath('chromium-driver'))).build();
    control = await connectBidi((await driver.getCapabilities()).get('webSocketUrl') as string);
  },
  async open(preset, seed): Promise<DriverSession> {
    return bidiSession(control!, (userContext) => attachAuthenticator(driver!, { preset, seed, userContexts: [userContext] }));
  },
  async stop() {
    const chromedriver = childrenRunning(peerPath('chromium-driver'));
    const profile = driver && ((await driver.getCapabilities()).get('chrome') as { userDataDir?: string } | undefined)?.userDataDir;
    await control?.close();
    await driver?.quit();
    // No orphans: chromedriver (selenium's service stops it) and every Chromium process of this session's profile.
    if (driver && !profile) throw new Error('chromedriver reported no chrome.userDataDir capability: cannot check for orphan Chromium processes');
    if (profile) await expectNoProcesses([profile]);
    await expectExited(chromedriver);
  },
});
