/**
 * The run-wide shared browsers, seen from a test file: {@link sharedBrowserEndpoint} asks the globalSetup broker
 * ({@link ./browserBroker.ts}) for the endpoint of the one browser of a kind that every file of this `vitest run`
 * shares, launching it on first use. Outside a run with the broker (a script, a config without the globalSetup) it
 * answers `undefined` and the caller launches its own browser.
 *
 * A file using a shared browser opens its own contexts and closes only them (for Playwright, `browser.close()` on a
 * connected browser disconnects; it never closes the shared one).
 * @module
 */
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the browser broker (test/support/browserBroker.ts). */
    vfidoBrowserBroker: string;
  }
}

/**
 * The kinds of shared browser:
 * - `playwright-chromium`: a Playwright browser server (`chromium.connect(endpoint)` from playwright-core);
 * - `cdp-chromium`: Chromium's DevTools endpoint, `ws://127.0.0.1:<port>/devtools/browser/<id>`
 *   (`puppeteer.connect({ browserWSEndpoint })`).
 *
 * Firefox's WebDriver BiDi remote agent serves one session at a time, so Firefox is leased, not shared: see
 * {@link leaseBrowser}.
 */
export type BrowserKind = 'playwright-chromium' | 'cdp-chromium';

/**
 * The kinds of browser leased to one file at a time ({@link leaseBrowser}):
 * - `firefox-bidi`: Firefox ESR with its own WebDriver BiDi remote agent, `ws://127.0.0.1:<port>` (connect to
 *   `${endpoint}/session` and send `session.new`, or `puppeteer.connect({ browserWSEndpoint: ..., protocol:
 *   'webDriverBiDi' })`); the profile and prefs of test/browser/drivers/bidiHarness.ts `launchFirefoxBidi`.
 */
export type ExclusiveBrowserKind = 'firefox-bidi';

/** A browser this file has to itself until {@link LeasedBrowser.release}. */
export interface LeasedBrowser {
  /** Where its clients connect (see {@link ExclusiveBrowserKind}). */
  readonly endpoint: string;
  /**
   * Give it back: `reusable` when this file ended its session (the next file then gets the same browser without a
   * launch), else the broker closes it.
   */
  release(reusable: boolean): Promise<void>;
}

/** The flags every test Chromium runs with (headless, no sandbox/GPU, no background traffic). */
export const CHROMIUM_ARGS: string[] = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * The endpoint of this run's shared browser of `kind`, or `undefined` when there is no broker (then launch your own).
 * @throws Error with the broker's message when the shared browser could not be launched (e.g. no Chromium: the
 *   message names the command to run)
 */
export async function sharedBrowserEndpoint(kind: BrowserKind): Promise<string | undefined> {
  const broker = brokerUrl();
  if (!broker) return undefined;
  const res = await fetch(`${broker}/${encodeURIComponent(kind)}`);
  const body = await res.text();
  if (!res.ok) throw new Error(`the shared ${kind} browser could not be launched: ${body}`);
  return body;
}

/**
 * A browser of `kind` for this file alone: an idle one another file released, else a new one (so files running at
 * the same time never wait for each other). `undefined` when there is no broker (then launch your own). Release it in
 * the file's teardown; the run's teardown closes every browser, released or not.
 * @throws Error with the broker's message when no browser of that kind could be launched
 */
export async function leaseBrowser(kind: ExclusiveBrowserKind): Promise<LeasedBrowser | undefined> {
  const broker = brokerUrl();
  if (!broker) return undefined;
  const res = await fetch(`${broker}/lease/${encodeURIComponent(kind)}`);
  const body = await res.text();
  if (!res.ok) throw new Error(`a ${kind} browser could not be launched: ${body}`);
  const { lease, endpoint } = JSON.parse(body) as { lease: string; endpoint: string };
  return {
    endpoint,
    release: async (reusable) => void (await fetch(`${broker}/release/${lease}?reusable=${reusable ? 1 : 0}`)).text(),
  };
}

/** The broker's URL in a vitest worker of a run with the broker, else undefined. */
function brokerUrl(): string | undefined {
  try {
    return inject('vfidoBrowserBroker') || undefined;
  } catch {
    return undefined; // not inside a vitest worker
  }
}
