#!/usr/bin/env node
/**
 * Can WebKitWebDriver (Debian's webkit2gtk-driver) carry the vfido shim: a script that runs in every document
 * before the page's own scripts (WebDriver BiDi `script.addPreloadScript`) and a channel the driver alone can
 * answer (BiDi `script.message` channels)? This probe asks the installed driver for real and prints what it
 * said, as JSON (docs/browsers.md, WebKit column). It starts WebKitWebDriver (and Xvfb when there is no
 * DISPLAY: WebKitGTK's MiniBrowser needs one) on loopback ports, and stops both.
 *
 *   apt-get install -y webkit2gtk-driver xvfb
 *   node scripts/webkit-probe.mjs
 *
 * Checks: (1) new session with `webSocketUrl: true` (WebDriver BiDi, WebDriver BiDi spec 7.2 "Establishing a
 * connection"); (2) a classic session and the capabilities it returns; (3) the BiDi-over-HTTP and WebAuthn
 * extension endpoints; (4) on a loopback http page (a secure context): the WebAuthn API WebKitGTK itself exposes,
 * and whether classic Execute Script runs before the page's own inline script (it cannot: it runs on demand,
 * after the load). Exit code 0 when the probe ran (whatever the answers), 2 when a peer is missing.
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';

const DRIVER = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.WEBKIT_MINIBROWSER ?? ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser'].find(existsSync);

if (!existsSync(DRIVER) || !MINIBROWSER) {
  console.error('webkit-probe: WebKitWebDriver / MiniBrowser missing; run: apt-get install -y webkit2gtk-driver (and xvfb without a display)');
  process.exit(2);
}

/** A free loopback TCP port. */
async function freePort() {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address();
  s.close();
  return port;
}

const children = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Start a child (kept for the cleanup), stderr/stdout collected. */
function start(command, args, env) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = '';
  child.stdout.on('data', (d) => (child.output += d));
  child.stderr.on('data', (d) => (child.output += d));
  children.push(child);
  return child;
}

/** One WebDriver HTTP command: the JSON `value`, with the HTTP status. */
async function command(base, method, path, body) {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }), signal: AbortSignal.timeout(90_000) });
  const json = await res.json().catch(() => ({}));
  return { status: res.status, value: json.value };
}

const report = { driver: DRIVER, minibrowser: MINIBROWSER };
let site;
try {
  report.driverPackage = spawnSync('dpkg-query', ['-W', '-f', '${Package} ${Version}', 'webkit2gtk-driver'], { encoding: 'utf8' }).stdout || 'unknown';
  report.webSocketServerCompiledIn = /soup_server_add_websocket_handler/.test(spawnSync('strings', [DRIVER], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout ?? '');
  const env = { ...process.env };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) {
    const xvfb = ['/usr/bin/Xvfb'].find(existsSync);
    if (!xvfb) throw new Error('no DISPLAY and no Xvfb: apt-get install -y xvfb');
    const display = `:${90 + Math.floor(Math.random() * 400)}`;
    start(xvfb, [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp']);
    env.DISPLAY = display;
    await sleep(1000);
  }
  const port = await freePort();
  start(DRIVER, [`--port=${port}`], env);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    try {
      if ((await command(base, 'GET', '/status')).status === 200) break;
    } catch {
      await sleep(200);
    }
  }
  const browserOptions = { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } };

  // (1) WebDriver BiDi
  const bidi = await command(base, 'POST', '/session', { capabilities: { alwaysMatch: { webSocketUrl: true, ...browserOptions } } });
  report.bidiSession = { request: 'POST /session {"capabilities":{"alwaysMatch":{"webSocketUrl":true,...}}}', status: bidi.status, answer: bidi.value };
  if (bidi.value?.sessionId) await command(base, 'DELETE', `/session/${bidi.value.sessionId}`);

  // (2) classic WebDriver
  const classic = await command(base, 'POST', '/session', { capabilities: { alwaysMatch: browserOptions } });
  const id = classic.value?.sessionId;
  report.classicSession = { status: classic.status, capabilities: classic.value?.capabilities ?? classic.value };
  if (id) {
    // (3) endpoints a preload script / channel / virtual authenticator would need
    report.endpoints = {};
    for (const path of ['/se/bidi', '/script/addPreloadScript', '/webauthn/authenticator']) {
      const r = await command(base, 'POST', `/session/${id}${path}`, { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true });
      report.endpoints[`POST /session/{id}${path}`] = r.value?.error ? `${r.value.error}: ${r.value.message}` : r.value;
    }
    // (4) a loopback page whose own inline script runs first and records what it saw
    site = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><script>window.__seenByPage = { injectedBeforeMe: typeof window.__injected !== "undefined", credentials: typeof navigator.credentials, PublicKeyCredential: typeof PublicKeyCredential, secure: isSecureContext, origin: self.origin };</script><p>probe</p>');
    });
    site.listen(0, '127.0.0.1');
    await once(site, 'listening');
    await command(base, 'POST', `/session/${id}/url`, { url: `http://127.0.0.1:${site.address().port}/` });
    const seen = await command(base, 'POST', `/session/${id}/execute/sync`, { script: 'window.__injected = true; return window.__seenByPage;', args: [] });
    report.page = seen.value;
    report.page.executeScriptRanBeforePageScript = seen.value?.injectedBeforeMe === true;
    await command(base, 'DELETE', `/session/${id}`);
  }
  report.conclusion =
    !bidi.value?.sessionId && !report.webSocketServerCompiledIn
      ? 'no WebDriver BiDi in this WebKitWebDriver (webSocketUrl refused, no WebSocket server compiled in): no script.addPreloadScript, no channel; classic Execute Script runs only after the page scripts, in the page world'
      : 'WebDriver BiDi answered: see bidiSession';
  console.log(JSON.stringify(report, null, 2));
} catch (error) {
  console.error(`webkit-probe: ${error.message}`);
  process.exitCode = 1;
} finally {
  site?.close();
  for (const child of children.reverse()) {
    child.kill('SIGTERM');
    if (child.exitCode === null) await Promise.race([once(child, 'exit'), sleep(3000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
