/**
 * The running half of `vfido attach`: connect to an already-running Chromium over the Chrome DevTools
 * Protocol (playwright-core `chromium.connectOverCDP`), attach a vfido authenticator with the shim backend
 * (`attachAuthenticator` of @vfido/playwright, so the preset's AAGUID and attestation reach the RP) to the
 * browser's default context, which holds every page Playwright sees on that browser (pages of other browser
 * contexts are filed under it too), report each ceremony, and detach on SIGINT/SIGTERM or when the browser
 * goes away. Disconnecting never closes the user's browser. Loaded lazily by `commands/attach.ts` only.
 * @module
 */
import { chromium, type Browser } from 'playwright-core';
import { attachAuthenticator, type AssertedEvent, type RegisteredEvent, type VfidoHandle } from '@vfido/playwright';
import type { CredentialStore } from '@vfido/core';
import type { CliContext } from './context.js';
import { CliError, usage } from './errors.js';

/** What `vfido attach` was asked to do. */
export interface SidecarOptions {
  /** The browser target's WebSocket URL (from `/json/version`, or given as `--cdp ws://...`). */
  wsUrl: string;
  preset: string;
  seed?: string;
  /** The `--store` file, opened (and read) by the command before anything connects. */
  store?: CredentialStore;
  userVerified: boolean;
  userPresent: boolean;
  json: boolean;
  timeoutMs: number;
}

/** Why the sidecar stopped. */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'browser-disconnected';

/** Connect to the browser target at `wsUrl`, with typed errors for what is not one. */
async function connect(wsUrl: string, timeoutMs: number): Promise<Browser> {
  try {
    return await chromium.connectOverCDP(wsUrl, { timeout: timeoutMs });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|Timeout/i.test(message)) {
      throw usage('ERR_CDP_UNREACHABLE', `cannot connect to ${wsUrl}: ${message}`, 'check that the browser is still running and the URL is its current webSocketDebuggerUrl (GET http://host:port/json/version)');
    }
    throw usage('ERR_CDP_NOT_CHROMIUM', `${wsUrl} is not a Chromium browser target: ${message}`, "pass the port, or the browser's ws://.../devtools/browser/<id> URL (not a page's)");
  }
}

/**
 * Attach and serve until a signal or the browser's end.
 * @returns the reason it stopped (the command exits 0 for each)
 * @throws CliError `ERR_CDP_UNREACHABLE`, `ERR_CDP_NOT_CHROMIUM` (the URL answers, but not as a Chromium browser target)
 */
export async function runSidecar(ctx: CliContext, options: SidecarOptions): Promise<StopReason> {
  // Signals are ours from here on: one arriving while connecting stops the sidecar as soon as it is attached.
  let signalled: StopReason | undefined;
  let stopped: (reason: StopReason) => void = (reason) => void (signalled ??= reason);
  const onInt = () => stopped('SIGINT');
  const onTerm = () => stopped('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  let browser: Browser | undefined;
  let handle: VfidoHandle | undefined;
  try {
    browser = await connect(options.wsUrl, options.timeoutMs);
    const stop = new Promise<StopReason>((resolve) => {
      stopped = resolve;
      if (signalled) resolve(signalled);
    });
    browser.on('disconnected', () => stopped('browser-disconnected'));
    const context = browser.contexts()[0];
    if (!context) throw new CliError('ERR_CDP_NOT_CHROMIUM', 'the browser has no default context to attach to', { hint: 'connect to a normal Chromium (not a page or worker target)' });
    handle = await attachAuthenticator(context, {
      preset: options.preset,
      backend: 'shim',
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.store !== undefined && { store: options.store }),
    });
    if (!options.userVerified) await handle.setUserVerified(false);
    if (!options.userPresent) await handle.setUserPresent(false);
    const line = (event: Record<string, unknown>, text: string) => ctx.output.out(options.json ? `${JSON.stringify(event)}\n` : `${text}\n`);
    handle.on('registered', (e: RegisteredEvent) =>
      line({ event: 'registered', credentialId: e.credentialId, rpId: e.rpId, origin: e.origin }, `registered ${e.credentialId} rp ${e.rpId} origin ${e.origin ?? '?'}`),
    );
    handle.on('asserted', (e: AssertedEvent) =>
      line({ event: 'asserted', credentialId: e.credentialId, rpId: e.rpId, origin: e.origin, signCount: e.signCount }, `signed in ${e.credentialId} rp ${e.rpId} origin ${e.origin ?? '?'} signCount ${e.signCount}`),
    );
    const { preset } = handle;
    const pages = context.pages().length;
    line(
      { event: 'ready', preset: preset.id, aaguid: preset.aaguid, browser: browser.version(), pages },
      `vfido: ${preset.id} (${preset.aaguid}) attached to Chromium ${browser.version()}; pages loaded from now on use it (${pages} open: reload them); Ctrl-C detaches`,
    );
    const reason = await stop;
    line({ event: 'stopped', reason }, `vfido: stopped (${reason})`);
    return reason;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    if (browser?.isConnected()) {
      await handle?.detach().catch(() => undefined);
      await browser.close().catch(() => undefined); // over CDP: disconnects, the browser keeps running
    }
  }
}
