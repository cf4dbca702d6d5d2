/**
 * The Chromium channel of the shim's Playwright driver: a CDP `Runtime.addBinding` per page (the page
 * script captures it and deletes the global before any page script runs). `Runtime.bindingCalled` names
 * the execution context, and `Runtime.executionContextCreated` told us that context's origin: the
 * caller's origin is the browser's, not the page's word. Answers go back by `Runtime.callFunctionOn` in
 * that context. Frames this session does not see (out-of-process iframes) and documents that loaded
 * before the binding was added use the Playwright binding instead.
 * @module
 */
import type { BrowserContext, Page } from 'playwright-core';
import { cdpLink, type CdpLink } from './cdpLink.js';
import { answerChannelRequest, channelRequest, contextCallerFacts, receiverFunction, type ShimSession } from '@vfido/bridge/driver';

interface ContextInfo {
  origin: string;
  frameId: string;
}

/** Names the page script uses for this channel. */
export interface CdpNames {
  binding: string;
  receiver: string;
}

/** One CDP session per page; answers with the shim session. */
export class CdpChannel {
  readonly #session: ShimSession;
  readonly #names: CdpNames;
  readonly #key: string;
  readonly #pages = new WeakSet<Page>();
  readonly #cdp: CdpLink[] = [];
  /** The answer's delivery, built once: V8 compiles one source text once per context and reuses it. */
  readonly #deliver: string;
  #stop: (() => void) | undefined;

  /** @param names - binding and receiver names (also given to the page script) */
  constructor(session: ShimSession, names: CdpNames, key: string) {
    this.#session = session;
    this.#names = names;
    this.#key = key;
    this.#deliver = receiverFunction(names.receiver);
  }

  /** Serve every page of a context (present and future), or one page. */
  async attach(target: BrowserContext | Page, isPage: boolean): Promise<void> {
    if (isPage) return this.#watch(target as Page);
    const context = target as BrowserContext;
    const onPage = (page: Page): void => void this.#watch(page).catch(() => undefined);
    context.on('page', onPage);
    this.#stop = () => context.off('page', onPage);
    await Promise.all(context.pages().map((p) => this.#watch(p).catch(() => undefined)));
  }

  async #watch(page: Page): Promise<void> {
    if (this.#pages.has(page)) return;
    this.#pages.add(page);
    // The link talks to Playwright's server half when it runs in this process (cdpLink.ts): events and
    // commands of this session all go through it, so their order is the browser's.
    const cdp = cdpLink(await page.context().newCDPSession(page));
    this.#cdp.push(cdp);
    const contexts = new Map<number, ContextInfo>();
    const frames = new Map<string, object>();
    cdp.on('Runtime.executionContextCreated', (e) => {
      const context = e.context as { id: number; origin: string; auxData?: { frameId?: string } };
      contexts.set(context.id, { origin: context.origin, frameId: context.auxData?.frameId ?? '' });
    });
    // A destroyed context is a document gone (navigation, frame removed): its pending requests end at once.
    const realms = new Map<number, string>();
    const gone = (id: number): void => {
      const realm = realms.get(id);
      if (realm !== undefined) this.#session.realmGone(realm);
      realms.delete(id);
    };
    cdp.on('Runtime.executionContextDestroyed', (e) => {
      const id = e.executionContextId as number;
      contexts.delete(id);
      gone(id);
    });
    cdp.on('Runtime.executionContextsCleared', () => {
      contexts.clear();
      for (const id of [...realms.keys()]) gone(id);
    });
    cdp.on('Runtime.bindingCalled', (e) => {
      if (e.name !== this.#names.binding) return;
      const contextId = e.executionContextId as number;
      void this.#onCall(cdp, page, contexts.get(contextId), frames, contextId, e.payload, realms);
    });
    await cdp.send('Runtime.enable');
    await cdp.send('Runtime.addBinding', { name: this.#names.binding });
    // Documents whose page script ran before the binding existed did not capture it: take it out of their
    // reach (they use the Playwright binding). Where the page script captured it, it is already gone.
    const drop = `delete globalThis[${JSON.stringify(this.#names.binding)}]`;
    await Promise.all([...contexts.keys()].map((contextId) => cdp.send('Runtime.evaluate', { expression: drop, contextId }).catch(() => undefined)));
  }

  async #onCall(cdp: CdpLink, page: Page, info: ContextInfo | undefined, frames: Map<string, object>, contextId: number, payload: unknown, realms: Map<number, string>): Promise<void> {
    const request = channelRequest(payload, this.#key);
    if (!request) return; // not this attachment's, or no reply slot: nothing to answer
    const frameKey = info?.frameId ?? `context ${contextId}`;
    let frame = frames.get(frameKey);
    if (!frame) frames.set(frameKey, (frame = {}));
    // The realm id is the page's word, kept per context only to end that context's requests when it goes.
    if (request.realm?.id !== undefined) realms.set(contextId, request.realm.id);
    const answer = await answerChannelRequest(this.#session, request, (realm, op) => contextCallerFacts(info?.origin, realm, op), { frame, page });
    // A failure means the document is gone: nobody to answer.
    await cdp.sendIgnoringFailure('Runtime.callFunctionOn', { functionDeclaration: this.#deliver, executionContextId: contextId, arguments: [{ value: request.reply }, { value: answer }] });
  }

  /** Stop adding the binding to new documents (documents already loaded keep getting answers: passthrough). */
  async detach(): Promise<void> {
    this.#stop?.();
    await Promise.all(this.#cdp.map((c) => c.send('Runtime.removeBinding', { name: this.#names.binding }).catch(() => undefined)));
  }
}
