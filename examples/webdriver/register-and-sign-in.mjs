/**
 * Copyable selenium-webdriver script: a vfido YubiKey 5 NFC in Chromium driven through chromedriver with WebDriver
 * BiDi, registering a passkey on the vfido demo relying party (examples/demo-rp) and signing in with it.
 *   node examples/demo-rp/server.mjs --port 4173 &
 *   node examples/webdriver/register-and-sign-in.mjs http://localhost:4173
 * CHROMIUM / CHROMEDRIVER override /usr/bin/chromium and /usr/bin/chromedriver.
 */
import { Builder, By } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import { attachAuthenticator } from '@vfido/webdriver';

const rp = process.argv[2] ?? 'http://localhost:4173';

const options = new chrome.Options();
options.setChromeBinaryPath(process.env.CHROMIUM ?? '/usr/bin/chromium');
options.addArguments('--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run');
options.enableBidi(); // the `webSocketUrl: true` capability: vfido speaks WebDriver BiDi to this session
const driver = await new Builder()
  .forBrowser('chrome')
  .setChromeOptions(options)
  .setChromeService(new chrome.ServiceBuilder(process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver'))
  .build();

/** Wait (the page may reload meanwhile) until the element matching `css` contains `text`, and return its text. */
function waitForText(css, text) {
  return driver.wait(async () => {
    try {
      const [element] = await driver.findElements(By.css(css));
      const content = element ? await element.getText() : '';
      return content.includes(text) ? content : false;
    } catch {
      return false; // replaced by a reload between find and read: look again
    }
  }, 10_000, `no '${text}' in ${css}`);
}

try {
  // Attach before the first page loads: every document from now on gets vfido's WebAuthn.
  const vfido = await attachAuthenticator(driver, { preset: 'yubikey-5-nfc' });
  vfido.on('registered', (e) => console.log(`registered ${e.credentialId} for ${e.rpId}`));
  vfido.on('asserted', (e) => console.log(`signed in with ${e.credentialId}, counter ${e.signCount}`));

  // The demo RP's own steps: create a user with a Temporary Access Pass, sign in with it.
  await driver.get(`${rp}/directory`);
  await driver.findElement(By.css('#create-user input[name=name]')).sendKeys('ada');
  await driver.findElement(By.css('#create-user button[type=submit]')).click();
  await waitForText('#result h2', 'created');
  const { username, tap } = JSON.parse(await driver.findElement(By.id('result-data')).getAttribute('textContent'));
  await driver.get(`${rp}/`);
  await driver.findElement(By.css('#tap-signin input[name=username]')).sendKeys(username);
  await driver.findElement(By.css('#tap-signin input[name=tap]')).sendKeys(tap);
  await driver.findElement(By.css('#tap-signin button[type=submit]')).click();
  await waitForText('h1', 'Security info');

  // Register a passkey: the page calls navigator.credentials.create(), vfido answers as a YubiKey.
  const registered = vfido.waitForEvent('registered');
  await driver.findElement(By.id('add-passkey')).click();
  await registered;
  console.log(await waitForText('#result h2', 'Passkey added'));

  // Sign out, then sign in with the passkey: navigator.credentials.get().
  await driver.findElement(By.id('sign-out')).click();
  await waitForText('#who', 'Not signed in');
  await driver.findElement(By.css('#passkey-signin input[name=username]')).sendKeys(username);
  await driver.findElement(By.css('#passkey-signin button[type=submit]')).click();
  console.log(await waitForText('#who', `Signed in as ${username} with a passkey`));
  console.log(`vfido holds ${vfido.credentials({ rpId: 'localhost' }).length} passkey(s) for localhost`);
  await vfido.detach();
} finally {
  await driver.quit();
}
