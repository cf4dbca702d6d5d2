/**
 * Registration and sign-in round trips (Node -> page.evaluate -> navigator.credentials -> back) through
 * Chromium's own CDP virtual authenticator, the vfido `cdp` backend and the vfido `shim` backend, in one
 * browser and one run, interleaved. Every figure is printed beside Chromium's own authenticator from the same
 * run (p50 and p50 / Chromium's p50: issue 14 asks for the shim within 1.2x). Two more rows say where the
 * shim's time goes: the bare channel (the page -> Node -> page CDP round trip the shim makes per ceremony,
 * with a canned answer of a real answer's size and no authenticator) and the authenticator alone (the same
 * ceremonies through core's WebAuthnClient in Node, no browser).
 * Needs `npm run build` first and Debian's chromium at /usr/bin/chromium.
 *   node packages/playwright/bench/index.mjs [iterations]
 * (`npm run bench` runs it together with the other benches: scripts/bench.mjs.)
 */
import { createServer } from 'node:http';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { VirtualAuthenticator, WebAuthnClient } from '@vfido/core';
import { attachAuthenticator } from '../dist/index.js';
import { cdpLink } from '../dist/shim/cdpLink.js';
import { isMain, row } from '../../core/bench/rows.mjs';
import { latencies } from '../../core/bench/mark.mjs';

/** The preset every vfido row uses (the generic vfido key: packed self attestation, ES256/EdDSA/RS256). */
const PRESET = 'generic';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** {@link latencies} keyed by each entry's `key`: `{ mean, p50 }` in ms. */
async function markAll(entries, { N, WARMUP }) {
  const stats = await latencies(entries, { n: N, warmup: WARMUP });
  return Object.fromEntries(entries.map((e, k) => [e.key, stats[k]]));
}

// Both ceremonies ask what Chromium's virtual authenticator and the preset can both give without user
// verification: ES256, a non-discoverable credential, attestation 'none' (vfido asks the authenticator for no
// statement, CTAP 2.2 attestationFormatsPreference; Chromium's authenticator signs its packed statement and the
// browser drops it).
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

/** The bare channel: the page calls a CDP binding, Node answers through Runtime.callFunctionOn (no authenticator), over the shim's cdpLink. */
const ping = (names) =>
  new Promise((resolve) => {
    globalThis[names.receiver] = (answer) => resolve(JSON.parse(answer).response.id);
    globalThis[names.binding](JSON.stringify({ op: 'get', id: String(Math.random()), options: { challenge: 'x'.repeat(43), allowCredentials: [{ type: 'public-key', id: 'y'.repeat(86) }] } }));
  });

async function setup(browser, origin, kind) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let names;
  if (kind === 'native') {
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
  } else if (kind === 'channel') {
    names = { binding: 'benchBinding', receiver: 'benchReceiver' };
    // The same link the shim's channel uses (Playwright's server-side CDP session when in-process).
    const cdp = cdpLink(await context.newCDPSession(page));
    // An answer the size of a real get() answer (a 64-byte credential id, client data, authenticator data, signature).
    const answer = JSON.stringify({ ok: true, response: { id: 'i'.repeat(86), rawId: 'i'.repeat(86), type: 'public-key', response: { clientDataJSON: 'c'.repeat(190), authenticatorData: 'a'.repeat(50), signature: 's'.repeat(96), userHandle: null }, clientExtensionResults: {}, authenticatorAttachment: 'cross-platform' } });
    const functionDeclaration = `function (answer) { globalThis.${names.receiver}(answer); }`;
    cdp.on('Runtime.bindingCalled', (e) => {
      JSON.parse(e.payload);
      void cdp.sendIgnoringFailure('Runtime.callFunctionOn', { functionDeclaration, executionContextId: e.executionContextId, arguments: [{ value: answer }] });
    });
    await cdp.send('Runtime.enable');
    await cdp.send('Runtime.addBinding', { name: names.binding });
  } else {
    await attachAuthenticator(page, { preset: PRESET, backend: kind, allowApproximation: true });
  }
  await page.goto(origin);
  const id = kind === 'channel' ? undefined : await page.evaluate(create);
  return { context, page, id, names };
}

