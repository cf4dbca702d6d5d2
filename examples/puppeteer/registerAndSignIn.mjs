/**
 * Copyable Puppeteer script: a vfido YubiKey 5 NFC in Chromium (CDP) or Firefox (WebDriver BiDi) registers and
 * signs in on a page that uses @simplewebauthn/browser, against a small relying party that verifies with
 * @simplewebauthn/server (swap in your app's URL and UI steps).
 *   node examples/puppeteer/registerAndSignIn.mjs [chromium|firefox]
 * Browser paths: CHROMIUM (default /usr/bin/chromium), FIREFOX (default /usr/bin/firefox-esr).
 * Prints one JSON line ({ browser, registered, signedIn, aaguid, fmt }) and exits 0 when both ceremonies verified.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';
import { generateAuthenticationOptions, generateRegistrationOptions, SettingsService, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { attachAuthenticator } from '@vfido/puppeteer';

const which = process.argv[2] ?? 'chromium';

// ---- a tiny relying party (your app): one user, options and verification by @simplewebauthn/server
const require = createRequire(import.meta.url);
const bundle = readFileSync(require.resolve('@simplewebauthn/browser').replace(/script[\\/]index\.js$/, 'dist/bundle/index.umd.min.js'), 'utf8');
const page = `<!doctype html><meta charset="utf-8"><script src="/swa.js"></script>
<script>
  const post = (path, body) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) }).then((r) => r.json());
  window.register = async () => post('/register/verify', await SimpleWebAuthnBrowser.startRegistration({ optionsJSON: await post('/register/options') }));
  window.signIn = async () => post('/login/verify', await SimpleWebAuthnBrowser.startAuthentication({ optionsJSON: await post('/login/options') }));
</script>`;
let challenge;
let credential;
const server = createServer(async (req, res) => {
  const json = (value) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  let body = '';
  for await (const chunk of req) body += chunk;
  const origin = `http://localhost:${server.address().port}`;
  try {
    if (req.url === '/swa.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    if (req.url === '/register/options') {
      const options = await generateRegistrationOptions({ rpName: 'Example', rpID: 'localhost', userName: 'alice', attestationType: 'direct' });
      challenge = options.challenge;
      return json(options);
    }
    if (req.url === '/register/verify') {
      const { verified, registrationInfo } = await verifyRegistrationResponse({ response: JSON.parse(body), expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: 'localhost', requireUserVerification: false });
      credential = registrationInfo?.credential;
      return json({ verified, aaguid: registrationInfo?.aaguid, fmt: registrationInfo?.fmt });
    }
    if (req.url === '/login/options') {
      const options = await generateAuthenticationOptions({ rpID: 'localhost', allowCredentials: [{ id: credential.id }] });
      challenge = options.challenge;
      return json(options);
    }
    if (req.url === '/login/verify') {
      const { verified } = await verifyAuthenticationResponse({ response: JSON.parse(body), expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: 'localhost', credential, requireUserVerification: false });
      return json({ verified });
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  } catch (error) {
    json({ verified: false, error: String(error) });
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

// ---- the test: launch the browser, attach vfido before the page loads, drive the page
const browser =
  which === 'firefox'
    ? await puppeteer.launch({ browser: 'firefox', protocol: 'webDriverBiDi', executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr', headless: true })
    : await puppeteer.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const tab = await browser.newPage();
  const vfido = await attachAuthenticator(tab, { preset: 'yubikey-5-nfc' });
  // The RP checks the attestation chain: trust the emulated model's root (as your RP trusts the real vendor's).
  SettingsService.setRootCertificates({ identifier: vfido.preset.attestation.format, certificates: await vfido.attestationRoots() });
  await tab.goto(`http://localhost:${server.address().port}/`);
  const registered = await tab.evaluate(() => window.register());
  const signedIn = await tab.evaluate(() => window.signIn());
  console.log(JSON.stringify({ browser: await browser.version(), registered: registered.verified, signedIn: signedIn.verified, aaguid: registered.aaguid, fmt: registered.fmt, credentials: vfido.credentials().length }));
  process.exitCode = registered.verified && signedIn.verified ? 0 : 1;
} finally {
  await browser.close();
  server.close();
}
