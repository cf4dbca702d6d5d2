/**
 * Registration and sign-in round trips (Node -> page.evaluate -> navigator.credentials -> back) through
 * Chromium's own CDP authenticator, the vfido `cdp` backend and the vfido `shim` backend, in one browser and one
 * run. Needs `npm run build` first and Debian's chromium at /usr/bin/chromium.
 *   node packages/playwright/bench/index.mjs [iterations]
 */
import { createServer } from 'node:http';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { attachAuthenticator } from '../dist/index.js';

const N = Number(process.argv[2] ?? 200);
const WARMUP = 20;

/** `name x N ops/sec @ T/op (p50 ...)`, as STYLE.md section 5 asks. */
async function mark(name, fn) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times = [];
  const start = performance.now();
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)];
  const mean = total / N;
  console.log(`${name.padEnd(34)} x ${Math.round((N * 1000) / total).toString().padStart(5)} ops/sec @ ${mean.toFixed(2)} ms/op (p50 ${p50.toFixed(2)} ms)`);
  return mean;
}

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

const create = () =>
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
const get = (id) =>
  navigator.credentials
    .get({ publicKey: { challenge: crypto.getRandomValues(new Uint8Array(32)), allowCredentials: [{ type: 'public-key', id: Uint8Array.from(atob(id.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)) }], userVerification: 'discouraged' } })
    .then((c) => c.id);

async function setup(kind) {
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

console.log(`# @vfido/playwright round trips, ${N} iterations after ${WARMUP} warm-up; ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}, chromium ${browser.version()}`);
const results = {};
for (const kind of ['native', 'cdp', 'shim']) {
  const { context, page, id } = await setup(kind);
  const label = kind === 'native' ? 'chromium CDP authenticator' : `vfido ${kind} backend (generic)`;
  results[kind] = {
    create: await mark(`create  ${label}`, () => page.evaluate(create)),
    get: await mark(`get     ${label}`, () => page.evaluate(get, id)),
  };
  await context.close();
}
for (const op of ['create', 'get']) {
  console.log(`shim / native ${op}: ${(results.shim[op] / results.native[op]).toFixed(2)}x   cdp / native ${op}: ${(results.cdp[op] / results.native[op]).toFixed(2)}x`);
}
await browser.close();
server.close();
