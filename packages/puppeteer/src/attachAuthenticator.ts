/**
 * Entry point: put a vfido virtual authenticator into a Puppeteer browser, browser context or page (Chromium over
 * CDP, Firefox over WebDriver BiDi). vfido answers every ceremony (the `shim` backend of `@vfido/bridge`).
 * @module
 */
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { VirtualAuthenticator } from '@vfido/core';
import { BridgeError, VfidoHandle, type AssertedEvent, type RegisteredEvent } from '@vfido/bridge';
import { ShimBackend, type ShimScope } from './shimBackend.js';
import type { AttachOptions, AttachTarget } from './types.js';

const has = (target: object, method: string): boolean => typeof (target as Record<string, unknown>)[method] === 'function';

/** The browser and the pages a target stands for, or undefined when it is not a Puppeteer Browser/BrowserContext/Page. */
function resolve(target: unknown): { browser: Browser; scope: ShimScope } | undefined {
  if (typeof target !== 'object' || target === null) return undefined;
  if (has(target, 'browserContexts') && has(target, 'target')) return { browser: target as Browser, scope: { browser: true } };
  if (has(target, 'mainFrame') && has(target, 'browser')) return { browser: (target as Page).browser(), scope: { page: target as Page } };
  if (has(target, 'newPage') && has(target, 'browser')) return { browser: (target as BrowserContext).browser(), scope: { context: target as BrowserContext } };
  return undefined;
}

/**
 * Attach a vfido authenticator. Attach before the page first loads (documents already loaded are not changed).
 * @param target - a Browser (every page, present and future), a BrowserContext (its pages) or one Page
 * @param options - preset, seed, store, conditional mediation
 * @example
 * const vfido = await attachAuthenticator(page, { preset: 'yubikey-5-nfc' });
 * vfido.on('registered', (e) => console.log(e.credentialId));
 * @throws BridgeError `ERR_TARGET_INVALID` (not a Puppeteer Browser, BrowserContext or Page; a Puppeteer without
 *   the expected BiDi connection); PresetError `ERR_UNKNOWN_PRESET`
 */
export async function attachAuthenticator(target: AttachTarget, options: AttachOptions = {}): Promise<VfidoHandle> {
  const resolved = resolve(target);
  if (!resolved) throw new BridgeError('ERR_TARGET_INVALID', 'attachAuthenticator needs a Puppeteer Browser, BrowserContext or Page');
  const authenticator = new VirtualAuthenticator({
    ...(options.preset !== undefined && { preset: options.preset }),
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.store !== undefined && { store: options.store }),
  });
  let handle: VfidoHandle | undefined;
  const events = {
    registered: (e: RegisteredEvent) => handle?.emit('registered', e),
    asserted: (e: AssertedEvent) => handle?.emit('asserted', e),
  };
  const backend = await ShimBackend.attach(resolved.browser, resolved.scope, authenticator, events, options.conditional);
  handle = new VfidoHandle(authenticator, backend);
  return handle;
}
