/**
 * Registration and sign-in round trips (Node -> BiDi script.evaluate -> navigator.credentials -> back) through the
 * vfido WebDriver BiDi driver, beside Chromium's own virtual authenticator (chromedriver's WebDriver
 * "Add Virtual Authenticator" extension command) in the same browser and run: Chromium through Debian's
 * chromium-driver and selenium-webdriver; and the driver in Firefox ESR (its own remote agent), beside the floor of
 * one bare BiDi round trip into the page (Firefox has no virtual authenticator over BiDi). Interleaved, p50 per operation. Needs `npm run build` first.
 *   node packages/webdriver/bench/index.mjs [iterations]
 * (`npm run bench` runs it with the other benches: scripts/bench.mjs.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { Builder } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import { VirtualAuthenticatorOptions } from 'selenium-webdriver/lib/virtual_authenticator.js';
import { attachAuthenticator, connectBidi } from '../dist/index.js';
import { isMain, row } from '../../core/bench/rows.mjs';
import { latencies } from '../../core/bench/mark.mjs';

const CREATE = `navigator.credentials.create({ publicKey: { rp: { name: 'bench' }, user: { id: crypto.getRandomValues(new Uint8Array(16)), name: 'a', displayName: 'A' },
  challenge: crypto.getRandomValues(new Uint8Array(32)), pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' }, attestation: 'none' } }).then((c) => c.id)`;
const GET = (id) => `navigator.credentials.get({ publicKey: { challenge: crypto.getRandomValues(new Uint8Array(32)), userVerification: 'discouraged',
  allowCredentials: [{ type: 'public-key', id: Uint8Array.from(atob(${JSON.stringify(id)}.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)) }] } }).then((c) => c.id)`;

/** One page: evaluate an expression there through BiDi and return its string value. */
function pageOf(bidi, context) {
  return async (expression) => {
    const r = await bidi.send('script.evaluate', { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' });
    if (r.type !== 'success') throw new Error(`page threw: ${JSON.stringify(r.exceptionDetails?.text ?? r)}`);
    return r.result.value;
  };
}

/** {@link latencies} of every entry, logged; the p50s in ms. */
async function p50s(entries, { n, warmup, log }) {
  const stats = await latencies(entries, { n, warmup });
  return entries.map((e, k) => {
    log(`${e.name.padEnd(52)} p50 ${stats[k].p50.toFixed(2)} ms, mean ${stats[k].mean.toFixed(2)} ms (${n} runs)`);
    return stats[k].p50;
  });
}

/** A user context with a tab at `origin`; `attach` puts an authenticator into it first. */
async function tab(bidi, origin, attach) {
  const { userContext } = await bidi.send('browser.createUserContext', {});
  await attach(userContext);
  const { context } = await bidi.send('browsingContext.create', { type: 'tab', userContext });
  await bidi.send('browsingContext.navigate', { context, url: origin, wait: 'complete' });
  return { context, evaluate: pageOf(bidi, context) };
}

async function chromium(origin, opts) {
  const options = new chrome.Options();
  options.setChromeBinaryPath('/usr/bin/chromium');
  options.addArguments('--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync');
  options.enableBidi();
  const driver = await new Builder().forBrowser('chrome').setChromeOptions(options).setChromeService(new chrome.ServiceBuilder('/usr/bin/chromedriver')).build();
  const bidi = await connectBidi((await driver.getCapabilities()).get('webSocketUrl'));
  try {
    const version = (await driver.getCapabilities()).get('browserVersion');
    // Chromium's own authenticator, on the session's first tab (WebDriver extension commands act on the current window).
    const native = { context: await driver.getWindowHandle() };
    const va = new VirtualAuthenticatorOptions();
    va.setHasResidentKey(true);
    va.setHasUserVerification(true);
    va.setIsUserVerified(true);
    await driver.addVirtualAuthenticator(va);
    await driver.get(origin);
    native.evaluate = pageOf(bidi, native.context);
    const vfido = await tab(bidi, origin, (uc) => attachAuthenticator(bidi, { preset: 'generic', userContexts: [uc] }));
    return await measure(`chromium ${version} via chromedriver`, { native, vfido }, opts);
  } finally {
    await bidi.close();
    await driver.quit();
  }
}

async function firefox(origin, opts) {
  const profile = mkdtempSync(join(os.tmpdir(), 'vfido-bench-firefox-'));
  const child = spawn('/usr/bin/firefox-esr', ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0', 'about:blank'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stderr.on('data', (d) => {
        out += d;
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(`firefox-esr exited before listening:\n${out}`)));
    });
    const bidi = await connectBidi(`${url}/session`);
    try {
      const { capabilities } = await bidi.send('session.new', { capabilities: {} });
      const vfido = await tab(bidi, origin, (uc) => attachAuthenticator(bidi, { preset: 'generic', userContexts: [uc] }));
      return await measure(`firefox ${capabilities.browserVersion}`, { vfido }, opts);
    } finally {
      await bidi.send('session.end', {}).catch(() => undefined);
      await bidi.close();
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(profile, { recursive: true, force: true });
  }
}

