/**
 * The init script the `shim` backend puts into every frame: it replaces `navigator.credentials.create/get`
 * for `publicKey` requests and the `PublicKeyCredential` statics (WebAuthn L3 5.1.3, 5.1.4, 5.1.6, 5.1.7,
 * 5.1.8, 5.1.9), converts options to their JSON form (WebAuthn L3 5.4 / 5.5 `*JSON`), sends them to Node
 * through a Playwright binding, and turns the JSON answer back into objects that behave like the browser's own.
 *
 * The script is plain JavaScript in a string: it runs in the page, where Node types do not apply. It never
 * decides the origin: it reports what the browser says about its realm (origin, ancestors, permissions
 * policy) as read at install, before any page script ran, and Node judges it (shimSession.ts).
 * @module
 */

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
  /** PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable(). */
  uvpa: boolean;
  /** PublicKeyCredential.getClientCapabilities(). */
  capabilities: Record<string, boolean>;
}

const SCRIPT = String.raw`
(() => {
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
  const cdpBinding = CONFIG.cdp ? window[CONFIG.cdp.binding] : undefined;
  const replies = { __proto__: null };
  let replySeq = 0;
  if (typeof cdpBinding === 'function') {
    try { delete window[CONFIG.cdp.binding]; } catch { /* the key still protects the driver */ }
    defineProperty(window, CONFIG.cdp.receiver, { value: (seq, answer) => { const r = replies[seq]; if (r) { delete replies[seq]; r(answer); } }, enumerable: false, writable: false, configurable: false });
  }
  // What the browser says about this realm, read now (WebAuthn L3 5.1.3 steps 2-5): its origin (opaque
  // documents say 'null'; about:blank and srcdoc say their creator's), its ancestors and its
  // permissions policy as loaded (Permissions-Policy header and the container's allow attribute).
  const REALM = { __proto__: null, origin: String(self.origin), id: (() => { const b = new Uint32Array(4); crypto.getRandomValues(b); return b.join('.'); })() };
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
    const modal = message.op !== 'abort' && message.mediation !== 'conditional';
    if (modal && modalPending) return { ok: false, name: 'OperationError', message: 'A request is already pending.' };
    if (modal) modalPending = true;
    try { return await send(message); } finally { if (modal) modalPending = false; }
  };
  const send = async (message) => {
    const m = { __proto__: null, op: message.op, id: message.id, key: CONFIG.key, realm: { __proto__: null, ...REALM, ...(isActive && { activation: isActive() }) } };
    if (message.options !== undefined) m.options = message.options;
    if (message.mediation !== undefined) m.mediation = message.mediation;
    let pending;
    if (typeof cdpBinding === 'function') {
      m.reply = ++replySeq;
      pending = new NativePromise((resolve) => { replies[m.reply] = resolve; });
      cdpBinding(stringify(m));
    } else {
      outgoing = stringify(m);
      try { pending = binding(outgoing); } finally { outgoing = undefined; }
    }
    const answer = await pending;
    return typeof answer === 'string' ? parse(answer) : answer;
  };

  // ---- base64url <-> BufferSource
  const bytesOf = (v) => (ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v)); // ArrayBuffer or SharedArrayBuffer
  const isBufferSource = (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v) || (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer);
  // Native Uint8Array base64 (Chromium 140+, Firefox 133+, Safari 18.2+) where present, else btoa/atob.
  const nativeB64 = typeof Uint8Array.fromBase64 === 'function' && typeof Uint8Array.prototype.toBase64 === 'function';
  const toB64u = (v) => {
    if (nativeB64) return bytesOf(v).toBase64({ alphabet: 'base64url', omitPadding: true });
    let s = '';
    for (const b of bytesOf(v)) s += String.fromCharCode(b);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  const fromB64u = (s, member) => {
    if (typeof s !== 'string' || !/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) throw new TypeError(member + ' is not a base64url string');
    if (nativeB64) return Uint8Array.fromBase64(s, { alphabet: 'base64url' }).buffer;
    let t = s.replace(/-/g, '+').replace(/_/g, '/');
    while (t.length % 4) t += '=';
    const bin = atob(t);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  };
  const buf = (v, member) => {
    if (!isBufferSource(v)) throw new TypeError("Failed to read the '" + member + "' property: The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
    return toB64u(v);
  };
  const required = (o, key, member) => {
    if (o == null || o[key] === undefined) throw new TypeError("Failed to read the '" + key + "' property from '" + member + "': Required member is undefined.");
    return o[key];
  };
  // Extensions: every BufferSource becomes base64url (WebAuthn L3 5.7.4 JSON forms).
  const extToJSON = (v) => {
    if (isBufferSource(v)) return toB64u(v);
    if (Array.isArray(v)) return v.map(extToJSON);
    if (v && typeof v === 'object') { const o = {}; for (const k of Object.keys(v)) o[k] = extToJSON(v[k]); return o; }
    return v;
  };
  const descriptors = (list, member) => (list === undefined ? undefined : Array.from(list, (d, i) => ({
    type: required(d, 'type', member), id: buf(required(d, 'id', member), member + '[' + i + '].id'),
    ...(d.transports !== undefined && { transports: Array.from(d.transports) }),
  })));
  const creationToJSON = (o) => ({
    rp: { ...required(o, 'rp', 'PublicKeyCredentialCreationOptions') },
    user: (() => { const u = required(o, 'user', 'PublicKeyCredentialCreationOptions'); return { id: buf(required(u, 'id', 'PublicKeyCredentialUserEntity'), 'user.id'), name: required(u, 'name', 'PublicKeyCredentialUserEntity'), displayName: required(u, 'displayName', 'PublicKeyCredentialUserEntity') }; })(),
    challenge: buf(required(o, 'challenge', 'PublicKeyCredentialCreationOptions'), 'challenge'),
    pubKeyCredParams: Array.from(required(o, 'pubKeyCredParams', 'PublicKeyCredentialCreationOptions'), (p) => ({ type: p.type, alg: p.alg })),
    ...(o.timeout !== undefined && { timeout: Number(o.timeout) }),
    ...(o.excludeCredentials !== undefined && { excludeCredentials: descriptors(o.excludeCredentials, 'excludeCredentials') }),
    ...(o.authenticatorSelection !== undefined && { authenticatorSelection: { ...o.authenticatorSelection } }),
    ...(o.hints !== undefined && { hints: Array.from(o.hints) }),
    ...(o.attestation !== undefined && { attestation: o.attestation }),
    ...(o.attestationFormats !== undefined && { attestationFormats: Array.from(o.attestationFormats) }),
    ...(o.extensions !== undefined && { extensions: extToJSON(o.extensions) }),
  });
  const requestToJSON = (o) => ({
    challenge: buf(required(o, 'challenge', 'PublicKeyCredentialRequestOptions'), 'challenge'),
    ...(o.timeout !== undefined && { timeout: Number(o.timeout) }),
    ...(o.rpId !== undefined && { rpId: String(o.rpId) }),
    ...(o.allowCredentials !== undefined && { allowCredentials: descriptors(o.allowCredentials, 'allowCredentials') }),
    ...(o.userVerification !== undefined && { userVerification: o.userVerification }),
    ...(o.hints !== undefined && { hints: Array.from(o.hints) }),
    ...(o.extensions !== undefined && { extensions: extToJSON(o.extensions) }),
  });

  // ---- JSON -> objects that behave like the browser's (own members shadow the brand-checked getters)
  const define = (target, members) => {
    for (const k of Object.keys(members)) Object.defineProperty(target, k, { value: members[k], enumerable: true, configurable: true });
    return target;
  };
  const method = (fn, name) => { Object.defineProperty(fn, 'name', { value: name }); return fn; };
  // Client extension outputs: the byte strings WebAuthn types as ArrayBuffer (prf results, largeBlob.blob,
  // getCredBlob) come back from their base64url JSON form (WebAuthn L3 10.1.4, 10.1.5; CTAP 2.1 12.2).
  const extensionResults = (json) => {
    const out = { ...json };
    if (out.prf && typeof out.prf === 'object') {
      out.prf = { ...out.prf };
      const r = out.prf.results;
      if (r && typeof r === 'object') out.prf.results = { first: fromB64u(r.first, 'prf.results.first'), ...(r.second !== undefined && { second: fromB64u(r.second, 'prf.results.second') }) };
    }
    if (out.largeBlob && typeof out.largeBlob === 'object') {
      out.largeBlob = { ...out.largeBlob };
      if (typeof out.largeBlob.blob === 'string') out.largeBlob.blob = fromB64u(out.largeBlob.blob, 'largeBlob.blob');
    }
    if (typeof out.getCredBlob === 'string') out.getCredBlob = fromB64u(out.getCredBlob, 'getCredBlob');
    return out;
  };
  const credential = (json, response) => {
    const rawId = fromB64u(json.rawId, 'rawId');
    const results = { ...json.clientExtensionResults };
    return define(Object.create(PKC.prototype), {
      id: json.id, rawId, type: 'public-key', response,
      authenticatorAttachment: json.authenticatorAttachment ?? null,
      getClientExtensionResults: method(() => extensionResults(results), 'getClientExtensionResults'),
      toJSON: method(() => JSON.parse(JSON.stringify(json)), 'toJSON'),
    });
  };
  const registration = (json) => {
    const r = json.response;
    const authData = fromB64u(r.authenticatorData, 'authenticatorData');
    const publicKey = r.publicKey ? fromB64u(r.publicKey, 'publicKey') : null;
    const response = define(Object.create(AttResp ? AttResp.prototype : Object.prototype), {
      clientDataJSON: fromB64u(r.clientDataJSON, 'clientDataJSON'),
      attestationObject: fromB64u(r.attestationObject, 'attestationObject'),
      getTransports: method(() => [...r.transports], 'getTransports'),
      getAuthenticatorData: method(() => authData.slice(0), 'getAuthenticatorData'),
      getPublicKey: method(() => (publicKey ? publicKey.slice(0) : null), 'getPublicKey'),
      getPublicKeyAlgorithm: method(() => r.publicKeyAlgorithm, 'getPublicKeyAlgorithm'),
    });
    return credential(json, response);
  };
  const assertion = (json) => {
    const r = json.response;
    const response = define(Object.create(AssResp ? AssResp.prototype : Object.prototype), {
      clientDataJSON: fromB64u(r.clientDataJSON, 'clientDataJSON'),
      authenticatorData: fromB64u(r.authenticatorData, 'authenticatorData'),
      signature: fromB64u(r.signature, 'signature'),
      userHandle: r.userHandle ? fromB64u(r.userHandle, 'userHandle') : null,
    });
    return credential(json, response);
  };

  // ---- the ceremonies
  let seq = 0;
  const ceremony = async (op, options) => {
    const signal = options.signal;
    if (signal && signal.aborted) throw signal.reason;
    const json = op === 'create' ? creationToJSON(options.publicKey) : requestToJSON(options.publicKey);
    const id = String(++seq);
    const onAbort = () => { call({ op: 'abort', id }); };
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await call({ op, id, options: json, ...(options.mediation !== undefined && { mediation: String(options.mediation) }) });
      if (result.passthrough) return original[op].call(container, options);
      if (!result.ok) {
        if (result.name === 'AbortError' && signal && signal.aborted) throw signal.reason;
        if (result.name === 'TypeError') throw new TypeError(result.message);
        throw new DOMException(result.message, result.name);
      }
      return op === 'create' ? registration(result.response) : assertion(result.response);
    } finally {
      if (signal) signal.removeEventListener('abort', onAbort);
    }
  };
  const replace = (target, name, fn) => Object.defineProperty(target, name, { value: method(fn, name), writable: true, enumerable: true, configurable: true });
  replace(CCProto, 'create', function create(options) {
    if (!options || options.publicKey === undefined) return original.create.call(this, options);
    return ceremony('create', options);
  });
  replace(CCProto, 'get', function get(options) {
    if (!options || options.publicKey === undefined) return original.get.call(this, options);
    return ceremony('get', options);
  });

  // ---- PublicKeyCredential statics (WebAuthn L3 5.1.5-5.1.9)
  replace(PKC, 'isUserVerifyingPlatformAuthenticatorAvailable', async () => CONFIG.uvpa);
  replace(PKC, 'isConditionalMediationAvailable', async () => true);
  replace(PKC, 'getClientCapabilities', async () => ({ ...CONFIG.capabilities }));
  const parseDescriptors = (list, member) => list && list.map((d, i) => ({ ...d, id: fromB64u(d.id, member + '[' + i + '].id') }));
  replace(PKC, 'parseCreationOptionsFromJSON', (o) => ({
    ...o,
    user: { ...required(o, 'user', 'PublicKeyCredentialCreationOptionsJSON'), id: fromB64u(o.user.id, 'user.id') },
    challenge: fromB64u(required(o, 'challenge', 'PublicKeyCredentialCreationOptionsJSON'), 'challenge'),
    ...(o.excludeCredentials && { excludeCredentials: parseDescriptors(o.excludeCredentials, 'excludeCredentials') }),
  }));
  replace(PKC, 'parseRequestOptionsFromJSON', (o) => ({
    ...o,
    challenge: fromB64u(required(o, 'challenge', 'PublicKeyCredentialRequestOptionsJSON'), 'challenge'),
    ...(o.allowCredentials && { allowCredentials: parseDescriptors(o.allowCredentials, 'allowCredentials') }),
  }));
})();
`;

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
  return SCRIPT.replace('__VFIDO_CONFIG__', () => JSON.stringify(config)).replace('__VFIDO_GUARD__', () => GUARD);
}