/** The same ceremonies through core's WebAuthnClient in Node (no browser): the authenticator's own cost. */
async function authenticatorAlone({ N, WARMUP }) {
  const authenticator = new VirtualAuthenticator({ preset: PRESET });
  const client = new WebAuthnClient({ authenticator, origin: 'http://localhost:8000' });
  const random = (n) => Buffer.from(crypto.getRandomValues(new Uint8Array(n))).toString('base64url');
  const createJSON = () => ({ rp: { name: 'bench' }, user: { id: random(16), name: 'a', displayName: 'A' }, challenge: random(32), pubKeyCredParams: [{ type: 'public-key', alg: -7 }], authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' }, attestation: 'none' });
  const { id } = await client.create(createJSON());
  const createMs = [];
  const getMs = [];
  for (let i = 0; i < WARMUP + N; i++) {
    let t = performance.now();
    await client.create(createJSON());
    if (i >= WARMUP) createMs.push(performance.now() - t);
    t = performance.now();
    await client.get({ challenge: random(32), allowCredentials: [{ type: 'public-key', id }], userVerification: 'discouraged' });
    if (i >= WARMUP) getMs.push(performance.now() - t);
  }
  return { create: median(createMs), get: median(getMs) };
}

/**
 * Run the interleaved round trips: `iterations` per implementation after `warmup`, printing through `log`.
 * `connect` (optional): the ws endpoint of a running Playwright browser server to use instead of launching Chromium
 * (closing a connected browser only disconnects).
 * @returns table rows (see core/bench/rows.mjs): ops/s from the p50 round trip, each beside Chromium's own
 *   authenticator (ratio = ours / Chromium's in ops/s, so 1 / ratio is the p50 time ratio issue 14 targets)
 */
export async function browserBench({ iterations = 200, warmup = 20, log = console.log, connect } = {}) {
  const N = iterations;
  const WARMUP = warmup;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>bench</title>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${server.address().port}/`;
  // `connect`: a running Playwright browser server's endpoint (the test suite's shared Chromium) instead of a launch.
  const browser = connect
    ? await chromium.connect(connect)
    : await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });

  const kinds = ['native', 'cdp', 'shim', 'channel'];
  const label = {
    native: "Chromium's own virtual authenticator",
    cdp: `vfido cdp backend (${PRESET})`,
    shim: `vfido shim backend (${PRESET})`,
    channel: 'bare shim channel, no authenticator',
  };
  let results;
  try {
    log(`# @vfido/playwright round trips (Node -> page.evaluate -> ceremony -> back), ${N} iterations after ${WARMUP} warm-up, interleaved; ${os.cpus()[0]?.model} x${os.cpus().length}, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}, chromium ${browser.version()}`);
    log(`# vfido preset '${PRESET}' (packed self); ES256, non-discoverable, no UV, attestation 'none' on both sides. p50 ratio = p50 / Chromium's own authenticator's p50 in this run (issue 14 target for the shim: <= 1.2x)`);
    const pages = {};
    for (const kind of kinds) pages[kind] = await setup(browser, origin, kind);
    const entry = (kind, op) => ({ key: kind, fn: kind === 'channel' ? () => pages.channel.page.evaluate(ping, pages.channel.names) : op === 'create' ? () => pages[kind].page.evaluate(create) : () => pages[kind].page.evaluate(get, pages[kind].id) });
    results = {};
    for (const op of ['create', 'get']) results[op] = await markAll(kinds.map((kind) => entry(kind, op)), { N, WARMUP });
    for (const kind of kinds) await pages[kind].context.close();
  } finally {
    await browser.close();
    server.close();
  }
  const alone = await authenticatorAlone({ N, WARMUP });
  for (const op of ['create', 'get']) {
    const r = results[op];
    const base = r.native.p50;
    for (const kind of kinds) {
      const ratio = kind === 'native' ? '' : `  ${(r[kind].p50 / base).toFixed(2)}x Chromium's p50`;
      log(`${op.padEnd(6)} ${label[kind].padEnd(40)} p50 ${r[kind].p50.toFixed(2).padStart(6)} ms  (mean ${r[kind].mean.toFixed(2)} ms)${ratio}`);
    }
    log(`${op.padEnd(6)} ${'vfido authenticator alone (Node, no page)'.padEnd(40)} p50 ${alone[op].toFixed(2).padStart(6)} ms`);
  }
  for (const op of ['create', 'get']) {
    const r = results[op];
    log(`${op.padEnd(6)} shim p50 / Chromium's own authenticator p50 = ${(r.shim.p50 / r.native.p50).toFixed(2)}x (target <= 1.2x); cdp ${(r.cdp.p50 / r.native.p50).toFixed(2)}x; the bare channel alone ${(r.channel.p50 / r.native.p50).toFixed(2)}x`);
  }
  const ops = (ms) => 1000 / ms;
  const native = "Chromium's own virtual authenticator (p50)";
  return ['create', 'get'].flatMap((op) => {
    const r = results[op];
    const extra = (kind) => ({ p50_ms: r[kind].p50, reference_p50_ms: r.native.p50, p50_time_ratio: r[kind].p50 / r.native.p50 });
    return [
      ...['shim', 'cdp'].map((kind) => row(`browser: ${op} via vfido ${kind} backend (p50)`, ops(r[kind].p50), `${op} via ${native}`, ops(r.native.p50), undefined, extra(kind))),
      row(`browser: bare shim channel round trip, no authenticator, beside ${op} (p50)`, ops(r.channel.p50), `${op} via ${native}`, ops(r.native.p50), undefined, extra('channel')),
    ];
  });
}

if (isMain(import.meta.url)) await browserBench({ iterations: Number(process.argv[2] ?? 200) });
