/**
 * The Chromium channel of the Puppeteer driver (CDP). Every page target the attachment serves gets, on a CDP
 * session of its own: the page script (`Page.addScriptToEvaluateOnNewDocument`), a binding
 * (`Runtime.addBinding`, captured and deleted by the page script before any page script runs) and auto-attach to
 * its out-of-process iframes, which get the same recursively. New targets wait for the debugger
 * (`waitForDebuggerOnStart`) until that is in place, so no document of a served page runs unserved.
 * `Runtime.bindingCalled` names the execution context, whose origin `Runtime.executionContextCreated` told us:
 * the caller's origin is the browser's (contextCallerFacts), never the page's word. Answers go back by
 * `Runtime.callFunctionOn` in that context (replyChannel.ts).
 * @module
 */
import type { Protocol } from 'devtools-protocol';
import type { Browser, BrowserContext, CDPSession, Page } from 'puppeteer-core';
import { answerChannelRequest, channelRequest, contextCallerFacts, deliverAnswer, receiverFunction, type ShimSession } from '@vfido/bridge/driver';
import type { ChannelNames } from './channelNames.js';

interface ContextInfo {
  origin: string;
  frameId: string;
}

/** One attachment's CDP sessions; answers with the shim session. */
export class CdpChannel {
  readonly #session: ShimSession;
  readonly #names: ChannelNames;
  readonly #key: string;
  readonly #script: string;
  readonly #receiver: string;
  /** Per-frame request scopes (frame ids are unique across targets). */
  readonly #frames = new Map<string, object>();
  readonly #served: { cdp: CDPSession; scriptId?: string }[] = [];
  #root: CDPSession | undefined;

  /**
   * @param names - binding and receiver names (also in the page script)
   * @param script - the page script source
   */
  constructor(session: ShimSession, names: ChannelNames, key: string, script: string) {
    this.#session = session;
    this.#names = names;
    this.#key = key;
    this.#script = script;
    this.#receiver = receiverFunction(names.receiver);
  }

  /**
   * Serve a page, or every page (present and future) of a browser or one browser context.
   * @param browser - the target's browser
   * @param scope - a Page, or which pages: every page (`browser`) or one context's
   */
  async attach(browser: Browser, scope: { page: Page } | { context: BrowserContext } | { browser: true }): Promise<void> {
    if ('page' in scope) {
      const cdp = await scope.page.createCDPSession();
      await this.#serve(cdp, cdp, false);
      return;
    }
    // Puppeteer's default context has no id; its targets carry the browser's default browserContextId.
    const wanted = (contextId: string | undefined): boolean => {
      if ('browser' in scope) return true;
      const id = scope.context.id;
      if (id !== undefined) return contextId === id;
      return contextId === undefined || !browser.browserContexts().some((c) => c.id === contextId);
    };
    const root = await browser.target().createCDPSession();
    this.#root = root;
    root.on('Target.attachedToTarget', (e: Protocol.Target.AttachedToTargetEvent) => {
      const child = root.connection()?.session(e.sessionId);
      if (!child) return;
      if (e.targetInfo.type === 'page' && wanted(e.targetInfo.browserContextId)) void this.#serve(child, child, e.waitingForDebugger).catch(() => undefined);
      else void release(root, child, e);
      // A closed context gets no more pages: stop pausing every new target of the browser for it.
      if ('context' in scope && scope.context.closed) void root.detach().catch(() => undefined);
    });
    await root.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  }

  /** Put the channel and the page script into one target (a page or an out-of-process iframe). */
  async #serve(cdp: CDPSession, page: object, waiting: boolean): Promise<void> {
    const contexts = new Map<number, ContextInfo>();
    cdp.on('Runtime.executionContextCreated', (e: Protocol.Runtime.ExecutionContextCreatedEvent) => {
      const aux = e.context.auxData as { frameId?: string } | undefined;
      contexts.set(e.context.id, { origin: e.context.origin, frameId: aux?.frameId ?? '' });
    });
    cdp.on('Runtime.executionContextDestroyed', (e: Protocol.Runtime.ExecutionContextDestroyedEvent) => contexts.delete(e.executionContextId));
    cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
    cdp.on('Runtime.bindingCalled', (e: Protocol.Runtime.BindingCalledEvent) => {
      if (e.name === this.#names.binding) void this.#onCall(cdp, page, contexts.get(e.executionContextId), e.executionContextId, e.payload);
    });
    cdp.on('Target.attachedToTarget', (e: Protocol.Target.AttachedToTargetEvent) => {
      const child = cdp.connection()?.session(e.sessionId);
      if (!child) return;
      if (e.targetInfo.type === 'iframe') void this.#serve(child, page, e.waitingForDebugger).catch(() => undefined);
      else void release(cdp, child, e);
    });
    try {
      // One session processes commands in order: the target resumes with all of this in place.
      const [, , , added] = await Promise.all([
        cdp.send('Page.enable'), // addScriptToEvaluateOnNewDocument takes effect only with the Page domain on
        cdp.send('Runtime.enable'),
        cdp.send('Runtime.addBinding', { name: this.#names.binding }),
        cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: this.#script }),
        cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }),
      ]);
      this.#served.push({ cdp, scriptId: added.identifier });
    } finally {
      // Never leave a target paused for us, even when setting it up failed (e.g. it closed meanwhile).
      if (waiting) await cdp.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
    }
  }

  async #onCall(cdp: CDPSession, page: object, info: ContextInfo | undefined, contextId: number, payload: string): Promise<void> {
    const request = channelRequest(payload, this.#key);
    if (!request) return; // not this attachment's page script: no reply slot to answer
    const frameKey = info?.frameId || `context ${contextId}`;
    let frame = this.#frames.get(frameKey);
    if (!frame) this.#frames.set(frameKey, (frame = {}));
    const answer = await answerChannelRequest(this.#session, request, (realm, op) => contextCallerFacts(info?.origin, realm, op), { frame, page });
    // A failure means the document is gone: nobody to answer.
    await deliverAnswer(() => cdp.send('Runtime.callFunctionOn', { functionDeclaration: this.#receiver, executionContextId: contextId, arguments: [{ value: request.reply }, { value: answer }] }));
  }

  /** Stop serving new documents and pages; documents already loaded keep getting answers ("passthrough"). */
  async detach(): Promise<void> {
    await this.#root?.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false }).catch(() => undefined);
    await Promise.all(
      this.#served.map(async ({ cdp, scriptId }) => {
        await cdp.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false }).catch(() => undefined);
        if (scriptId) await cdp.send('Page.removeScriptToEvaluateOnNewDocument', { identifier: scriptId }).catch(() => undefined);
      }),
    );
  }
}

/** A target this attachment does not serve: let it run and leave it. */
async function release(parent: CDPSession, child: CDPSession, e: Protocol.Target.AttachedToTargetEvent): Promise<void> {
  if (e.waitingForDebugger) await child.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
  await parent.send('Target.detachFromTarget', { sessionId: e.sessionId }).catch(() => undefined);
}
