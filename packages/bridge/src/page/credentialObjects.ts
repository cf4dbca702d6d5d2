/**
 * Page fragment: credentials the page gets are objects whose prototype is the browser's own
 * `PublicKeyCredential.prototype` (responses: `AuthenticatorAttestationResponse.prototype` /
 * `AuthenticatorAssertionResponse.prototype`), with no own members: as WebIDL attributes, `id`, `rawId`,
 * `response`, ... are getters on the prototype (WebIDL 3.7.6). The prototype's getters and methods are
 * replaced, once, by functions that answer from internal slots (a closure WeakMap) for vfido's objects and
 * call the browser's own getter for anything else, so brand checks, `.name`, `.length` and
 * `Function.prototype.toString` look as before (see `disguise`).
 * @module
 */

/** JavaScript source of the fragment (needs INTRINSICS, BYTES). */
export const CREDENTIAL_OBJECTS = String.raw`
  const SLOTS = new $WeakMap();
  const slotsOf = (o) => ((typeof o === 'object' && o !== null) ? $call($wmGet, SLOTS, o) : undefined);
  // Functions that stand in for native ones, and the native each impersonates (for toString).
  const DISGUISED = new $WeakMap();
  const disguise = (fn, native) => { $call($wmSet, DISGUISED, fn, native); return fn; };
  const fnToString = { toString() { const native = (typeof this === 'function' || (typeof this === 'object' && this !== null)) ? $call($wmGet, DISGUISED, this) : undefined; return $call($fnToString, native === undefined ? this : native); } }.toString;
  disguise(fnToString, $fnToString);
  $defineProperty(Function.prototype, 'toString', { __proto__: null, value: fnToString, writable: true, enumerable: false, configurable: true });

  /** Replace an attribute getter: vfido objects answer from their slots, others from the native getter. */
  const wrapGetter = (proto, key, read) => {
    const d = $gOPD(proto, key);
    if (!d || typeof d.get !== 'function') return;
    const native = d.get;
    const getter = $gOPD({ get [key]() { const s = slotsOf(this); return s !== undefined && $call($hasOwn, s, key) ? read(s) : $call(native, this); } }, key).get;
    $defineProperty(proto, key, { __proto__: null, get: disguise(getter, native), set: d.set, enumerable: d.enumerable, configurable: d.configurable });
  };
  /** Replace a method the same way; impl(slots, args) runs for vfido objects. */
  const wrapMethod = (proto, key, slotKey, impl) => {
    const d = $gOPD(proto, key);
    if (!d || typeof d.value !== 'function') return;
    const native = d.value;
    const method = { [key](...args) { const s = slotsOf(this); return s !== undefined && $call($hasOwn, s, slotKey) ? impl(s, args) : $apply(native, this, args); } }[key];
    // The stand-in keeps the native's length (rest parameters give 0, which is what every wrapped method has).
    if (method.length !== native.length) $defineProperty(method, 'length', { __proto__: null, value: native.length, writable: false, enumerable: false, configurable: true });
    $defineProperty(proto, key, { __proto__: null, value: disguise(method, native), writable: d.writable, enumerable: d.enumerable, configurable: d.configurable });
  };

  const PKC_PROTO = PKC.prototype;
  const ATT_PROTO = AttResp ? AttResp.prototype : undefined;
  const ASS_PROTO = AssResp ? AssResp.prototype : undefined;
  const RESP_PROTO = window.AuthenticatorResponse ? window.AuthenticatorResponse.prototype : undefined;

  /** A member list sorted as an IDL dictionary converts to JS (lexicographic). */
  const sortedObject = (o) => {
    const keys = $ownKeys(o);
    // Insertion sort over a handful of keys: no Array.prototype.sort, which the page may replace.
    for (let i = 1; i < keys.length; i++) { const k = keys[i]; let j = i - 1; while (j >= 0 && keys[j] > k) { keys[j + 1] = keys[j]; j--; } keys[j + 1] = k; }
    const out = {};
    for (let i = 0; i < keys.length; i++) {
      const v = o[keys[i]];
      put(out, keys[i], v !== null && typeof v === 'object' && !isArrayBuffer(v) && !$isArray(v) ? sortedObject(v) : v);
    }
    return out;
  };
  const copyArray = (a) => { const out = []; for (let i = 0; i < a.length; i++) push(out, a[i]); return out; };

  // Extension outputs: Node sends the JSON form; the page gets ArrayBuffers where WebAuthn types them so
  // (prf results, largeBlob.blob, getCredBlob; WebAuthn L3 10.1.4, 10.1.5; CTAP 2.1 12.2).
  const extensionOutputs = (json, asJSON) => {
    const out = {};
    const keys = $ownKeys(json);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = json[k];
      if (k === 'prf' && v && typeof v === 'object') {
        const prf = {};
        if (own(v, 'enabled') !== undefined) put(prf, 'enabled', own(v, 'enabled'));
        const r = own(v, 'results');
        if (r && typeof r === 'object') {
          const results = {};
          put(results, 'first', asJSON ? own(r, 'first') : fromB64u(own(r, 'first')));
          if (own(r, 'second') !== undefined) put(results, 'second', asJSON ? own(r, 'second') : fromB64u(own(r, 'second')));
          put(prf, 'results', results);
        }
        put(out, k, prf);
      } else if (k === 'largeBlob' && v && typeof v === 'object') {
        const lb = {};
        const lk = $ownKeys(v);
        for (let j = 0; j < lk.length; j++) put(lb, lk[j], lk[j] === 'blob' && !asJSON ? fromB64u(v.blob) : v[lk[j]]);
        put(out, k, lb);
      } else if (k === 'getCredBlob' && typeof v === 'string') {
        put(out, k, asJSON ? v : fromB64u(v));
      } else if (v !== null && typeof v === 'object') {
        put(out, k, sortedObject(v));
      } else {
        put(out, k, v);
      }
    }
    return sortedObject(out);
  };

  /** Slots of a credential from Node's JSON answer (RegistrationResponseJSON / AuthenticationResponseJSON). */
  const makeCredential = (json, kind, extras) => {
    const r = own(json, 'response');
    const b = (k) => fromB64u(own(r, k));
    const response = $objectCreate(kind === 'create' ? ATT_PROTO : ASS_PROTO);
    const rslots = { __proto__: null, clientDataJSON: b('clientDataJSON') };
    if (kind === 'create') {
      rslots.attestationObject = b('attestationObject');
      rslots.getAuthenticatorData = b('authenticatorData');
      rslots.getPublicKey = own(r, 'publicKey') ? b('publicKey') : null;
      rslots.getPublicKeyAlgorithm = own(r, 'publicKeyAlgorithm');
      rslots.getTransports = copyArray(own(r, 'transports') || []);
    } else {
      rslots.authenticatorData = b('authenticatorData');
      rslots.signature = b('signature');
      rslots.userHandle = own(r, 'userHandle') ? b('userHandle') : null;
    }
    $call($wmSet, SLOTS, response, rslots);
    const results = extras.results(own(json, 'clientExtensionResults') || {});
    const credential = $objectCreate(PKC_PROTO);
    const id = own(json, 'id');
    const attachment = own(json, 'authenticatorAttachment');
    const slots = {
      __proto__: null, id, rawId: fromB64u(own(json, 'rawId')), type: 'public-key', response, authenticatorAttachment: attachment === undefined ? null : attachment,
      getClientExtensionResults: results, toJSON: { kind, json, results },
    };
    $call($wmSet, SLOTS, credential, slots);
    return credential;
  };

  // toJSON() as Chromium builds it: RegistrationResponseJSON / AuthenticationResponseJSON converted from
  // IDL dictionaries, so members come in lexicographic order (WebAuthn L3 5.1.8, 5.2.1, 5.2.2).
  const credentialToJSON = (s) => {
    const { kind, json, results } = s.toJSON;
    const r = s.response;
    const rs = slotsOf(r);
    const response = {};
    if (kind === 'create') {
      put(response, 'attestationObject', bufferToB64u(rs.attestationObject));
      put(response, 'authenticatorData', bufferToB64u(rs.getAuthenticatorData));
      put(response, 'clientDataJSON', bufferToB64u(rs.clientDataJSON));
      if (rs.getPublicKey) put(response, 'publicKey', bufferToB64u(rs.getPublicKey));
      put(response, 'publicKeyAlgorithm', rs.getPublicKeyAlgorithm);
      put(response, 'transports', copyArray(rs.getTransports));
    } else {
      put(response, 'authenticatorData', bufferToB64u(rs.authenticatorData));
      put(response, 'clientDataJSON', bufferToB64u(rs.clientDataJSON));
      put(response, 'signature', bufferToB64u(rs.signature));
      if (rs.userHandle) put(response, 'userHandle', bufferToB64u(rs.userHandle));
    }
    const out = {};
    if (s.authenticatorAttachment !== null) put(out, 'authenticatorAttachment', s.authenticatorAttachment);
    put(out, 'clientExtensionResults', extensionOutputs(results, true));
    put(out, 'id', s.id);
    put(out, 'rawId', s.id);
    put(out, 'response', response);
    put(out, 'type', 'public-key');
    return out;
  };

  // The prototypes' members (WebAuthn L3 5.1, 5.2, 5.2.1, 5.2.2).
  wrapGetter(PKC_PROTO, 'rawId', (s) => s.rawId);
  wrapGetter(PKC_PROTO, 'response', (s) => s.response);
  wrapGetter(PKC_PROTO, 'authenticatorAttachment', (s) => s.authenticatorAttachment);
  wrapMethod(PKC_PROTO, 'getClientExtensionResults', 'getClientExtensionResults', (s) => extensionOutputs(s.getClientExtensionResults, false));
  wrapMethod(PKC_PROTO, 'toJSON', 'toJSON', (s) => credentialToJSON(s));
  // id and type live on Credential.prototype.
  const CRED_PROTO = $getPrototypeOf(PKC_PROTO);
  wrapGetter(CRED_PROTO, 'id', (s) => s.id);
  wrapGetter(CRED_PROTO, 'type', (s) => s.type);
  if (RESP_PROTO) wrapGetter(RESP_PROTO, 'clientDataJSON', (s) => s.clientDataJSON);
  if (ATT_PROTO) {
    wrapGetter(ATT_PROTO, 'attestationObject', (s) => s.attestationObject);
    wrapMethod(ATT_PROTO, 'getAuthenticatorData', 'getAuthenticatorData', (s) => s.getAuthenticatorData);
    wrapMethod(ATT_PROTO, 'getPublicKey', 'getPublicKey', (s) => s.getPublicKey);
    wrapMethod(ATT_PROTO, 'getPublicKeyAlgorithm', 'getPublicKeyAlgorithm', (s) => s.getPublicKeyAlgorithm);
    wrapMethod(ATT_PROTO, 'getTransports', 'getTransports', (s) => copyArray(s.getTransports));
  }
  if (ASS_PROTO) {
    wrapGetter(ASS_PROTO, 'authenticatorData', (s) => s.authenticatorData);
    wrapGetter(ASS_PROTO, 'signature', (s) => s.signature);
    wrapGetter(ASS_PROTO, 'userHandle', (s) => s.userHandle);
  }
`;
