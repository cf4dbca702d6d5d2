/**
 * The driver-neutral session of the shim: one ceremony request from the page script in, one answer out
 * (WebAuthn L3 5.1.3 [[Create]], 5.1.4 [[DiscoverFromExternalSource]]). The caller's origin, ancestry,
 * permissions policy and user activation are {@link CallerFacts} a driver supplies from what the browser
 * told it; the request itself is untrusted data, validated here. It never throws: every failure is an
 * answer the page turns into the DOMException the browser would raise.
 *
 * Refusals follow Chromium 156 unless the driver names another browser's dialect (browserDialect.ts: Firefox
 * answers an opaque origin with SecurityError): an opaque origin or a disabled `publickey-credentials-*` feature is
 * NotAllowedError; `create()` in a cross-origin frame without transient activation is NotAllowedError;
 * a second request while one is pending in the same frame is OperationError ("A request is already pending.").
 * @module
 */
import {
  WebAuthnClient,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type VirtualAuthenticator,
} from '@vfido/core';
import type { AssertedEvent, ConditionalChoice, RegisteredEvent } from './types.js';
import { ConditionalQueue } from './conditionalQueue.js';
import { applySignal, parseSignal } from './signalCredentials.js';
import { CHROMIUM_DIALECT, type BrowserDialect } from './browserDialect.js';

/** What the calling realm reported: origin etc. at install (before page scripts), activation at call time. */
export interface RealmReport {
  /** `self.origin` at install (`null` for opaque origins). */
  origin: string;
  /** `location.ancestorOrigins` at install, nearest first (browsers that have it; a space-separated string on the wire). */
  ancestorOrigins?: string[];
  /** `document.featurePolicy.allowsFeature()` per ceremony at install (browsers that have it). */
  policy?: { create: boolean; get: boolean };
  /** A random id the realm drew at install (tells documents of one frame apart). */
  id?: string;
  /** `performance.timeOrigin` at install: a new document has a new one, a same-document navigation keeps it. */
  timeOrigin?: number;
  /** `navigator.userActivation.isActive` when the page called, from a getter captured at install. */
  activation?: boolean;
}

/** What the page script sends (untrusted: validated by {@link parseRequest}). */
export interface PageRequest {
  op: 'create' | 'get' | 'abort' | 'signal';
  /** For op 'signal': which Signal API method (see signalCredentials.ts). */
  signal?: string;
  /** Per-realm request id (for abort). */
  id: string;
  options?: unknown;
  mediation?: string;
  /** The attachment's channel key (drivers check it). */
  key?: string;
  /** Reply slot for channels without return values (CDP `Runtime.addBinding`). */
  reply?: number;
  realm?: RealmReport;
}

/** What the page gets back. */
export type PageAnswer = { passthrough: true } | { ok: true; response: unknown } | { ok: false; name: string; message: string };

/** The caller as the browser sees it, supplied by the driver. */
export interface CallerFacts {
  /** The calling realm's origin (`null` when opaque). */
  origin: string;
  /** The top-level origin. */
  topOrigin: string;
  /** Whether the caller is not same-origin with every ancestor. */
  crossOrigin: boolean;
  /** Whether the ceremony's permissions-policy feature is enabled in the calling document. */
  policy: boolean;
  /** Where the policy answer came from / why it is disabled (for the error message). */
  policyNote: string;
  /** Transient user activation at call time, when the browser exposes it. */
  activation?: boolean;
}

/** Where a request comes from, for the per-frame and per-page limits (objects the driver keeps stable). */
export interface RequestScope {
  frame: object;
  /** The document (realm) in that frame: when it changes, the old document's requests are aborted. */
  realm: string;
  page: object;
}

/** Event sinks the handle gives the session. */
export interface SessionEvents {
  registered(event: RegisteredEvent): void;
  asserted(event: AssertedEvent): void;
}

/** At most this many requests (modal and conditional) in flight per page; more are refused, never queued. */
export const MAX_PENDING_PER_PAGE = 8;

const string = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

