/**
 * The init script the `shim` backend puts into every frame: it replaces `navigator.credentials.create/get`
 * for `publicKey` requests and the `PublicKeyCredential` statics (WebAuthn L3 5.1.3, 5.1.4, 5.1.6, 5.1.7,
 * 5.1.8, 5.1.9), converts options to their JSON form (WebAuthn L3 5.4 / 5.5 `*JSON`), sends them to Node
 * through a Playwright binding, and turns the JSON answer back into objects that behave like the browser's own.
 *
 * The script is plain JavaScript in a string: it runs in the page, where Node types do not apply. It never
 * decides the origin: it reports what the browser says about its realm (origin, ancestors, permissions
 * policy) as read at install, before any page script ran, and Node judges it (shimSession.ts).
 * The WebAuthn surface the page sees is assembled from the fragments in `./page/` (intrinsics, bytes, WebIDL,
 * the WebAuthn dictionaries, credential objects, ceremonies, statics); this file keeps the channel (`call`) and
 * the install guard.
 * @module
 */

import { INTRINSICS } from './page/intrinsics.js';
import { BYTES } from './page/bytes.js';
import { WEBIDL } from './page/webidl.js';
import { WEBAUTHN_IDL } from './page/webauthnIdl.js';
import { CREDENTIAL_OBJECTS } from './page/credentialObjects.js';
import { CEREMONIES } from './page/ceremonies.js';
import { STATICS } from './page/statics.js';

/** Facts about the emulated authenticator the page-side statics answer with. */
export interface PageShimConfig {
  /** Name of the Playwright binding the script captures (and removes from the global) at install. */
  binding: string;
  /** Per-attachment key sent with every message (the driver drops messages without it). */
  key: string;
  /**
   * Chromium: a CDP `Runtime.addBinding` name (captured and removed at install like `binding`; preferred
   * when present) and the name of the receiver the driver calls with the answer.
   */
  cdp?: { binding: string; receiver: string };
  /**
   * WebDriver BiDi: the script is a preload-script function ({@link preloadFunction}) whose argument is a
   * `script.ChannelValue` (no global: the page never sees it); answers come back through `receiver` as with `cdp`.
   */
  bidi?: { receiver: string };
  /** PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable(). */
  uvpa: boolean;
  /** PublicKeyCredential.getClientCapabilities(). */
  capabilities: Record<string, boolean>;
}

