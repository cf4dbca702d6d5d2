/**
 * The `shim` backend: an init script replaces the page's WebAuthn entry points and a Playwright binding
 * runs each ceremony on a vfido {@link WebAuthnClient} in Node (WebAuthn L3 5.1.3 / 5.1.4 client steps),
 * with the origin taken from the calling frame. Works in every browser Playwright drives.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { BrowserContext, Disposable, Frame, Page } from 'playwright-core';

/** Playwright's binding source (`playwright-core/types/structs`, not re-exported by the package root). */
interface BindingSource {
  frame: Frame;
}
import {
  WebAuthnClient,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type VirtualAuthenticator,
} from '@vfido/core';
import type { AssertedEvent, Backend, ConditionalChoice, RegisteredEvent } from '../types.js';
import { callerContext } from './callerContext.js';
import { pageScript } from './pageScript.js';
import { ConditionalQueue } from './conditionalQueue.js';
import { applySignal, parseSignal } from './signalCredentials.js';

/** What the page sends through the binding (untrusted: validated here). */
interface PageMessage {
  op: 'create' | 'get' | 'abort' | 'signal';
  id: string;
  options?: unknown;
  mediation?: string;
  /** For op 'signal': which Signal API method (see signalCredentials.ts). */
  signal?: string;
}

/** What the page gets back. */
type PageAnswer = { passthrough: true } | { ok: true; response: unknown } | { ok: false; name: string; message: string };

/** Event sinks the handle gives the backend. */
export interface ShimEvents {
  registered(event: RegisteredEvent): void;
  asserted(event: AssertedEvent): void;
}

function parseMessage(raw: unknown): PageMessage | undefined {
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  if ((m.op !== 'create' && m.op !== 'get' && m.op !== 'abort' && m.op !== 'signal') || typeof m.id !== 'string') return undefined;
  return { op: m.op, id: m.id, options: m.options, ...(typeof m.mediation === 'string' && { mediation: m.mediation }), ...(typeof m.signal === 'string' && { signal: m.signal }) };
}

function failure(error: unknown): PageAnswer {
  if (error instanceof WebAuthnError) return { ok: false, name: error.name, message: error.message };
  return { ok: false, name: 'UnknownError', message: 'vfido: unexpected failure, see the test output' };
}

/** The shim backend for one context or page. */
export class ShimBackend implements Backend {
  readonly name = 'shim' as const;
  readonly #authenticator: VirtualAuthenticator;
  readonly #events: ShimEvents;
  readonly #disposables: (Disposable | undefined)[] = [];
  readonly #pending = new WeakMap<object, Map<string, AbortController>>();
  readonly #conditional: ConditionalQueue;
  /** One client per caller (origin and top origin): the client keeps no per-ceremony state. */
  readonly #clients = new Map<string, WebAuthnClient>();
  #detached = false;

  private constructor(authenticator: VirtualAuthenticator, events: ShimEvents, conditional: 'manual' | 'immediate') {
    this.#authenticator = authenticator;
    this.#events = events;
    this.#conditional = new ConditionalQueue(conditional);
  }

