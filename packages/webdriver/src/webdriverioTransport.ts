/**
 * A {@link BidiTransport} over a WebdriverIO (v9) browser object in a BiDi session: WebdriverIO exposes every BiDi
 * command as a method named after it (`script.addPreloadScript` -> `browser.scriptAddPreloadScript(params)`) and
 * emits BiDi events on the browser by method name (`browser.on('script.message', ...)`).
 * @module
 */
import { BidiError } from './bidiError.js';
import type { BidiTransport } from './bidiTransport.js';

/** The part of a WebdriverIO `browser` the adapter uses. */
export interface WebdriverioBrowserLike {
  sessionSubscribe(params: never): Promise<unknown>;
  // Listener parameters typed `unknown`: WebdriverIO types each event's parameters by event name.
  on(event: string, listener: (params: unknown) => void): unknown;
  off(event: string, listener: (params: unknown) => void): unknown;
}

/** Whether a value looks like a WebdriverIO browser in a BiDi session. */
export function isWebdriverioBrowser(value: unknown): value is WebdriverioBrowserLike {
  const v = value as Partial<WebdriverioBrowserLike> | null;
  return typeof v === 'object' && v !== null && typeof v.sessionSubscribe === 'function' && typeof v.on === 'function' && typeof v.off === 'function';
}

/** `script.addPreloadScript` -> `scriptAddPreloadScript` (WebdriverIO's command names for BiDi methods). */
const commandName = (method: string): string => method.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());

/**
 * Adapt a WebdriverIO browser (BiDi session, `webSocketUrl: true`, the v9 default) for {@link attachAuthenticator}.
 * @param browser - WebdriverIO's `browser`
 */
export function webdriverioTransport(browser: WebdriverioBrowserLike): BidiTransport {
  const commands = browser as unknown as Record<string, unknown>;
  return {
    async send(method, params) {
      const command = commands[commandName(method)];
      if (typeof command !== 'function') throw new BidiError('ERR_BIDI_COMMAND', `${method}: this WebdriverIO version has no command ${commandName(method)} (is the session a BiDi session?)`);
      try {
        return ((await (command as (p: unknown) => Promise<unknown>).call(browser, params)) ?? {}) as Record<string, unknown>;
      } catch (error) {
        throw new BidiError('ERR_BIDI_COMMAND', `${method}: ${(error as Error).message}`, { cause: error });
      }
    },
    // The same function object goes to on and off (WebdriverIO removes listeners by identity).
    on: (method, listener) => void browser.on(method, listener as (params: unknown) => void),
    off: (method, listener) => void browser.off(method, listener as (params: unknown) => void),
  };
}