function parseRealm(v: unknown): RealmReport | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (!string(r.origin, 2048)) return undefined;
  const out: RealmReport = { origin: r.origin };
  // Sent as one space-separated string, nearest ancestor first ('' for a top-level document).
  if (string(r.ancestorOrigins, 65536)) out.ancestorOrigins = r.ancestorOrigins === '' ? [] : r.ancestorOrigins.split(' ');
  const p = r.policy as Record<string, unknown> | null | undefined;
  if (typeof p === 'object' && p !== null && typeof p.create === 'boolean' && typeof p.get === 'boolean') out.policy = { create: p.create, get: p.get };
  if (string(r.id, 64)) out.id = r.id;
  if (typeof r.timeOrigin === 'number' && Number.isFinite(r.timeOrigin)) out.timeOrigin = r.timeOrigin;
  const activation = bool(r.activation);
  if (activation !== undefined) out.activation = activation;
  return out;
}

/**
 * Validate a page message (JSON text or an already-decoded value). Never throws.
 * @returns the request, or undefined when it is not one
 */
export function parseRequest(raw: unknown): PageRequest | undefined {
  try {
    if (typeof raw === 'string') raw = JSON.parse(raw) as unknown;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
    const m = raw as Record<string, unknown>;
    if ((m.op !== 'create' && m.op !== 'get' && m.op !== 'abort' && m.op !== 'signal') || !string(m.id, 64)) return undefined;
    const realm = parseRealm(m.realm);
    return {
      op: m.op,
      id: m.id,
      options: m.options,
      ...(string(m.mediation, 64) && { mediation: m.mediation }),
      ...(string(m.signal, 64) && { signal: m.signal }),
      ...(string(m.key, 256) && { key: m.key }),
      ...(Number.isSafeInteger(m.reply) && { reply: m.reply as number }),
      ...(realm && { realm }),
    };
  } catch {
    return undefined;
  }
}

function failure(error: unknown): PageAnswer {
  if (error instanceof WebAuthnError) return { ok: false, name: error.name, message: error.message };
  return { ok: false, name: 'UnknownError', message: 'vfido: unexpected failure, see the test output' };
}

const refuse = (name: string, message: string): PageAnswer => ({ ok: false, name, message });

