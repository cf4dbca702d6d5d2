/**
 * The `shim` backend over WebDriver BiDi: the page script goes into every document as a preload script
 * (`script.addPreloadScript`) whose argument is a channel (`script.ChannelValue`): a function only that script
 * holds, never a page global. Each call arrives as `script.message`, which names the calling realm; the realm's
 * origin is the browser's (`script.realmCreated`). The answer goes back by `script.callFunction` in that realm
 * (W3C WebDriver BiDi 7.6 "The script Module"; WebAuthn L3 5.1.3 / 5.1.4 client steps in the driver-neutral
 * {@link ShimSession}).
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { VirtualAuthenticator } from '@vfido/core';
import { answerChannelRequest, channelRequest, receiverFunction, SessionBackend, type BrowserDialect, type ChannelRequest, preloadFunction, presetPageFacts, ShimSession, type SessionEvents } from '@vfido/bridge/driver';
import { bidiCallerFacts } from './bidiCallerFacts.js';
import type { BidiEventParams, BidiTransport } from './bidiTransport.js';
import { FrameTree } from './frameTree.js';

/** Where the authenticator applies: every browsing context of the session (default), or some. */
export interface BidiScope {
  /** Top-level browsing contexts (tabs) to serve. */
  contexts?: string[];
  /** User contexts (browser profiles / containers) to serve, e.g. from `browser.createUserContext`. */
  userContexts?: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** One attachment to a BiDi session: the preload script, the channel and the session's ceremonies. */
export class BidiBackend extends SessionBackend {
  readonly #transport: BidiTransport;
  readonly #tree: FrameTree;
  readonly #key = randomBytes(16).toString('base64url');
  readonly #channel = `vfido-${randomBytes(8).toString('hex')}`;
  readonly #receiver = `__vfido_reply_${randomBytes(6).toString('hex')}`;
  /** Stable objects per browsing context (the session's per-frame and per-page limits key on them). */
  readonly #frames = new Map<string, object>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #owned: boolean;
  #script: string | undefined;
  #subscription: string | undefined;
  #detached = false;

  private constructor(transport: BidiTransport, authenticator: VirtualAuthenticator, events: SessionEvents, conditional: 'manual' | 'immediate', owned: boolean, dialect: BrowserDialect | undefined) {
    super(new ShimSession(authenticator, events, conditional, dialect));
    this.#transport = transport;
    this.#tree = new FrameTree(transport);
    this.#owned = owned;
  }

  /**
   * Subscribe to the events, add the preload script (documents loaded from now on in the scope are served).
   * @param owned - whether vfido opened the connection (it is closed at detach)
   * @throws BidiError `ERR_BIDI_COMMAND` when the browser refuses a command
   */
  static async attach(transport: BidiTransport, authenticator: VirtualAuthenticator, events: SessionEvents, options: BidiScope & { conditional?: 'manual' | 'immediate'; owned?: boolean; dialect?: BrowserDialect } = {}): Promise<BidiBackend> {
    const backend = new BidiBackend(transport, authenticator, events, options.conditional ?? 'manual', options.owned ?? false, options.dialect);
    await backend.#install(authenticator, options);
    return backend;
  }

  readonly #listeners = new Map<string, (p: BidiEventParams) => void>();

  async #install(authenticator: VirtualAuthenticator, scope: BidiScope): Promise<void> {
    const where = {
      ...(scope.contexts && { contexts: scope.contexts }),
      ...(scope.userContexts && { userContexts: scope.userContexts }),
    };
    for (const method of FrameTree.EVENTS) this.#listeners.set(method, (p) => this.#tree.onEvent(method, p));
    this.#listeners.set('script.message', (p) => this.#onMessage(p));
    for (const [method, listener] of this.#listeners) this.#transport.on(method, listener);
    // Two subscriptions: the frame events end at detach, the channel stays (see detach).
    await this.#transport.send('session.subscribe', { events: ['script.message'], ...where });
    const subscribed = await this.#transport.send('session.subscribe', { events: [...FrameTree.EVENTS], ...where });
    this.#subscription = str(subscribed.subscription);
    const added = await this.#transport.send('script.addPreloadScript', {
      functionDeclaration: preloadFunction({
        binding: `__vfido_unused_${randomBytes(4).toString('hex')}`,
        key: this.#key,
        bidi: { receiver: this.#receiver },
        ...presetPageFacts(authenticator.preset),
      }),
      arguments: [{ type: 'channel', value: { channel: this.#channel, ownership: 'none' } }],
      ...where,
    });
    this.#script = str(added.script);
  }

  #onMessage(p: BidiEventParams): void {
    if (p.channel !== this.#channel) return;
    const data = p.data as { type?: unknown; value?: unknown } | undefined;
    const source = p.source as { realm?: unknown; context?: unknown } | undefined;
    const realm = str(source?.realm);
    const context = str(source?.context);
    if (data?.type !== 'string' || !realm || !context) return;
    // Only the page script holds the channel and the key; a ceremony needs its realm report. No reply slot: nothing to answer.
    const request = channelRequest(data.value, this.#key);
    if (!request) return;
    const done = this.#serve(request, { realm, context }).finally(() => this.#inFlight.delete(done));
    this.#inFlight.add(done);
  }

  async #serve(request: ChannelRequest, source: { realm: string; context: string }): Promise<void> {
    const frame = this.#frame(source.context);
    const page = this.#frame(request.op === 'abort' ? source.context : await this.#tree.top(source.context).catch(() => source.context));
    const answer = await answerChannelRequest(this.session, request, (realm, op) => bidiCallerFacts(this.#tree, source, realm, op), { frame, page });
    await this.#transport
      .send('script.callFunction', {
        functionDeclaration: receiverFunction(this.#receiver),
        awaitPromise: false,
        target: { realm: source.realm },
        arguments: [
          { type: 'number', value: request.reply },
          { type: 'string', value: answer },
        ],
        resultOwnership: 'none',
      })
      .catch(() => undefined); // the document is gone
  }

  #frame(context: string): object {
    let frame = this.#frames.get(context);
    if (!frame) this.#frames.set(context, (frame = {}));
    return frame;
  }

  /**
   * Remove the preload script and the frame events. Documents already loaded keep the page script: their calls get
   * "passthrough" (the browser's own WebAuthn) for as long as the connection lives; a connection vfido opened no
   * longer keeps the process alive.
   */
  protected async stop(): Promise<void> {
    if (this.#detached) return;
    this.#detached = true;
    await Promise.all([...this.#inFlight]);
    if (this.#script) await this.#transport.send('script.removePreloadScript', { script: this.#script }).catch(() => undefined);
    // The channel's subscription and listener stay: pages loaded before detach get "passthrough", not silence.
    if (this.#subscription) await this.#transport.send('session.unsubscribe', { subscriptions: [this.#subscription] }).catch(() => undefined);
    for (const [method, listener] of this.#listeners) if (method !== 'script.message') this.#transport.off(method, listener);
    if (this.#owned) this.#transport.unref?.();
  }
}
