/**
 * Registration and sign-in round trips (Node -> page.evaluate -> navigator.credentials -> back) through
 * Chromium's own CDP authenticator, the vfido `cdp` backend and the vfido `shim` backend, in one browser and one
 * run. Needs `npm run build` first and Debian's chromium at /usr/bin/chromium.
 *   node packages/playwright/bench/index.mjs [iterations]
 * (`npm run bench` runs it together with the other benches: scripts/bench.mjs.)
 */
import { createServer } from 'node:http';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { attachAuthenticator } from '../dist/index.js';
import { isMain, row } from '../../core/bench/rows.mjs';

/**
 * Time several implementations of one operation interleaved: iteration i runs each of them once, in an order that
 * rotates with i, so background load on a small machine hits all of them alike. Prints
 * `name x N ops/sec @ T/op (p50 ...)` per implementation, as STYLE.md section 5 asks.
 * @returns per name: mean and p50 in ms
 */
async function markAll(entries, { N, WARMUP, log }) {
  for (let i = 0; i < WARMUP; i++) for (const e of entries) await e.fn();
  const times = entries.map(() => []);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < entries.length; j++) {
      const k = (i + j) % entries.length;
      const t = performance.now();
      await entries[k].fn();
      times[k].push(performance.now() - t);
    }
  }
  const out = {};
  entries.forEach((e, k) => {
    const sorted = [...times[k]].sort((a, b) => a - b);
    const total = sorted.reduce((a, b) => a + b, 0);
    const p50 = sorted[Math.floor(sorted.length / 2)];
    const mean = total / N;
    log(`${e.name.padEnd(40)} x ${Math.round((N * 1000) / total).toString().padStart(5)} ops/sec @ ${mean.toFixed(2)} ms/op (p50 ${p50.toFixed(2)} ms)`);
    out[e.key] = { mean, p50 };
  });
  return out;
}

export const create = () =>
  navigator.credentials
    .create({
      publicKey: {
        rp: { name: 'bench' },
        user: { id: crypto.getRandomValues(new Uint8Array(16)), name: 'a', displayName: 'A' },
        challenge: crypto.getRandomValues(new Uint8Array(32)),
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' },
        attestation: 'none',
      },
    })
    .then((c) => c.id);
export const get = (id) =>
  navigator.credentials
    .get({ publicKey: { challenge: crypto.getRandomValues(new Uint8Array(32)), allowCredentials: [{ type: 'public-key', id: Uint8Array.from(atob(id.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)) }], userVerification: 'discouraged' } })
    .then((c) => c.id);

async function setup(browser, origin, kind) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (kind === 'native') {
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
  } else {
    await attachAuthenticator(page, { preset: 'generic', backend: kind });
  }
  await page.goto(origin);
  const id = await page.evaluate(create);
  return { context, page, id };
}

/**
 * Run the interleaved round trips: `iterations` per implementation after `warmup`, printing through `log`.
 * @returns table rows (see core/bench/rows.mjs): ops/s from the mean round-trip time, vfido backends beside Chromium's own
 */
export async function browserBench({ iterations = 200, warmup = 20, log = console.log } = {}) {
  const N = iterations;
  const WARMUP = warmup;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>bench</title>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

  let results;
  try {
    log(`# @vfido/playwright round trips, ${N} iterations after ${WARMUP} warm-up, interleaved; ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}, chromium ${browser.version()}`);
    const kinds = ['native', 'cdp', 'shim'];
    const pages = {};
    for (const kind of kinds) pages[kind] = await setup(browser, origin, kind);
    const label = (kind) => (kind === 'native' ? 'chromium CDP authenticator' : `vfido ${kind} backend (generic)`);
    results = {
      create: await markAll(kinds.map((kind) => ({ key: kind, name: `create  ${label(kind)}`, fn: () => pages[kind].page.evaluate(create) })), { N, WARMUP, log }),
      get: await markAll(kinds.map((kind) => ({ key: kind, name: `get     ${label(kind)}`, fn: () => pages[kind].page.evaluate(get, pages[kind].id) })), { N, WARMUP, log }),
    };
    for (const op of ['create', 'get']) {
      const r = results[op];
      const ratio = (kind, stat) => (r[kind][stat] / r.native[stat]).toFixed(2);
      log(`${op.padEnd(6)} shim / native: ${ratio('shim', 'mean')}x (p50 ${ratio('shim', 'p50')}x)   cdp / native: ${ratio('cdp', 'mean')}x (p50 ${ratio('cdp', 'p50')}x)`);
    }
    for (const kind of kinds) await pages[kind].context.close();
  } finally {
    await browser.close();
    server.close();
  }
  const opsOf = (op, kind) => 1000 / results[op][kind].mean;
  const native = 'Chromium CDP virtual authenticator';
  return ['create', 'get'].flatMap((op) =>
    ['shim', 'cdp'].map((kind) => row(`browser: ${op} via vfido ${kind} backend`, opsOf(op, kind), `${op} via ${native}`, opsOf(op, 'native'))),
  );
}

if (isMain(import.meta.url)) await browserBench({ iterations: Number(process.argv[2] ?? 200) });