/** Wait for an abort (a conditional create waits for a condition vfido never meets). */
const untilAborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) => {
    const fail = (): void => reject(new WebAuthnError('AbortError', 'the conditional create was aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });

/** One attachment's ceremonies: the authenticator, the limits and the pending requests. */
/** The current document of a frame and what it has pending. */
interface FrameCalls {
  realm: string;
  timeOrigin: number | undefined;
  calls: Map<string, AbortController>;
  modal: boolean;
}

export class ShimSession {
  readonly #authenticator: VirtualAuthenticator;
  readonly #events: SessionEvents;
  readonly #conditional: ConditionalQueue;
  /** Pending requests of the current document per frame: id -> controller, and whether a modal (non-conditional) one runs. */
  readonly #frames = new WeakMap<object, FrameCalls>();
  /** Pending calls per realm id, for drivers that learn a document is gone by its realm (CDP contexts). */
  readonly #byRealm = new Map<string, Set<AbortController>>();
  readonly #perPage = new WeakMap<object, number>();
  /** Every controller still running (detach aborts them). */
  readonly #running = new Set<AbortController>();
  /** One client per caller (origin and top origin): the client keeps no per-ceremony state. */
  readonly #clients = new Map<string, WebAuthnClient>();
  readonly #dialect: BrowserDialect;
  #closed = false;

  /**
   * @param conditional - `manual` (the test answers autofill) or `immediate`
   * @param dialect - the refusals of the browser the driver runs in (default Chromium's)
   */
  constructor(authenticator: VirtualAuthenticator, events: SessionEvents, conditional: 'manual' | 'immediate' = 'manual', dialect: BrowserDialect = CHROMIUM_DIALECT) {
    this.#dialect = dialect;
    this.#authenticator = authenticator;
    this.#events = events;
    this.#conditional = new ConditionalQueue(conditional);
  }

  /** Whether the session was closed (its driver answers "passthrough" from then on). */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Answer one request. Never throws.
   * @param request - a request from {@link parseRequest}
   * @param facts - the caller as the driver's browser sees it (or a reason to refuse it)
   * @param scope - the frame and page the request came from
   */
  async answer(request: PageRequest, facts: () => Promise<CallerFacts | { refused: string }>, scope: RequestScope): Promise<PageAnswer> {
    try {
      if (this.#closed) return { passthrough: true };
      let frame = this.#frames.get(scope.frame);
      if (frame?.realm !== scope.realm) {
        // A new document in the frame: what the old one left pending ends, as a navigation ends it in Chromium.
        for (const c of frame?.calls.values() ?? []) c.abort();
        this.#frames.set(scope.frame, (frame = { realm: scope.realm, timeOrigin: request.realm?.timeOrigin, calls: new Map(), modal: false }));
      }
      if (request.op === 'abort') {
        frame.calls.get(request.id)?.abort();
        return { ok: true, response: null };
      }
      // The Signal API is no ceremony: it takes no request slot.
      if (request.op === 'signal') return this.#signal(request, await facts());
      const conditional = request.mediation === 'conditional';
      // Chromium keeps one request per frame (AuthenticatorCommon): the second is OperationError at once.
      if (!conditional && frame.modal) return refuse('OperationError', 'A request is already pending.');
      const inPage = this.#perPage.get(scope.page) ?? 0;
      if (inPage >= MAX_PENDING_PER_PAGE || frame.calls.has(request.id)) {
        return refuse('OperationError', `A request is already pending. (vfido serves at most ${MAX_PENDING_PER_PAGE} requests per page at a time)`);
      }
      const controller = new AbortController();
      frame.calls.set(request.id, controller);
      if (!conditional) frame.modal = true;
      this.#perPage.set(scope.page, inPage + 1);
      this.#running.add(controller);
      let inRealm = this.#byRealm.get(scope.realm);
      if (!inRealm) this.#byRealm.set(scope.realm, (inRealm = new Set()));
      inRealm.add(controller);
      try {
        return await this.#run(request, await facts(), controller.signal);
      } finally {
        inRealm.delete(controller);
        if (inRealm.size === 0 && this.#byRealm.get(scope.realm) === inRealm) this.#byRealm.delete(scope.realm);
        frame.calls.delete(request.id);
        if (!conditional) frame.modal = false;
        this.#perPage.set(scope.page, (this.#perPage.get(scope.page) ?? 1) - 1);
        this.#running.delete(controller);
      }
    } catch (error) {
      return failure(error);
    }
  }

  async #run(request: PageRequest, caller: CallerFacts | { refused: string }, signal: AbortSignal): Promise<PageAnswer> {
    const op = request.op as 'create' | 'get';
    if ('refused' in caller) return refuse('NotAllowedError', `vfido: ${caller.refused}`);
    // WebAuthn L3 5.1.3 step 3 / 5.1.4.1 step 3: an opaque origin may not use WebAuthn (Chromium: NotAllowedError
    // before the policy check; Firefox: SecurityError after it; browserDialect.ts).
    const opaque = (): PageAnswer => refuse(this.#dialect.opaqueOrigin.name, this.#dialect.opaqueOrigin.message);
    if (caller.origin === 'null' && !this.#dialect.policyFirst) return opaque();
    const feature = `publickey-credentials-${op}`;
    if (!caller.policy) return refuse('NotAllowedError', `The '${feature}' feature is not enabled in this document (${caller.policyNote}). Permissions Policy may be used to delegate Web Authentication capabilities to cross-origin child frames.`);
    if (caller.origin === 'null') return opaque();
    // WebAuthn L3 5.1.3 step 2: create() in a frame not same-origin with its ancestors needs transient activation.
    if (op === 'create' && caller.crossOrigin && caller.activation === false) {
      return refuse('NotAllowedError', 'A user activation is required to create a credential in a cross-origin iframe.');
    }
    const client = this.#client(caller.origin, caller.crossOrigin ? caller.topOrigin : undefined);
    if (op === 'create') {
      if (request.mediation === 'conditional') return await untilAborted(signal);
      const options = request.options as PublicKeyCredentialCreationOptionsJSON;
      const response = await client.create(options, { signal });
      const rpId = (typeof options.rp.id === 'string' ? options.rp.id : undefined) ?? new URL(caller.origin).hostname;
      this.#events.registered({ backend: 'shim', credentialId: response.id, rpId, origin: caller.origin, credential: this.#authenticator.store.get(Buffer.from(response.id, 'base64url')), response });
      return { ok: true, response };
    }
    let options = request.options as PublicKeyCredentialRequestOptionsJSON;
    if (request.mediation === 'conditional') options = await this.#conditional.wait(options, signal);
    const response = await client.get(options, { signal });
    const authData = Buffer.from(response.response.authenticatorData, 'base64url');
    this.#events.asserted({
      backend: 'shim',
      credentialId: response.id,
      rpId: options.rpId ?? new URL(caller.origin).hostname,
      origin: caller.origin,
      signCount: authData.readUInt32BE(33),
      credential: this.#authenticator.store.get(Buffer.from(response.id, 'base64url')),
      response,
    });
    return { ok: true, response };
  }

  /** The Signal API (WebAuthn L3 5.1.10-5.1.12) on the store, for the caller's origin as the driver saw it. */
  #signal(request: PageRequest, caller: CallerFacts | { refused: string }): PageAnswer {
    const signal = parseSignal(request.signal, request.options);
    if (!signal) return refuse('TypeError', 'vfido: malformed signal');
    if ('refused' in caller) return refuse('NotAllowedError', `vfido: ${caller.refused}`);
    if (caller.origin === 'null') return refuse(this.#dialect.opaqueOrigin.name, this.#dialect.opaqueOrigin.message);
    applySignal(this.#authenticator.store, caller.origin, signal);
    return { ok: true, response: null };
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

  /**
   * A document is gone (navigated away, its frame removed, its page closed): what it left pending ends at
   * once, as in Chromium, where the old document's promise never settles and the authenticator operation is
   * cancelled, so no credential is made after the page left. Drivers call it when their protocol reports
   * the realm destroyed (CDP `Runtime.executionContextDestroyed`, BiDi `script.realmDestroyed`).
   * @param realmId - the realm id from the page's requests ({@link RealmReport.id})
   */
  realmGone(realmId: string): void {
    for (const c of this.#byRealm.get(realmId) ?? []) c.abort();
    this.#byRealm.delete(realmId);
  }

  /** A frame is gone (detached, or its page closed): its document's pending requests end at once. */
  frameGone(frame: object): void {
    const calls = this.#frames.get(frame);
    if (!calls) return;
    for (const c of calls.calls.values()) c.abort();
    this.#frames.delete(frame);
  }

  /**
   * The frame navigated (a driver that cannot tell a new document from a same-document navigation by its
   * protocol): when the frame's document now has another `performance.timeOrigin` than the one that made the
   * pending requests, that document is gone and its requests end; a same-document navigation (history API,
   * fragment) keeps them, as in Chromium.
   * @param timeOrigin - `performance.timeOrigin` of the frame's current document
   */
  frameNavigated(frame: object, timeOrigin: number): void {
    const calls = this.#frames.get(frame);
    if (calls?.timeOrigin !== undefined && calls.timeOrigin !== timeOrigin) this.frameGone(frame);
  }

  /** Whether a frame has requests pending (drivers skip their checks otherwise). */
  hasPending(frame: object): boolean {
    return (this.#frames.get(frame)?.calls.size ?? 0) > 0;
  }

  /** Answer (or dismiss) pending conditional requests; resolves with how many were answered. */
  completeConditional(choice: ConditionalChoice): number {
    return this.#conditional.complete(choice);
  }

  /** Stop serving: pending requests end with AbortError, later ones get "passthrough". */
  close(): void {
    this.#closed = true;
    this.#conditional.abortAll();
    for (const c of this.#running) c.abort();
  }
}
