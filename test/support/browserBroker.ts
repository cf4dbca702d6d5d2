/**
 * Vitest globalSetup: ONE browser of each kind for the whole test run, shared by every test file (each file opens
 * its own contexts in it). The browsers are launched lazily: this setup only starts a loopback HTTP broker and
 * `provide`s its URL as `vfidoBrowserBroker`; the first file that asks for a kind (`GET /<kind>`, see
 * {@link ./sharedBrowsers.ts}) makes the broker launch that browser's server and every later file gets the same
 * endpoint. A run without browser files launches no browser. Teardown closes every browser it launched.
 *
 * Add a kind by adding a launcher to {@link LAUNCHERS} (one line; the endpoint is whatever that kind's clients
 * connect to) and a name to {@link BrowserKind}.
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from '../../scripts/peers.mjs';
import { CHROMIUM_ARGS, type BrowserKind } from './sharedBrowsers.js';

/** A launched browser server: the endpoint its clients connect to, and how to stop it. */
interface LaunchedServer {
  endpoint: string;
  close(): Promise<void>;
}

/** How each kind is launched (once per run, on first request). */
const LAUNCHERS: Record<BrowserKind, () => Promise<LaunchedServer>> = {
  // Playwright's own server protocol: clients use `chromium.connect(endpoint)`.
  'playwright-chromium': async () => {
    const server = await chromium.launchServer({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
    return { endpoint: server.wsEndpoint(), close: () => server.close() };
  },
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const launched = new Map<string, Promise<LaunchedServer>>();
  const server = createServer((req, res) => {
    const kind = decodeURIComponent((req.url ?? '/').slice(1)) as BrowserKind;
    const launch = LAUNCHERS[kind];
    if (!launch) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`unknown browser kind '${kind}'; kinds: ${Object.keys(LAUNCHERS).join(', ')}`);
      return;
    }
    let started = launched.get(kind);
    if (!started) {
      started = launch();
      launched.set(kind, started);
    }
    started.then(
      (s) => res.writeHead(200, { 'content-type': 'text/plain' }).end(s.endpoint),
      (e: Error) => {
        launched.delete(kind); // the next file tries again and reports its own failure
        res.writeHead(500, { 'content-type': 'text/plain' }).end(e.message);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('vfidoBrowserBroker', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return async () => {
    await new Promise((resolve) => server.close(resolve));
    await Promise.all([...launched.values()].map((p) => p.then((s) => s.close(), () => undefined)));
  };
}
