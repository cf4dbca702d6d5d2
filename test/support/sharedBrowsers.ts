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
 * Firefox is not shared: its WebDriver BiDi remote agent serves one session at a time.
 */
export type BrowserKind = 'playwright-chromium' | 'cdp-chromium';

/** The flags every test Chromium runs with (headless, no sandbox/GPU, no background traffic). */
export const CHROMIUM_ARGS: string[] = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * The endpoint of this run's shared browser of `kind`, or `undefined` when there is no broker (then launch your own).
 * @throws Error with the broker's message when the shared browser could not be launched (e.g. no Chromium: the
 *   message names the command to run)
 */
export async function sharedBrowserEndpoint(kind: BrowserKind): Promise<string | undefined> {
  let broker: string | undefined;
  try {
    broker = inject('vfidoBrowserBroker');
  } catch {
    return undefined; // not inside a vitest worker
  }
  if (!broker) return undefined;
  const res = await fetch(`${broker}/${encodeURIComponent(kind)}`);
  const body = await res.text();
  if (!res.ok) throw new Error(`the shared ${kind} browser could not be launched: ${body}`);
  return body;
}