const SCRIPT = String.raw`(bidiChannel) => {
  const CONFIG = __VFIDO_CONFIG__;
  const MARK = Symbol.for('vfido.shim');
  if (typeof window === 'undefined' || window[MARK]) return;
  const container = typeof navigator !== 'undefined' ? navigator.credentials : undefined;
  const PKC = window.PublicKeyCredential;
  if (!container || !PKC) return; // insecure context: WebAuthn is not exposed at all
  Object.defineProperty(window, MARK, { value: true });
  const CCProto = Object.getPrototypeOf(container);
  const original = { create: CCProto.create, get: CCProto.get };
  const AttResp = window.AuthenticatorAttestationResponse;
  const AssResp = window.AuthenticatorAssertionResponse;
  // ---- the channel to Node (the bridge-security part of this script)
  // Captured before any page script runs: the page can neither call the binding nor read or change what
  // this realm reported about itself. Messages travel as JSON text both ways (one string crosses
  // Playwright's serializer instead of a tree of objects).
  const { stringify, parse } = JSON;
  const { apply, defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Reflect;
  const NativePromise = Promise;
  const binding = window[CONFIG.binding];
  try { delete window[CONFIG.binding]; } catch { /* keep going: the guard below still filters */ }
  // Chromium: a protocol-level binding (Runtime.bindingCalled names the execution context, whose origin
  // the driver knows from the browser). Answers come back through a receiver the driver calls; a page
  // calling it can only answer its own requests.
  // WebDriver BiDi: the preload script's channel argument (script.message names the realm) replaces it.
  const cdpBinding = CONFIG.bidi ? bidiChannel : CONFIG.cdp ? window[CONFIG.cdp.binding] : undefined;
  const replies = { __proto__: null };
  let replySeq = 0;
  if (typeof cdpBinding === 'function') {
    if (!CONFIG.bidi) try { delete window[CONFIG.cdp.binding]; } catch { /* the key still protects the driver */ }
    defineProperty(window, (CONFIG.bidi ?? CONFIG.cdp).receiver, { value: (seq, answer) => { const r = replies[seq]; if (r) { delete replies[seq]; r(answer); } }, enumerable: false, writable: false, configurable: false });
  }
  // What the browser says about this realm, read now (WebAuthn L3 5.1.3 steps 2-5): its origin (opaque
  // documents say 'null'; about:blank and srcdoc say their creator's), its ancestors and its
  // permissions policy as loaded (Permissions-Policy header and the container's allow attribute).
  const REALM = { __proto__: null, origin: String(self.origin), id: (() => { const b = new Uint32Array(4); crypto.getRandomValues(b); return b.join('.'); })(), timeOrigin: performance.timeOrigin };
  try {
    const ao = location.ancestorOrigins;
    // One space-separated string (origins hold no spaces): an array would pass through Array.prototype.toJSON.
    if (ao && typeof ao.length === 'number') { let list = ''; for (let i = 0; i < ao.length; i++) list += (i ? ' ' : '') + String(ao[i]); REALM.ancestorOrigins = list; }
  } catch { /* not exposed (Firefox): the driver uses its frame tree */ }
  try {
    const fp = document.featurePolicy || document.permissionsPolicy;
    const allows = fp && (fp.allowsFeature || fp.allowedFeature);
    if (typeof allows === 'function') REALM.policy = { __proto__: null, create: !!apply(allows, fp, ['publickey-credentials-create']), get: !!apply(allows, fp, ['publickey-credentials-get']) };
  } catch { /* not exposed: the driver computes it */ }
  // Transient activation through the getter captured now (a page cannot redefine what this reads).
  const isActive = (() => {
    try {
      const ua = navigator.userActivation;
      const d = ua && getOwnPropertyDescriptor(getPrototypeOf(ua), 'isActive');
      return d && typeof d.get === 'function' ? () => !!apply(d.get, ua, []) : undefined;
    } catch { return undefined; }
  })();
  // Playwright's own raw binding parses whatever a page passes it outside any handler: 'null' or
  // non-JSON there throws in the test's Node process. Guard it in every realm before page scripts run:
  // only well-formed envelopes pass, and envelopes for vfido's binding only while this script sends,
  // carrying the text this script built (whatever the page did to the globals Playwright's wrapper uses).
  let outgoing;
  (__VFIDO_GUARD__)((envelope) => {
    if (envelope.name !== CONFIG.binding) return true;
    if (outgoing === undefined) return false;
    return stringify({ name: CONFIG.binding, seq: envelope.seq, serializedArgs: [outgoing] });
  });
  // One modal request per realm at a time, refused here at once as Chromium's browser process does
  // ("A request is already pending."); Node enforces the same per frame (and bounds each page).
  let modalPending = false;
  const call = async (message) => {
    if (typeof binding !== 'function' && typeof cdpBinding !== 'function') return { passthrough: true };
    const modal = message.op !== 'abort' && message.op !== 'signal' && message.mediation !== 'conditional';
    if (modal && modalPending) return { ok: false, name: 'OperationError', message: 'A request is already pending.' };
    if (modal) modalPending = true;
    try { return await send(message); } finally { if (modal) modalPending = false; }
  };
  const send = async (message) => {
    const m = { __proto__: null, op: message.op, id: message.id, key: CONFIG.key, realm: { __proto__: null, ...REALM, ...(isActive && { activation: isActive() }) } };
    if (message.options !== undefined) m.options = message.options;
    if (message.mediation !== undefined) m.mediation = message.mediation;
    if (message.signal !== undefined) m.signal = message.signal;
    let pending;
    if (typeof cdpBinding === 'function') {
      m.reply = ++replySeq;
      pending = new NativePromise((resolve) => { replies[m.reply] = resolve; });
      $withCleanJson(() => cdpBinding(stringify(m)));
    } else {
      // Playwright's binding code serializes with the page's JSON: give it the browser's for this call.
      $withCleanJson(() => { outgoing = stringify(m); try { pending = binding(outgoing); } finally { outgoing = undefined; } });
    }
    const answer = await pending;
    return typeof answer === 'string' ? parse(answer) : answer;
  };

  // ---- the WebAuthn surface the page sees (shim/page/*.ts, in dependency order)
${INTRINSICS}
${BYTES}
${WEBIDL}
${WEBAUTHN_IDL}
${CREDENTIAL_OBJECTS}
${CEREMONIES}
${STATICS}
}`;

/**
 * Wraps Playwright's raw page binding (`__playwright__binding__`, present once anything is exposed) in the
 * realm it runs in: only JSON envelopes `{ name, seq, serializedArgs[] }` reach Playwright's dispatch, which
 * would otherwise throw in the test's Node process on anything else. `check(envelope)` may veto (false) or
 * replace (a string) an envelope. Captures what it uses, so later page changes to globals do not matter.
 */
const GUARD = String.raw`(check) => {
  const RAW = '__playwright__binding__';
  const raw = window[RAW];
  if (typeof raw !== 'function') return;
  const { parse } = JSON;
  const { apply, defineProperty } = Reflect;
  const isArray = Array.isArray;
  const guard = function (payload) {
    if (typeof payload !== 'string') return;
    let envelope;
    try { envelope = parse(payload); } catch { return; }
    if (!envelope || typeof envelope !== 'object' || typeof envelope.name !== 'string' || typeof envelope.seq !== 'number' || !isArray(envelope.serializedArgs)) return;
    const verdict = check(envelope);
    if (verdict === false) return;
    return apply(raw, window, [typeof verdict === 'string' ? verdict : payload]);
  };
  // configurable, so a later attachment can wrap it again; the page can replace it but never reach raw
  try { defineProperty(window, RAW, { value: guard, writable: false, enumerable: false, configurable: true }); } catch { /* left as it was */ }
}`;

/**
 * An init script that only guards Playwright's raw binding (see the channel part of the page script).
 * It stays after detach, so documents loaded then cannot reach the unguarded dispatch either.
 */
export function guardScript(): string {
  return `(${GUARD})(() => true);`;
}

/**
 * The init-script source for one attachment.
 * @param config - binding name and the authenticator facts the statics report
 */
export function pageScript(config: PageShimConfig): string {
  return `(${preloadFunction(config)})();`;
}

/**
 * The page script as a function expression taking the WebDriver BiDi channel (`script.addPreloadScript`
 * `functionDeclaration` with one `script.ChannelValue` argument; set `config.bidi`).
 * @param config - as for {@link pageScript}, with `bidi`
 */
export function preloadFunction(config: PageShimConfig): string {
  return SCRIPT.replace('__VFIDO_CONFIG__', () => JSON.stringify(config)).replace('__VFIDO_GUARD__', () => GUARD);
}
