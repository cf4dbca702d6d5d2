#!/usr/bin/env node
/**
 * Firefox's own WebAuthn answers to the shared driver suite's cases (test/browser/drivers/driverSuite.ts), for the
 * per-browser expectations there. Firefox's WebDriver classic (Marionette) has the WebAuthn extension's virtual
 * authenticator (W3C WebAuthn L3 11.3 "Add Virtual Authenticator", Marionette `WebAuthn:AddVirtualAuthenticator`),
 * which WebDriver BiDi and Playwright's `moz-firefox` channel do not expose. It answers only with the prefs
 * `security.webauth.webauthn_enable_softtoken` = true and `security.webauth.webauthn_enable_usbtoken` = false
 * (without them `create()` waits for a USB token until its timeout).
 *
 *   node scripts/firefox-own-webauthn.mjs        (VFIDO_FIREFOX=/path/to/firefox, default /usr/bin/firefox-esr)
 *
 * Starts Firefox headless with `--marionette` on a random loopback port and a throw-away profile, speaks
 * Marionette's length-prefixed JSON protocol, prints one JSON line per case, and stops Firefox.
 * @module
 */
import net from 'node:net';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const FIREFOX = process.env.VFIDO_FIREFOX ?? '/usr/bin/firefox-esr';
const profile = mkdtempSync(join(tmpdir(), 'vfido-ff-own-'));
const marionettePort = 20000 + Math.floor(Math.random() * 20000);
const prefs = {
  'marionette.port': marionettePort,
  'security.webauth.webauthn_enable_softtoken': true,
  'security.webauth.webauthn_enable_usbtoken': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
};
writeFileSync(join(profile, 'user.js'), Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
const firefox = spawn(FIREFOX, ['--marionette', '-headless', '-no-remote', '-profile', profile], { stdio: 'ignore' });

// The test site: '/', '/?csp-sandbox=1' (opaque origin), '/embed?src=..&allow=..' (an iframe #f).
const site = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/embed') {
    const allow = url.searchParams.get('allow');
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<p>top</p><iframe id="f" src="${encodeURI(url.searchParams.get('src') ?? '')}"${allow !== null ? ` allow="${allow}"` : ''}></iframe>`);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html', ...(url.searchParams.has('csp-sandbox') && { 'content-security-policy': 'sandbox allow-scripts' }) });
  res.end('<p>rp</p>');
});
site.listen(0, '127.0.0.1');
await once(site, 'listening');
const port = site.address().port;

/** Marionette: `len:[0, id, name, params]` out, `len:[1, id, error, result]` back. */
async function connect() {
  for (let i = 0; i < 150; i++) {
    try {
      const socket = await new Promise((resolve, reject) => {
        const s = net.connect(marionettePort, '127.0.0.1', () => resolve(s));
        s.on('error', reject);
      });
      let buffer = Buffer.alloc(0);
      const waiting = new Map();
      let greeted;
      const greeting = new Promise((resolve) => (greeted = resolve));
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          const colon = buffer.indexOf(':');
          if (colon < 0) return;
          const length = Number(buffer.subarray(0, colon).toString());
          if (buffer.length < colon + 1 + length) return;
          const message = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
          buffer = buffer.subarray(colon + 1 + length);
          if (!Array.isArray(message)) greeted(message);
          else {
            const [, id, error, result] = message;
            const w = waiting.get(id);
            waiting.delete(id);
            if (error) w?.reject(Object.assign(new Error(error.message), { error: error.error }));
            else w?.resolve(result);
          }
        }
      });
      await greeting;
      let seq = 1;
      const command = (name, params = {}) =>
        new Promise((resolve, reject) => {
          const id = seq++;
          waiting.set(id, { resolve, reject });
          const text = JSON.stringify([0, id, name, params]);
          socket.write(`${Buffer.byteLength(text)}:${text}`);
        });
      return { socket, command };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`no Marionette on 127.0.0.1:${marionettePort}`);
}

// Page side: one ceremony, its client data or its error.
const CEREMONY = `const [kind, rpId, id] = arguments; const done = arguments[arguments.length - 1];
  const bytes = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const publicKey = kind === 'create'
    ? { rp: { id: rpId, name: 'x' }, user: { id: new Uint8Array(8), name: 'u', displayName: 'u' }, challenge: new Uint8Array(16), pubKeyCredParams: [{ type: 'public-key', alg: -7 }], timeout: 8000 }
    : { rpId, challenge: new Uint8Array(16), timeout: 8000, allowCredentials: [{ type: 'public-key', id: bytes(id) }] };
  navigator.credentials[kind]({ publicKey }).then(
    (c) => done({ ok: true, id: c.id, clientData: JSON.parse(new TextDecoder().decode(c.response.clientDataJSON)) }),
    (e) => done({ ok: false, name: e.name, message: e.message }));`;

let marionette;
try {
  marionette = await connect();
  const { command } = marionette;
  const session = await command('WebDriver:NewSession', { capabilities: { alwaysMatch: {} } });
  await command('WebAuthn:AddVirtualAuthenticator', { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserConsenting: true, isUserVerified: true });
  const print = (name, outcome) => console.log(JSON.stringify({ firefox: session.capabilities.browserVersion, case: name, ...outcome }));
  const run = async (url, kind, rpId, id, frame = false, topScript = undefined) => {
    await command('WebDriver:Navigate', { url });
    if (topScript) await command('WebDriver:ExecuteScript', { script: topScript, args: [] });
    if (frame) {
      const found = await command('WebDriver:FindElement', { using: 'css selector', value: '#f' });
      await command('WebDriver:SwitchToFrame', { element: Object.values(found.value ?? found)[0] });
    }
    const outcome = (await command('WebDriver:ExecuteAsyncScript', { script: CEREMONY, args: [kind, rpId, id ?? ''] })).value;
    if (frame) await command('WebDriver:SwitchToParentFrame');
    return outcome;
  };
  const A = `http://a.localhost:${port}`;
  const O = `http://localhost:${port}`;
  const created = await run(`${A}/`, 'create', 'a.localhost');
  print('create, top level', created);
  print('get, top level', await run(`${A}/`, 'get', 'a.localhost', created.id));
  const src = encodeURIComponent(`${A}/`);
  print('get, cross-origin iframe with allow', await run(`${O}/embed?src=${src}&allow=publickey-credentials-get`, 'get', 'a.localhost', created.id, true));
  print('get, cross-origin iframe without allow', await run(`${O}/embed?src=${src}`, 'get', 'a.localhost', created.id, true));
  const addAllow = `document.getElementById('f').setAttribute('allow', 'publickey-credentials-get')`;
  print('get, cross-origin iframe loaded without allow, allow added afterwards', await run(`${O}/embed?src=${src}`, 'get', 'a.localhost', created.id, true, addAllow));
  print('create, CSP-sandboxed top level (opaque origin)', await run(`${O}/?csp-sandbox=1`, 'create', 'localhost'));
  print("create, another RP's id", await run(`${O}/`, 'create', 'victim.example'));
  await command('WebDriver:DeleteSession');
} catch (error) {
  console.error(`firefox-own-webauthn: ${error.message}`);
  process.exitCode = 1;
} finally {
  marionette?.socket.destroy();
  site.close();
  firefox.kill('SIGTERM');
  if (firefox.exitCode === null) await Promise.race([once(firefox, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
  if (firefox.exitCode === null && firefox.signalCode === null) firefox.kill('SIGKILL');
  rmSync(profile, { recursive: true, force: true });
}
