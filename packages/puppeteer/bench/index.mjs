/**
 * Registration and sign-in round trips (Node -> page.evaluate -> navigator.credentials -> back) through the
 * Puppeteer driver (`@vfido/puppeteer`, generic preset) beside Chromium's own CDP virtual authenticator, in one
 * Chromium, one run, the same page. Reports p50 (the measure) and mean per call. Needs `npm run build`
 * and Debian's chromium (CHROMIUM=/path to override).
 *   node packages/puppeteer/bench/index.mjs [iterations]
 * (`npm run bench` runs it with the other benches: scripts/bench.mjs, section `puppeteer`.)
 */
import { createServer } from 'node:http';
import os from 'node:os';
import puppeteer from 'puppeteer-core';
import { attachAuthenticator } from '../dist/index.js';
import { isMain, row } from '../../core/bench/rows.mjs';
import { latencies } from '../../core/bench/mark.mjs';
// The same page-side ceremonies as the Playwright driver's bench, so the rows compare like with like.
import { create, get } from '../../playwright/bench/index.mjs';

/** A page in its own context with Chromium's own authenticator (`native`) or vfido's Puppeteer driver (`vfido`), one credential made. */
async function setup(browser, url, kind) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  if (kind === 'native') {
    const cdp = await page.createCDPSession();
    await cdp.send('WebAuthn.enable', { enableUI: false });
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
  } else {
    await attachAuthenticator(page, { preset: 'generic' });
  }
  await page.goto(url);
  return { context, page, id: await page.evaluate(create) };
}

/** Per-call latencies of each kind, interleaved (core/bench/mark.mjs): `{ p50, mean }` in ms per kind. */
async function latenciesOf(kinds, call, { iterations, warmup }) {
  const stats = await latencies(kinds.map((kind) => ({ fn: () => call(kind) })), { n: iterations, warmup });
  return Object.fromEntries(kinds.map((k, i) => [k, stats[i]]));
}

/**
 * Run the round trips: `iterations` per implementation after `warmup`, printing through `log`. `connect` (optional):
 * the DevTools ws endpoint of a running Chromium to use (and disconnect from) instead of launching one.
 * @returns table rows (core/bench/rows.mjs): ops/s from the p50 round trip, vfido beside Chromium's own authenticator
 */
export async function puppeteerBench({ iterations = 200, warmup = 20, log = console.log, connect } = {}) {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://localhost:${server.address().port}/`;
  // `connect`: a running Chromium's DevTools endpoint (the test suite's shared Chromium) instead of a launch.
  const browser = connect
    ? await puppeteer.connect({ browserWSEndpoint: connect })
    : await puppeteer.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  const kinds = ['native', 'vfido'];
  const results = {};
  try {
    log(`# @vfido/puppeteer round trips, ${iterations} iterations after ${warmup} warm-up, alternating; ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}, ${await browser.version()}`);
    const pages = {};
    for (const kind of kinds) pages[kind] = await setup(browser, url, kind);
    results.create = await latenciesOf(kinds, (k) => pages[k].page.evaluate(create), { iterations, warmup });
    results.get = await latenciesOf(kinds, (k) => pages[k].page.evaluate(get, pages[k].id), { iterations, warmup });
    for (const op of ['create', 'get']) {
      const { native, vfido } = results[op];
      log(`${op.padEnd(6)} vfido puppeteer p50 ${vfido.p50.toFixed(2)} ms (mean ${vfido.mean.toFixed(2)})   chromium CDP authenticator p50 ${native.p50.toFixed(2)} ms (mean ${native.mean.toFixed(2)})   p50 ratio ${(vfido.p50 / native.p50).toFixed(2)}x`);
    }
    for (const kind of kinds) await pages[kind].context.close();
  } finally {
    await (connect ? browser.disconnect() : browser.close());
    server.close();
  }
  return ['create', 'get'].map((op) =>
    row(`browser: ${op} via vfido puppeteer driver (p50)`, 1000 / results[op].vfido.p50, `${op} via Chromium CDP virtual authenticator (p50)`, 1000 / results[op].native.p50),
  );
}

if (isMain(import.meta.url)) await puppeteerBench({ iterations: Number(process.argv[2] ?? 200) });
