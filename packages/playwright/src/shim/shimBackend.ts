/**
 * The `shim` backend, Playwright driver: an init script replaces the page's WebAuthn entry points, and a
 * Playwright binding (captured by the script and removed from the page's reach) carries each ceremony to the
 * driver-neutral {@link ShimSession} in Node (WebAuthn L3 5.1.3 / 5.1.4 client steps), with caller facts the
 * calling realm reported at install, cross-checked with Playwright's frame. Works in every browser Playwright drives.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { BrowserContext, Disposable, Frame, Page } from 'playwright-core';
import type { VirtualAuthenticator } from '@vfido/core';
import { callerFacts } from './callerContext.js';
import { CdpChannel, type CdpNames } from './cdpChannel.js';
import { CHROMIUM_DIALECT, FIREFOX_DIALECT, guardScript, pageScript, parseRequest, presetPageFacts, SessionBackend, ShimSession, type BrowserDialect, type PageAnswer, type SessionEvents } from '@vfido/bridge/driver';

/** Event sinks the handle gives the backend. */
export type ShimEvents = SessionEvents;

/** Playwright's binding source (`playwright-core/types/structs`, not re-exported by the package root). */
interface BindingSource {
  frame: Frame;
}

const MALFORMED: PageAnswer = { ok: false, name: 'TypeError', message: 'vfido: malformed request' };

/**
 * The shim backend for one context or page: the Playwright driver of a {@link ShimSession}. It installs
 * the binding and the page script, and supplies the caller's facts from the realm's install-time report
 * (read from the browser before any page script ran) cross-checked with Playwright's frame.
 */
export class ShimBackend extends SessionBackend {
  readonly #key = randomBytes(16).toString('base64url');
  readonly #disposables: (Disposable | undefined)[] = [];
  #cdp: CdpChannel | undefined;
  readonly #unwatch: (() => void)[] = [];

  private constructor(authenticator: VirtualAuthenticator, events: ShimEvents, conditional: 'manual' | 'immediate', dialect: BrowserDialect) {
    super(new ShimSession(authenticator, events, conditional, dialect));
  }

  /**
   * Install the binding and init script on a context or page (affects documents loaded afterwards).
   * @param target - a BrowserContext or a Page
   */
  static async attach(target: BrowserContext | Page, authenticator: VirtualAuthenticator, events: ShimEvents, conditional: 'manual' | 'immediate' = 'manual'): Promise<ShimBackend> {
    const isPage = typeof (target as Page).mainFrame === 'function';
    const browserName = (isPage ? (target as Page).context() : (target as BrowserContext)).browser()?.browserType().name();
    // Playwright's `moz-firefox` channel (the system Firefox) is browser type `firefox` too.
    const backend = new ShimBackend(authenticator, events, conditional, browserName === 'firefox' ? FIREFOX_DIALECT : CHROMIUM_DIALECT);
    const binding = `__vfido_${randomBytes(6).toString('hex')}`;
    let cdp: CdpNames | undefined;
    if (browserName === 'chromium') {
      cdp = { binding: `__vfido_cdp_${randomBytes(6).toString('hex')}`, receiver: `__vfido_reply_${randomBytes(6).toString('hex')}` };
      backend.#cdp = new CdpChannel(backend.session, cdp, backend.#key);
      await backend.#cdp.attach(target, isPage);
    }
    // The binding stays after detach (answering "passthrough") so pages already loaded fall back cleanly.
    // The page script captures it and deletes the global before any page script runs. Whatever arrives
    // here is untrusted: the handler never throws (a throw would surface in Playwright's dispatch).
    await target.exposeBinding(binding, async (source: BindingSource, raw: unknown) => {
      let answer: PageAnswer;
      try {
        answer = await backend.#answer(source, raw);
      } catch {
        answer = { ok: false, name: 'UnknownError', message: 'vfido: unexpected failure, see the test output' };
      }
      return typeof raw === 'string' ? JSON.stringify(answer) : answer;
    });
    backend.#disposables.push(
      await target.addInitScript({
        content: pageScript({
          binding,
          key: backend.#key,
          ...(cdp && { cdp }),
          ...presetPageFacts(authenticator.preset),
        }),
      }),
    );
    // Guards Playwright's raw binding in every document, also after detach and in insecure contexts
    // (where the page script stops early); added after the page script so that one wraps first.
    await target.addInitScript({ content: guardScript() });
    backend.#followDocuments(target, isPage);
    return backend;
  }

  /**
   * End the pending requests of documents that are gone, at once (Chromium cancels the authenticator
   * operation when the page leaves): frames detached, pages closed, and frames navigated to a new document
   * (Playwright's framenavigated also fires for same-document navigations, which keep their requests: the
   * session compares the documents' timeOrigin). The CDP channel follows its own execution contexts.
   */
  #followDocuments(target: BrowserContext | Page, isPage: boolean): void {
    // A stand-in without events (a wrapper that only serves the page script) leaves ending to the next request.
    if (typeof (target as Partial<Page>).on !== 'function') return;
    const session = this.session;
    const onNavigated = (frame: Frame): void => {
      if (!session.hasPending(frame)) return;
      frame.evaluate('performance.timeOrigin').then(
        (t) => session.frameNavigated(frame, typeof t === 'number' ? t : Number.NaN),
        () => session.frameGone(frame),
      );
    };
    const onDetached = (frame: Frame): void => session.frameGone(frame);
    const watch = (page: Page): void => {
      page.on('framenavigated', onNavigated);
      page.on('framedetached', onDetached);
      page.once('close', () => {
        for (const f of page.frames()) session.frameGone(f);
        session.frameGone(page.mainFrame());
      });
      this.#unwatch.push(() => {
        page.off('framenavigated', onNavigated);
        page.off('framedetached', onDetached);
      });
    };
    if (isPage) return watch(target as Page);
    const context = target as BrowserContext;
    context.pages().forEach(watch);
    context.on('page', watch);
    this.#unwatch.push(() => context.off('page', watch));
  }

  async #answer(source: BindingSource, raw: unknown): Promise<PageAnswer> {
    if (this.session.closed) return { passthrough: true };
    const request = parseRequest(raw);
    // Only the page script holds the key; its realm report is required for a ceremony.
    if (!request || request.key !== this.#key || (request.op !== 'abort' && !request.realm)) return MALFORMED;
    const frame = source.frame;
    const realm = request.realm;
    const op = request.op;
    return this.session.answer(request, async () => (realm && op !== 'abort' ? callerFacts(frame, realm, op === 'signal' ? 'get' : op) : { refused: 'no realm report' }), { frame, realm: realm?.id ?? '', page: frame.page() });
  }

  /** Remove the init script; documents already loaded fall back to the browser's own WebAuthn. */
  protected async stop(): Promise<void> {
    for (const stop of this.#unwatch.splice(0)) stop();
    await this.#cdp?.detach();
    // Older Playwright returns nothing from addInitScript: the script then stays, answering "passthrough".
    for (const d of this.#disposables.splice(0)) if (typeof d?.dispose === 'function') await d.dispose().catch(() => undefined);
  }
}
