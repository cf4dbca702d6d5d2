/**
 * The `shim` backend, Puppeteer driver: the page script replaces the page's WebAuthn entry points and a
 * protocol-level channel carries each ceremony to the driver-neutral {@link ShimSession} in Node (WebAuthn L3
 * 5.1.3 / 5.1.4 client steps), with the caller's facts taken from the protocol: CDP in Chromium (cdpChannel.ts),
 * WebDriver BiDi in Firefox (bidiChannel.ts).
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import type { VirtualAuthenticator } from '@vfido/core';
import { CHROMIUM_DIALECT, FIREFOX_DIALECT, pageScript, presetPageFacts, SessionBackend, ShimSession, type SessionEvents } from '@vfido/bridge/driver';
import { BidiChannel, type BidiScope } from './bidiChannel.js';
import { bidiLink } from './bidiLink.js';
import { CdpChannel } from './cdpChannel.js';
import { channelNames } from './channelNames.js';

/** What the attachment serves. */
export type ShimScope = { page: Page } | { context: BrowserContext } | { browser: true };

/** The protocol Puppeteer speaks to the browser (`cdp`, or `webDriverBiDi` for Firefox). */
export function protocolOf(browser: Browser): 'cdp' | 'webDriverBiDi' {
  return (browser as unknown as { protocol?: string }).protocol === 'webDriverBiDi' ? 'webDriverBiDi' : 'cdp';
}

/** The BiDi id of a Puppeteer page's top-level browsing context (Puppeteer's frame id is the context id). */
function topContextId(page: Page): string {
  const id = (page.mainFrame() as unknown as { _id?: unknown })._id;
  if (typeof id !== 'string') throw new Error('vfido: cannot read the page\'s browsing context id from this puppeteer-core');
  return id;
}

/** The shim backend for one browser, context or page. */
export class ShimBackend extends SessionBackend {
  readonly #channel: CdpChannel | BidiChannel;

  private constructor(session: ShimSession, channel: CdpChannel | BidiChannel) {
    super(session);
    this.#channel = channel;
  }

  /**
   * Install the channel and page script (documents loaded afterwards are served).
   * @param browser - the target's browser
   * @param scope - which pages
   */
  static async attach(browser: Browser, scope: ShimScope, authenticator: VirtualAuthenticator, events: SessionEvents, conditional: 'manual' | 'immediate' = 'manual'): Promise<ShimBackend> {
    // Refusals as the browser's own WebAuthn answers them (Firefox: an opaque origin is SecurityError).
    const firefox = (await browser.version()).toLowerCase().startsWith('firefox');
    const session = new ShimSession(authenticator, events, conditional, firefox ? FIREFOX_DIALECT : CHROMIUM_DIALECT);
    const key = randomBytes(16).toString('base64url');
    const names = channelNames();
    // `binding` (a Playwright binding) is never defined here: the page script uses the protocol channel (`cdp`).
    const script = pageScript({ binding: `__vfido_none_${randomBytes(6).toString('hex')}`, key, cdp: names, ...presetPageFacts(authenticator.preset) });
    if (protocolOf(browser) === 'cdp') {
      const channel = new CdpChannel(session, names, key, script);
      await channel.attach(browser, scope);
      return new ShimBackend(session, channel);
    }
    const channel = new BidiChannel(bidiLink(browser), session, names, key);
    let bidiScope: BidiScope = {};
    if ('page' in scope) bidiScope = { contexts: [topContextId(scope.page)] };
    else if ('context' in scope) bidiScope = { userContexts: [scope.context.id ?? 'default'] };
    await channel.attach(names, script, bidiScope);
    return new ShimBackend(session, channel);
  }

  /** Stop serving new documents; documents already loaded fall back to the browser's own WebAuthn. */
  protected async stop(): Promise<void> {
    await this.#channel.detach();
  }
}
