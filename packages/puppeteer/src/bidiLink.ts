/**
 * The WebDriver BiDi connection under a Puppeteer browser launched with `protocol: 'webDriverBiDi'` (Firefox).
 * Puppeteer keeps it internal (`Browser.connection`, which its own `exposeFunction` uses); this module reaches it
 * in one place and checks its shape, so a Puppeteer release that moves it fails with a clear error instead of
 * misbehaving. Puppeteer subscribes the session to the `script` and `browsingContext` modules, so their events
 * (`script.message`, ...) arrive on it.
 * @module
 */
import type { Browser } from 'puppeteer-core';
import { BridgeError } from '@vfido/bridge';

/** The part of Puppeteer's BiDi connection the driver uses (WebDriver BiDi commands and events by method name). */
export interface BidiLink {
  /** Send a command; resolves with the response (`result` holds the command's result). */
  send(method: string, params: object): Promise<{ result: unknown }>;
  /** Listen to an event by its BiDi method name. */
  on(event: string, handler: (params: never) => void): unknown;
  /** Stop listening. */
  off(event: string, handler: (params: never) => void): unknown;
}

/**
 * The BiDi connection of a Puppeteer browser.
 * @throws BridgeError `ERR_TARGET_INVALID` when this Puppeteer does not expose it where expected
 */
export function bidiLink(browser: Browser): BidiLink {
  const connection = (browser as unknown as { connection?: Partial<BidiLink> }).connection;
  if (!connection || typeof connection.send !== 'function' || typeof connection.on !== 'function' || typeof connection.off !== 'function') {
    throw new BridgeError('ERR_TARGET_INVALID', 'this puppeteer-core does not expose its WebDriver BiDi connection (Browser.connection); use a puppeteer-core this driver was tested with (24.43)');
  }
  return connection as BidiLink;
}

/** A BiDi command's result, typed by the caller (the protocol's own shape). */
export async function bidiCommand<T>(link: BidiLink, method: string, params: object): Promise<T> {
  return (await link.send(method, params)).result as T;
}
