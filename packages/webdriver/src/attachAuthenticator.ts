/**
 * Entry point: put a vfido virtual authenticator into a WebDriver BiDi session (W3C WebDriver BiDi), from a
 * selenium-webdriver `WebDriver` with BiDi enabled, a session's `webSocketUrl`, or any {@link BidiTransport}.
 * @module
 */
import { VirtualAuthenticator, type CredentialStore, type Preset } from '@vfido/core';
import { BridgeError, VfidoHandle, type AssertedEvent, type RegisteredEvent } from '@vfido/bridge';
import { BidiBackend, type BidiScope } from './bidiBackend.js';
import { isBidiTransport, type BidiTransport } from './bidiTransport.js';
import { connectBidi } from './connectBidi.js';
import { detectEngine, dialectOf, type BrowserEngine } from './browserEngine.js';
import { isWebdriverioBrowser, webdriverioTransport, type WebdriverioBrowserLike } from './webdriverioTransport.js';

/** Options for {@link attachAuthenticator}. */
export interface AttachOptions extends BidiScope {
  /** Preset id (e.g. `yubikey-5-nfc`) or a preset object. Default `generic`. */
  preset?: string | Preset;
  /** Reproducible credential ids, keys and attestation certificates. */
  seed?: string;
  /** Where credentials live (e.g. a `FileCredentialStore`). Default: in memory. */
  store?: CredentialStore;
  /**
   * Conditional mediation (passkey autofill): `manual` (default) waits for {@link VfidoHandle.completeConditional};
   * `immediate` answers at once as if the user picked the first passkey.
   */
  conditional?: 'manual' | 'immediate';
  /**
   * The browser the session drives, for refusals that differ between browsers (an opaque origin: Firefox
   * SecurityError, Chromium NotAllowedError). Default: read from the session (a top-level context's user agent in
   * a sandbox realm).
   */
  browser?: BrowserEngine;
}

/** A selenium-webdriver `WebDriver` (only what is read: its capabilities). */
export interface SeleniumDriverLike {
  getCapabilities(): Promise<{ get(name: string): unknown }>;
}

/** What {@link attachAuthenticator} attaches to. */
export type BidiTarget = BidiTransport | SeleniumDriverLike | WebdriverioBrowserLike | string;

const isSelenium = (v: unknown): v is SeleniumDriverLike => typeof (v as SeleniumDriverLike | null)?.getCapabilities === 'function';

async function transportOf(target: BidiTarget): Promise<{ transport: BidiTransport; owned: boolean }> {
  if (typeof target === 'string') {
    if (!/^wss?:\/\//.test(target)) throw new BridgeError('ERR_TARGET_INVALID', `attachAuthenticator needs a ws:// or wss:// WebDriver BiDi URL, got '${target.slice(0, 100)}'`);
    return { transport: await connectBidi(target), owned: true };
  }
  // Before isBidiTransport: a WebdriverIO browser also has a `send` (of another shape).
  if (isWebdriverioBrowser(target)) return { transport: webdriverioTransport(target), owned: false };
  if (isBidiTransport(target)) return { transport: target, owned: false };
  if (isSelenium(target)) {
    const url = (await target.getCapabilities()).get('webSocketUrl');
    if (typeof url !== 'string') {
      throw new BridgeError('ERR_TARGET_INVALID', "this WebDriver session has no BiDi WebSocket: create it with the 'webSocketUrl: true' capability (selenium-webdriver: options.enableBidi())");
    }
    return { transport: await connectBidi(url), owned: true };
  }
  throw new BridgeError('ERR_TARGET_INVALID', 'attachAuthenticator needs a selenium-webdriver WebDriver with BiDi enabled, a WebdriverIO browser in a BiDi session, a WebDriver BiDi ws:// URL, or a BidiTransport');
}

/**
 * Attach a vfido authenticator to a WebDriver BiDi session: every document loaded afterwards in the scope (all
 * browsing contexts, or `contexts` / `userContexts`) gets vfido's WebAuthn. Attach before the page first touches
 * `navigator.credentials`.
 * @param target - a selenium-webdriver `WebDriver` built with `enableBidi()`, a WebdriverIO `browser` in a BiDi
 *   session (its own connection is used), a session's `webSocketUrl` (vfido opens its own WebSocket to it), or a
 *   {@link BidiTransport} (e.g. {@link connectBidi}'s)
 * @param options - preset, seed, store, scope
 * @example
 * const driver = await new Builder().forBrowser('chrome').setChromeOptions(new chrome.Options().enableBidi()).build();
 * const vfido = await attachAuthenticator(driver, { preset: 'yubikey-5-nfc' });
 * @throws BridgeError `ERR_TARGET_INVALID`; BidiError `ERR_BIDI_CONNECTION`, `ERR_BIDI_COMMAND`; PresetError `ERR_UNKNOWN_PRESET`
 */
export async function attachAuthenticator(target: BidiTarget, options: AttachOptions = {}): Promise<VfidoHandle> {
  const authenticator = new VirtualAuthenticator({
    ...(options.preset !== undefined && { preset: options.preset }),
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.store !== undefined && { store: options.store }),
  });
  const { transport, owned } = await transportOf(target);
  let handle: VfidoHandle | undefined;
  const events = {
    registered: (e: RegisteredEvent) => handle?.emit('registered', e),
    asserted: (e: AssertedEvent) => handle?.emit('asserted', e),
  };
  try {
    const engine = options.browser ?? (await detectEngine(transport));
    const backend = await BidiBackend.attach(transport, authenticator, events, {
      owned,
      dialect: dialectOf(engine),
      ...(options.conditional && { conditional: options.conditional }),
      ...(options.contexts && { contexts: options.contexts }),
      ...(options.userContexts && { userContexts: options.userContexts }),
    });
    handle = new VfidoHandle(authenticator, backend);
    return handle;
  } catch (error) {
    if (owned) await transport.close?.();
    throw error;
  }
}