  /**
   * Install the binding and init script on a context or page (affects documents loaded afterwards).
   * @param target - a BrowserContext or a Page
   */
  static async attach(target: BrowserContext | Page, authenticator: VirtualAuthenticator, events: ShimEvents, conditional: 'manual' | 'immediate' = 'manual'): Promise<ShimBackend> {
    const backend = new ShimBackend(authenticator, events, conditional);
    const binding = `__vfido_${randomBytes(6).toString('hex')}`;
    const preset = authenticator.preset;
    const platform = preset.attachment === 'platform';
    // The binding stays after detach (answering "passthrough") so pages already loaded fall back cleanly.
    // The page script sends and expects JSON text: one string crosses Playwright's argument serializer and
    // protocol validator (four times per call) instead of a tree of objects, which is measurably faster.
    // A message sent as an object is answered with an object.
    await target.exposeBinding(binding, async (source: BindingSource, raw: unknown) => {
      const answer = await backend.#answer(source, raw);
      return typeof raw === 'string' ? JSON.stringify(answer) : answer;
    });
    backend.#disposables.push(
      await target.addInitScript({
        content: pageScript({
          binding,
          uvpa: platform && preset.userVerification.capable,
          capabilities: {
            conditionalCreate: false,
            conditionalGet: true,
            hybridTransport: preset.transports.includes('hybrid'),
            passkeyPlatformAuthenticator: platform && preset.residentKeys,
            userVerifyingPlatformAuthenticator: platform && preset.userVerification.capable,
            relatedOrigins: false,
            signalAllAcceptedCredentials: true,
            signalCurrentUserDetails: true,
            signalUnknownCredential: true,
          },
        }),
      }),
    );
    return backend;
  }

  async #answer(source: BindingSource, raw: unknown): Promise<PageAnswer> {
    if (this.#detached) return { passthrough: true };
    const message = parseMessage(raw);
    if (!message) return { ok: false, name: 'TypeError', message: 'vfido: malformed request' };
    if (message.op === 'signal') return this.#signal(source, message);
    let calls = this.#pending.get(source.frame);
    if (!calls) this.#pending.set(source.frame, (calls = new Map()));
    if (message.op === 'abort') {
      calls.get(message.id)?.abort(new WebAuthnError('AbortError', 'the page aborted the ceremony'));
      return { ok: true, response: null };
    }
    const controller = new AbortController();
    calls.set(message.id, controller);
    try {
      const caller = await callerContext(source.frame, message.op);
      if ('name' in caller) return { ok: false, name: caller.name, message: caller.message };
      const client = this.#client(caller.origin, caller.topOrigin);
      if (message.op === 'create') {
        const response = await client.create(message.options as PublicKeyCredentialCreationOptionsJSON, { signal: controller.signal });
        const rpId = (message.options as PublicKeyCredentialCreationOptionsJSON).rp.id ?? new URL(caller.origin).hostname;
        this.#events.registered({ backend: 'shim', credentialId: response.id, rpId, origin: caller.origin, credential: this.#authenticator.store.get(Buffer.from(response.id, 'base64url')), response });
        return { ok: true, response };
      }
      let options = message.options as PublicKeyCredentialRequestOptionsJSON;
      if (message.mediation === 'conditional') options = await this.#conditional.wait(options, controller.signal);
      const response = await client.get(options, { signal: controller.signal });
      const credential = this.#authenticator.store.get(Buffer.from(response.id, 'base64url'));
      const authData = Buffer.from(response.response.authenticatorData, 'base64url');
      this.#events.asserted({
        backend: 'shim',
        credentialId: response.id,
        rpId: options.rpId ?? new URL(caller.origin).hostname,
        origin: caller.origin,
        signCount: authData.readUInt32BE(33),
        credential,
        response,
      });
      return { ok: true, response };
    } catch (error) {
      return failure(error);
    } finally {
      calls.delete(message.id);
    }
  }

  /** The Signal API (WebAuthn L3 5.1.10-5.1.12) on the store, for the calling frame's origin. */
  async #signal(source: BindingSource, message: PageMessage): Promise<PageAnswer> {
    const request = parseSignal(message.signal, message.options);
    if (!request) return { ok: false, name: 'TypeError', message: 'vfido: malformed signal' };
    try {
      const caller = await callerContext(source.frame, 'get');
      if ('name' in caller) return { ok: false, name: caller.name, message: caller.message };
      applySignal(this.#authenticator.store, caller.origin, request);
      return { ok: true, response: null };
    } catch (error) {
      return failure(error);
    }
  }

  #client(origin: string, topOrigin: string | undefined): WebAuthnClient {
    const key = `${origin} ${topOrigin ?? ''}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = new WebAuthnClient({ authenticator: this.#authenticator, origin, ...(topOrigin && { topOrigin }) });
      this.#clients.set(key, client);
    }
    return client;
  }

  /** The store is read on every ceremony: nothing to push. */
  async credentialAdded(): Promise<void> {}

  /** The store is read on every ceremony: nothing to push. */
  async credentialRemoved(): Promise<void> {}

  /** The scripted user carries the state: nothing to push. */
  async userChanged(): Promise<void> {}

  /** Every page is served by the init script: nothing to wait for. */
  async ready(): Promise<void> {}

  /** Answer (or dismiss) pending conditional requests; resolves with how many were answered. */
  async completeConditional(choice: ConditionalChoice): Promise<number> {
    return this.#conditional.complete(choice);
  }

  /** Remove the init script; documents already loaded fall back to the browser's own WebAuthn. */
  async detach(): Promise<void> {
    this.#detached = true;
    this.#conditional.abortAll();
    // Older Playwright returns nothing from addInitScript: the script then stays, answering "passthrough".
    for (const d of this.#disposables.splice(0)) if (typeof d?.dispose === 'function') await d.dispose().catch(() => undefined);
  }
}
