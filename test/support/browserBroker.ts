/**
 * Vitest globalSetup: ONE browser of each kind for the whole test run, shared by every test file (each file opens
 * its own contexts in it). The browsers are launched lazily: this setup only starts a loopback HTTP broker and
 * `provide`s its URL as `vfidoBrowserBroker`; the first file that asks for a kind (`GET /<kind>`, see
 * {@link ./sharedBrowsers.ts}) makes the broker launch that browser's server and every later file gets the same
 * endpoint. A run without browser files launches no browser. Teardown closes every browser it launched.
 *
 * Add a kind by adding a launcher to {@link LAUNCHERS} (one line; the endpoint is whatever that kind's clients
 * connect to) and a name to {@link BrowserKind}.
 *
 * Browsers that serve one client at a time (Firefox's WebDriver BiDi remote agent: one session) are leased instead
 * ({@link EXCLUSIVE_LAUNCHERS}, `GET /lease/<kind>` -> `{ lease, endpoint }`, `GET /release/<lease>?reusable=1|0`):
 * a file gets an idle one that an earlier file released, or a new one when none is idle, so the files of a run
 * launch as many as ever run at the same time instead of one each.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { randomUUID } from 'node:crypto';
import { chromiumPath } from '../../scripts/peers.mjs';
import { launchFirefoxBidi } from '../browser/drivers/bidiHarness.js';
import { CHROMIUM_ARGS, type BrowserKind, type ExclusiveBrowserKind } from './sharedBrowsers.js';

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
  // Chromium's DevTools protocol endpoint (ws://127.0.0.1:<port>/devtools/browser/<id>): Puppeteer's
  // `connect({ browserWSEndpoint })`; CDP serves many clients at once.
  'cdp-chromium': () => launchWithEndpoint(chromiumPath(), (profile) => [...CHROMIUM_ARGS, '--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], /DevTools listening on (ws:\/\/\S+)/),
};

/** How each leased kind is launched (on a lease when none of that kind is idle). */
const EXCLUSIVE_LAUNCHERS: Record<ExclusiveBrowserKind, () => Promise<LaunchedServer>> = {
  // ws://127.0.0.1:<port> of Firefox's remote agent; closing it also checks that no Firefox process is left.
  'firefox-bidi': async () => {
    const firefox = await launchFirefoxBidi();
    return { endpoint: firefox.url, close: () => firefox.stop() };
  },
};

/**
 * Start `executable` with a fresh profile directory and wait for the endpoint line it prints on stderr.
 * @throws Error with the browser's output when it exits or prints nothing matching within 60 s
 */
function launchWithEndpoint(executable: string, args: (profile: string) => string[], line: RegExp): Promise<LaunchedServer> {
  const profile = mkdtempSync(join(tmpdir(), 'vfido-shared-browser-'));
  const child = spawn(executable, args(profile), { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    // Chromium's helper processes (crashpad, a renderer shutting down) may still write into the profile for a while
    // after the browser process exits, longer on a loaded machine (a fresh-clone CI run saw ENOTEMPTY after the
    // retries below): keep trying for up to 30 s without blocking the event loop, then leave the temporary
    // directory with a warning rather than fail the run's teardown over it.
    for (let attempt = 0; ; attempt++) {
      try {
        rmSync(profile, { recursive: true, force: true });
        return;
      } catch (error) {
        if (attempt >= 60) {
          console.warn(`browserBroker: left ${profile} behind (${(error as Error).message})`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      void close().then(() => reject(new Error(`${executable} ${why}:\n${output}`)));
    };
    const timer = setTimeout(() => fail('printed no endpoint within 60 s'), 60_000);
    child.once('error', (e) => fail(`could not start (${e.message})`));
    const early = (code: number | null): void => fail(`exited (${code}) before printing its endpoint`);
    child.once('exit', early);
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
      const m = line.exec(output);
      if (m) {
        clearTimeout(timer);
        child.off('exit', early);
        resolve({ endpoint: m[1]!, close });
      }
    });
  });
}

/** The broker of this vitest process: every project's globalSetup shares it (one browser per kind per run). */
interface Broker {
  url: string;
  users: number;
  close(): Promise<void>;
}
const BROKER = Symbol.for('vfido.browserBroker');
type WithBroker = typeof globalThis & { [BROKER]?: Promise<Broker> };

/** The leased kinds' browsers: idle ones by kind, leased ones by lease id. */
function leasePool() {
  const idle = new Map<ExclusiveBrowserKind, LaunchedServer[]>();
  const leased = new Map<string, { kind: ExclusiveBrowserKind; server: LaunchedServer }>();
  return {
    async lease(kind: ExclusiveBrowserKind): Promise<{ lease: string; endpoint: string }> {
      const server = idle.get(kind)?.pop() ?? (await EXCLUSIVE_LAUNCHERS[kind]());
      const lease = randomUUID();
      leased.set(lease, { kind, server });
      return { lease, endpoint: server.endpoint };
    },
    async release(lease: string, reusable: boolean): Promise<void> {
      const entry = leased.get(lease);
      if (!entry) return;
      leased.delete(lease);
      if (reusable) idle.set(entry.kind, [...(idle.get(entry.kind) ?? []), entry.server]);
      else await entry.server.close();
    },
    async close(): Promise<void> {
      const all = [...[...idle.values()].flat(), ...[...leased.values()].map((e) => e.server)];
      idle.clear();
      leased.clear();
      await Promise.all(all.map((s) => s.close()));
    },
  };
}

/** `GET /lease/<kind>` and `GET /release/<lease>?reusable=1|0`; false when `url` is neither. */
function serveLease(pool: ReturnType<typeof leasePool>, url: URL, res: ServerResponse): boolean {
  const [, route, name] = url.pathname.split('/');
  if (route === 'lease' && name) {
    const kind = decodeURIComponent(name) as ExclusiveBrowserKind;
    if (!EXCLUSIVE_LAUNCHERS[kind]) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`unknown leased browser kind '${kind}'; kinds: ${Object.keys(EXCLUSIVE_LAUNCHERS).join(', ')}`);
      return true;
    }
    pool.lease(kind).then(
      (lease) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(lease)),
      (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(e.message),
    );
    return true;
  }
  if (route === 'release' && name) {
    pool.release(name, url.searchParams.get('reusable') === '1').then(
      () => res.writeHead(204).end(),
      (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(e.message),
    );
    return true;
  }
  return false;
}

async function startBroker(): Promise<Broker> {
  const launched = new Map<string, Promise<LaunchedServer>>();
  const pool = leasePool();
  const server = createServer((req, res) => {
    if (serveLease(pool, new URL(req.url ?? '/', 'http://broker'), res)) return;
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
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    users: 0,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await Promise.all([...launched.values()].map((p) => p.then((s) => s.close(), () => undefined)));
      await pool.close();
    },
  };
}

/**
 * globalSetup of each vitest project that has browser files: the first one starts the broker, every project gets
 * its URL (`inject('vfidoBrowserBroker')`), the last teardown closes the broker and the browsers it launched.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const g = globalThis as WithBroker;
  const broker = await (g[BROKER] ??= startBroker());
  broker.users++;
  project.provide('vfidoBrowserBroker', broker.url);
  return async () => {
    if (--broker.users > 0) return;
    delete g[BROKER];
    await broker.close();
  };
}
