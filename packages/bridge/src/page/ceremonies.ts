/**
 * Page fragment: `navigator.credentials.create()/get()` for `publicKey` requests (WebAuthn L3 5.1.3,
 * 5.1.4): WebIDL conversion of the options, the client-side checks the browser makes before any
 * authenticator is involved (unknown enum values ignored per L3 5.4.4, wrong-ceremony extensions, appid),
 * the JSON request to Node, abort with `signal.reason` at any time (L3 5.6), and the browser's error
 * hiding (L3 5.1.3 step 22: every authenticator failure but InvalidStateError is a NotAllowedError).
 * @module
 */

/** JavaScript source of the fragment (needs INTRINSICS, BYTES, WEBIDL, WEBAUTHN_IDL, CREDENTIAL_OBJECTS and `call`). */
export const CEREMONIES = String.raw`
  const KNOWN = {
    __proto__: null,
    attachment: { __proto__: null, platform: 1, 'cross-platform': 1 },
    requirement: { __proto__: null, required: 1, preferred: 1, discouraged: 1 },
    attestation: { __proto__: null, none: 1, indirect: 1, direct: 1, enterprise: 1 },
    hints: { __proto__: null, 'security-key': 1, 'client-device': 1, hybrid: 1 },
    transports: { __proto__: null, usb: 1, nfc: 1, ble: 1, 'smart-card': 1, hybrid: 1, internal: 1 },
  };
  const known = (table, v) => v !== undefined && table[v] === 1;
  // Chromium refuses more than 64 allow/exclude entries with a RangeError-named DOMException before any
  // authenticator is asked (content/browser/webauthn; the differential suite shows it).
  const MAX_CREDENTIALS = 64;
  const descriptorsJSON = (list, ctx, member) => {
    if (list.length > MAX_CREDENTIALS) throw domError('RangeError', "Failed to execute '" + ctx.op + "' on 'CredentialsContainer': The '" + member + "' attribute exceeds the maximum allowed size (" + MAX_CREDENTIALS + ').');
    const out = newArray();
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (d.type !== 'public-key') continue; // unknown credential types are ignored (L3 5.8.3)
      const json = { __proto__: null, type: 'public-key', id: bufferToB64u(d.id) };
      if (d.transports !== undefined) { const t = newArray(); for (let j = 0; j < d.transports.length; j++) if (known(KNOWN.transports, d.transports[j])) push(t, d.transports[j]); json.transports = t; }
      push(out, json);
    }
    return out;
  };
  const b64uValues = (v) => { const o = { __proto__: null, first: bufferToB64u(v.first) }; if (v.second !== undefined) o.second = bufferToB64u(v.second); return o; };
  /** Extension inputs as JSON for Node: known members only, bytes as base64url. */
  const extensionsJSON = (e, op) => {
    const out = { __proto__: null };
    if (!e) return out;
    if (op === 'create' && e.credProps) out.credProps = true;
    if (e.credentialProtectionPolicy !== undefined) { out.credentialProtectionPolicy = e.credentialProtectionPolicy; out.enforceCredentialProtectionPolicy = e.enforceCredentialProtectionPolicy; }
    if (e.credBlob !== undefined) out.credBlob = bufferToB64u(e.credBlob);
    if (e.getCredBlob !== undefined) out.getCredBlob = e.getCredBlob;
    if (e.minPinLength !== undefined) out.minPinLength = e.minPinLength;
    if (e.largeBlob !== undefined) {
      const lb = { __proto__: null };
      if (e.largeBlob.support !== undefined) lb.support = e.largeBlob.support;
      if (e.largeBlob.read !== undefined) lb.read = e.largeBlob.read;
      if (e.largeBlob.write !== undefined) lb.write = bufferToB64u(e.largeBlob.write);
      out.largeBlob = lb;
    }
    if (e.prf !== undefined) {
      const prf = { __proto__: null };
      if (e.prf.eval !== undefined) prf.eval = b64uValues(e.prf.eval);
      if (e.prf.evalByCredential !== undefined) { const by = { __proto__: null }; const ks = $ownKeys(e.prf.evalByCredential); for (let i = 0; i < ks.length; i++) by[ks[i]] = b64uValues(e.prf.evalByCredential[ks[i]]); prf.evalByCredential = by; }
      out.prf = prf;
    } else if (op === 'create' && e.hmacCreateSecret === true) {
      out.prf = { __proto__: null }; // hmacCreateSecret is hmac-secret without PRF salts: ask for it through prf
    }
    return out;
  };
  const endsWithLabel = (name, suffix) => name.length > suffix.length + 1 && name[name.length - suffix.length - 1] === '.' && (() => { for (let i = 0; i < suffix.length; i++) if (name[name.length - suffix.length + i] !== suffix[i]) return false; return true; })();
  /** The appid extension (WebAuthn L3 10.1.1; FIDO AppID and Facet 3.1.2): only an https URL of the caller's site. */
  const checkAppid = (appid, ctx) => {
    let url;
    try { url = new $URL(appid); } catch { throw domError('SyntaxError', "Failed to execute '" + ctx.op + "' on 'CredentialsContainer': The appid extension value is not a valid URL."); }
    const host = $call($urlHostname, url);
    const mine = hostname();
    const related = host === mine || endsWithLabel(mine, host) || endsWithLabel(host, mine);
    if ($call($urlProtocol, url) !== 'https:' || !related) throw domError('SecurityError', "Failed to execute '" + ctx.op + "' on 'CredentialsContainer': The appid extension value is not valid for this origin.");
  };
  const notSupported = (op, what) => domError('NotSupportedError', "Failed to execute '" + op + "' on 'CredentialsContainer': " + what);
  // Extension inputs that belong to the other ceremony or contradict each other (WebAuthn L3 10.1.4, 10.1.5).
  const CRED_PROTECT = { __proto__: null, userVerificationOptional: 1, userVerificationOptionalWithCredentialIDList: 1, userVerificationRequired: 1 };
  const checkCreateExtensions = (e, selection) => {
    if (!e) return;
    // credProtect (CTAP 2.1 12.1) as Chromium checks it: an unknown policy, enforcement without a policy,
    // userVerificationRequired without required UV, or userVerificationOptional for a non-discoverable
    // credential is "inconsistent" (NotSupportedError).
    const policy = e.credentialProtectionPolicy;
    if (policy !== undefined && CRED_PROTECT[policy] !== 1) throw notSupported('create', 'Required parameters missing in \x60options.publicKey\x60.');
    const rk = selection && known(KNOWN.requirement, selection.residentKey) ? selection.residentKey : selection && selection.requireResidentKey ? 'required' : 'discouraged';
    const uv = selection && known(KNOWN.requirement, selection.userVerification) ? selection.userVerification : 'preferred';
    if ((policy === undefined && e.enforceCredentialProtectionPolicy) || (policy === 'userVerificationRequired' && uv !== 'required') || (policy === 'userVerificationOptional' && rk === 'discouraged')) {
      throw notSupported('create', 'Requested protection policy is inconsistent or incongruent with other requested parameters.');
    }
    if (e.prf !== undefined && e.prf.evalByCredential !== undefined) throw notSupported('create', "The 'evalByCredential' field cannot be set when creating a credential.");
    if (e.largeBlob !== undefined && (e.largeBlob.read !== undefined || e.largeBlob.write !== undefined)) throw notSupported('create', "The 'largeBlob' extension's 'read' and 'write' fields cannot be set when creating a credential.");
  };
  const checkGetExtensions = (e, allow) => {
    if (!e) return;
    if (e.largeBlob !== undefined) {
      if (e.largeBlob.support !== undefined) throw notSupported('get', "The 'largeBlob' extension's 'support' field is only valid when creating a credential.");
      if (e.largeBlob.read === true && e.largeBlob.write !== undefined) throw notSupported('get', "Only one of the 'largeBlob' extension's 'read' and 'write' fields can be set.");
      if (e.largeBlob.write !== undefined && allow.length !== 1) throw notSupported('get', "The 'largeBlob' extension's 'write' field requires exactly one credential in 'allowCredentials'.");
    }
    const by = e.prf !== undefined ? e.prf.evalByCredential : undefined;
    if (by !== undefined) {
      const keys = $ownKeys(by);
      if (keys.length > 0 && allow.length === 0) throw notSupported('get', "'evalByCredential' can only be set when 'allowCredentials' is not empty.");
      for (let i = 0; i < keys.length; i++) {
        const id = fromB64u(keys[i]);
        let listed = false;
        for (let j = 0; id && j < allow.length; j++) if (allow[j].type === 'public-key' && bufferToB64u(allow[j].id) === bufferToB64u(id)) listed = true;
        if (!listed) throw domError('SyntaxError', "Failed to execute 'get' on 'CredentialsContainer': 'evalByCredential' contains a key that is not a base64url credential ID from 'allowCredentials'.");
      }
    }
  };
  const creationJSON = (o, ctx) => {
    const e = o.extensions;
    checkCreateExtensions(e, o.authenticatorSelection);
    if (e && e.appid !== undefined) throw domError('NotSupportedError', "Failed to execute 'create' on 'CredentialsContainer': The 'appid' extension is only valid when requesting an assertion for a pre-existing credential that was registered using the legacy FIDO U2F API.");
    const params = newArray();
    for (let i = 0; i < o.pubKeyCredParams.length; i++) { const p = o.pubKeyCredParams[i]; if (p.type === 'public-key') push(params, { __proto__: null, type: 'public-key', alg: p.alg }); }
    if (o.pubKeyCredParams.length === 0) { push(params, { __proto__: null, type: 'public-key', alg: -7 }); push(params, { __proto__: null, type: 'public-key', alg: -257 }); }
    else if (params.length === 0) throw domError('NotSupportedError', "Failed to execute 'create' on 'CredentialsContainer': Required parameters missing in 'options.publicKey.pubKeyCredParams'.");
    const rp = { __proto__: null, name: o.rp.name };
    if (o.rp.id !== undefined) rp.id = o.rp.id;
    const json = {
      __proto__: null, rp, user: { __proto__: null, id: bufferToB64u(o.user.id), name: o.user.name, displayName: o.user.displayName },
      challenge: bufferToB64u(o.challenge), pubKeyCredParams: params, excludeCredentials: descriptorsJSON(o.excludeCredentials, ctx, 'excludeCredentials'),
      attestation: known(KNOWN.attestation, o.attestation) ? o.attestation : 'none', extensions: extensionsJSON(e, 'create'),
    };
    if (o.timeout !== undefined) json.timeout = o.timeout;
    const hints = newArray(); for (let i = 0; i < o.hints.length; i++) if (known(KNOWN.hints, o.hints[i])) push(hints, o.hints[i]);
    json.hints = hints;
    const s = o.authenticatorSelection;
    if (s) {
      const sel = { __proto__: null, requireResidentKey: s.requireResidentKey };
      if (known(KNOWN.attachment, s.authenticatorAttachment)) sel.authenticatorAttachment = s.authenticatorAttachment; // unknown values are ignored (L3 5.4.4)
      if (known(KNOWN.requirement, s.residentKey)) sel.residentKey = s.residentKey;
      if (known(KNOWN.requirement, s.userVerification)) sel.userVerification = s.userVerification;
      json.authenticatorSelection = sel;
    }
    return json;
  };
  const requestJSON = (o, ctx) => {
    const e = o.extensions;
    if (e && e.credProps === true) throw domError('NotSupportedError', "Failed to execute 'get' on 'CredentialsContainer': The 'credProps' extension is only valid when creating a credential.");
    if (e && e.appid !== undefined) checkAppid(e.appid, ctx);
    checkGetExtensions(e, o.allowCredentials);
    const json = { __proto__: null, challenge: bufferToB64u(o.challenge), allowCredentials: descriptorsJSON(o.allowCredentials, ctx, 'allowCredentials'), userVerification: known(KNOWN.requirement, o.userVerification) ? o.userVerification : 'preferred', extensions: extensionsJSON(e, 'get') };
    if (o.timeout !== undefined) json.timeout = o.timeout;
    if (o.rpId !== undefined) json.rpId = o.rpId;
    const hints = newArray(); for (let i = 0; i < o.hints.length; i++) if (known(KNOWN.hints, o.hints[i])) push(hints, o.hints[i]);
    json.hints = hints;
    return json;
  };
  /** What getClientExtensionResults() reports beyond Node's outputs (members the browser itself answers). */
  const resultsFor = (op, e) => (json) => {
    const out = { ...json };
    if (op === 'create' && e && e.hmacCreateSecret === true) {
      const prf = own(json, 'prf');
      put(out, 'hmacCreateSecret', !!(prf && own(prf, 'enabled')));
      if (e.prf === undefined) delete out.prf;
    }
    if (op === 'get' && e && e.appid !== undefined) put(out, 'appid', false); // vfido holds no U2F registration for an appid
    // Chromium always answers getCredBlob, with an empty blob when the credential has none.
    if (op === 'get' && e && e.getCredBlob === true && own(json, 'getCredBlob') === undefined) put(out, 'getCredBlob', '');
    return out;
  };
  // Names Node may answer with that the browser shows as they are (OperationError: "A request is already
  // pending.", refused before any authenticator); everything else an authenticator or the
  // client reports after the request started is hidden as NotAllowedError (L3 5.1.3 step 22, 5.1.4.2).
  const VISIBLE = { __proto__: null, InvalidStateError: 1, SecurityError: 1, NotAllowedError: 1, TypeError: 1, SyntaxError: 1, NotSupportedError: 0, OperationError: 1 };
  const signalState = (signal) => {
    if (signal === undefined) return undefined;
    try { return { aborted: $call($signalAborted, signal), reason: () => $call($signalReason, signal) }; } catch { return null; }
  };
  const MEDIATION = { __proto__: null, silent: 1, optional: 1, conditional: 1, required: 1, immediate: 1 };
  let seq = 0;
  // Whether this document is not same-origin with every ancestor, read at install (before page scripts):
  // create() there needs transient activation and consumes it (WebAuthn L3 5.1.3 step 2; Chromium 156
  // consumes it synchronously in create(), never in get()).
  const crossOriginFrame = (() => {
    try {
      const list = REALM.ancestorOrigins;
      if (typeof list === 'string') { if (list === '') return false; const os = list.split(' '); for (let i = 0; i < os.length; i++) if (os[i] !== REALM.origin) return true; return false; }
      for (let w = self, i = 0; i < 64 && w !== w.parent; i++) { w = w.parent; if (w.origin !== self.origin) return true; }
      return false;
    } catch { return true; } // an ancestor's origin is not readable: cross-origin
  })();
  // Consume the activation as the browser's own create() does: a native create() whose user handle is too
  // long consumes it and is then refused in the page (TypeError), before any authenticator is asked.
  const consumeActivation = () => {
    try {
      const publicKey = { __proto__: null, rp: { __proto__: null, name: 'vfido' }, user: { __proto__: null, id: new $U8(65), name: 'vfido', displayName: 'vfido' }, challenge: new $U8(16), pubKeyCredParams: [] };
      $call($then, $call(original.create, container, { __proto__: null, publicKey }), undefined, () => undefined);
    } catch { /* nothing to consume with */ }
  };
  const ceremony = async (op, options) => {
    const ctx = { __proto__: null, op, iface: 'CredentialsContainer' };
    const signal = options.signal;
    const state = signalState(signal);
    if (state === null) throw typeError(ctx, "Failed to read the 'signal' property from 'CredentialRequestOptions': Failed to convert value to 'AbortSignal'.");
    const mediation = options.mediation;
    if (mediation !== undefined && MEDIATION[mediation] !== 1) throw typeError(ctx, "Failed to read the 'mediation' property from 'CredentialRequestOptions': The provided value '" + $String(mediation) + "' is not a valid enum value of type CredentialMediationRequirement.");
    const converted = (op === 'create' ? IDL.creation : IDL.request)(options.publicKey, ctx, 'publicKey');
    if (state && state.aborted) throw state.reason();
    const json = op === 'create' ? creationJSON(converted, ctx) : requestJSON(converted, ctx);
    // A zero timeout has run out before any authenticator answers (Chromium rejects at once).
    if (converted.timeout === 0) throw domError('NotAllowedError', 'The operation either timed out or was not allowed. See: https://www.w3.org/TR/webauthn-2/#sctn-privacy-considerations-client.');
    const results = resultsFor(op, converted.extensions);
    const id = $String(++seq);
    let onAbort;
    const aborted = new $Promise((resolve, reject) => {
      if (!state) return;
      onAbort = () => { $call($then, call({ __proto__: null, op: 'abort', id }), undefined, () => undefined); reject($call($signalReason, signal)); };
      $call($addEventListener, signal, 'abort', onAbort, { __proto__: null, once: true });
    });
    const message = { __proto__: null, op, id, options: json };
    // Only conditional mediation changes what Node does; 'silent', 'optional' and 'required' run as modal requests.
    if (mediation === 'conditional') message.mediation = 'conditional';
    let activeWhileWaiting;
    const answered = (async () => {
      const result = await call(message);
      // Playwright's binding hands the answer over in an evaluation with a user gesture, which gives the frame
      // an activation the browser's own WebAuthn never gives: use it up again (cross-origin frames, where
      // create() can; a click during the ceremony is lost with it).
      if (crossOriginFrame && activeWhileWaiting === false && isActive()) consumeActivation();
      if (own(result, 'passthrough') === true) return { __proto__: null, passthrough: true };
      if (own(result, 'ok') !== true) {
        const name = own(result, 'name');
        const text = $String(own(result, 'message'));
        if (name === 'TypeError') throw new $TypeError(text);
        throw domError(VISIBLE[name] === 1 ? name : 'NotAllowedError', text);
      }
      return makeCredential(own(result, 'response'), op, { results });
    })();
    // The message above went out with the activation state of this call; now use the activation up.
    if (op === 'create' && crossOriginFrame && isActive && isActive() && (!REALM.policy || REALM.policy.create)) consumeActivation();
    if (isActive) activeWhileWaiting = isActive();
    try {
      const outcome = await new $Promise((resolve, reject) => { $call($then, answered, resolve, reject); $call($then, aborted, resolve, reject); });
      if (outcome && outcome.passthrough === true && slotsOf(outcome) === undefined) return $call(original[op], container, options);
      return outcome;
    } finally {
      if (state) $call($removeEventListener, signal, 'abort', onAbort);
    }
  };
`;