/** create and get p50 for each page of `pages` (`native`, `vfido`), interleaved. */
async function measure(browser, pages, { n, warmup, log }) {
  log(`# ${browser}: ${n} round trips after ${warmup} warm-up, interleaved`);
  const kinds = Object.keys(pages);
  const ids = {};
  for (const kind of kinds) ids[kind] = await pages[kind].evaluate(CREATE);
  const label = (kind) => (kind === 'native' ? "Chromium's own virtual authenticator" : 'vfido WebDriver BiDi driver');
  const out = {};
  // The floor of every row: one BiDi command round trip into the page (a vfido ceremony adds script.message + script.callFunction).
  const [floor] = await p50s([{ name: 'bare script.evaluate round trip (no WebAuthn)', fn: () => pages.vfido.evaluate("'x'") }], { n, warmup, log });
  out.floor = floor;
  for (const op of ['create', 'get']) {
    const p50 = await p50s(kinds.map((kind) => ({ name: `${op.padEnd(6)} ${label(kind)}`, fn: () => pages[kind].evaluate(op === 'create' ? CREATE : GET(ids[kind])) })), { n, warmup, log });
    out[op] = Object.fromEntries(kinds.map((kind, i) => [kind, p50[i]]));
    if (out[op].native) log(`${op.padEnd(6)} vfido / native p50: ${(out[op].vfido / out[op].native).toFixed(2)}x`);
  }
  return out;
}

/**
 * Run both browsers, printing through `log`.
 * @returns table rows (core/bench/rows.mjs): ops/s = 1000 / p50 ms; in Chromium beside its own virtual authenticator
 */
export async function webdriverBench({ iterations = 100, warmup = 10, log = console.log } = {}) {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>bench</title>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${server.address().port}/`;
  const opts = { n: iterations, warmup, log };
  log(`# @vfido/webdriver round trips; ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}`);
  try {
    const c = await chromium(origin, opts);
    const f = await firefox(origin, opts);
    const ops = (ms) => 1000 / ms;
    return ['create', 'get'].flatMap((op) => [
      row(`browser: ${op} via vfido WebDriver BiDi (chromium, chromedriver)`, ops(c[op].vfido), `${op} via Chromium's own virtual authenticator (p50)`, ops(c[op].native)),
      // Firefox has no virtual authenticator over BiDi: the reference is the floor, one bare BiDi round trip into the page.
      row(`browser: ${op} via vfido WebDriver BiDi (firefox-esr)`, ops(f[op].vfido), 'bare BiDi script.evaluate round trip into the page, firefox-esr (p50)', ops(f.floor)),
    ]);
  } finally {
    server.close();
  }
}

if (isMain(import.meta.url)) {
  const rows = await webdriverBench({ iterations: Number(process.argv[2] ?? 100) });
  for (const r of rows) console.log(`${r.name}: ${r.ops_per_s.toFixed(1)} ops/s${r.reference ? ` (${r.reference}: ${r.reference_ops_per_s.toFixed(1)} ops/s, ratio ${r.ratio.toFixed(2)})` : ''}`);
}
