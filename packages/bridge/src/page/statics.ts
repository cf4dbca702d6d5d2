/**
 * Page fragment: the entry points the shim installs. `navigator.credentials.create/get/store` and the
 * `PublicKeyCredential` statics (WebAuthn L3 5.1.5-5.1.12): capabilities and conditional mediation as the
 * browser reports them (its own answers, with the facts that depend on the authenticator replaced by the
 * emulated preset's), JSON option parsing with the browser's dictionary defaults, and the Signal API acting
 * on the vfido store through Node. Each replacement keeps the native's name, length and toString.
 * @module
 */

/** JavaScript source of the fragment (needs every other fragment, `call`, `original`, `container`, `CONFIG`). */
export const STATICS = String.raw`
  const nativeStatics = { __proto__: null };
  /** Replace a member of target with a stand-in that looks like the native one. */
  const install = (target, key, fn) => {
    const d = $gOPD(target, key);
    const native = d && d.value;
    if (native) {
      nativeStatics[key] = native;
      if (fn.length !== native.length) $defineProperty(fn, 'length', { __proto__: null, value: native.length, writable: false, enumerable: false, configurable: true });
      disguise(fn, native);
    }
    $defineProperty(target, key, { __proto__: null, value: fn, writable: true, enumerable: d ? d.enumerable : true, configurable: true });
  };
  const staticCtx = (op) => ({ __proto__: null, op, iface: 'PublicKeyCredential' });

  install(CCProto, 'create', { create(...args) {
    const options = args[0];
    if (options === null || typeof options !== 'object' || options.publicKey === undefined) return $apply(original.create, this, args);
    return (async () => {
      if (options.password !== undefined || options.federated !== undefined || options.identity !== undefined) throw domError('NotSupportedError', "Failed to execute 'create' on 'CredentialsContainer': Only exactly one of 'password', 'federated', and 'publicKey' credential types are currently supported.");
      return ceremony('create', options);
    })();
  } }.create);
  install(CCProto, 'get', { get(...args) {
    const options = args[0];
    if (options === null || typeof options !== 'object' || options.publicKey === undefined) return $apply(original.get, this, args);
    return ceremony('get', options);
  } }.get);
  install(CCProto, 'store', { store(...args) {
    // A PublicKeyCredential cannot be stored (Credential Management 2.5.3; Chromium: NotSupportedError).
    if (slotsOf(args[0]) !== undefined) return (async () => { throw domError('NotSupportedError', "Failed to execute 'store' on 'CredentialsContainer': Storing PublicKeyCredential objects is not supported."); })();
    return $apply(nativeStatics.store, this, args);
  } }.store);

  install(PKC, 'isUserVerifyingPlatformAuthenticatorAvailable', { async isUserVerifyingPlatformAuthenticatorAvailable() { return CONFIG.uvpa; } }.isUserVerifyingPlatformAuthenticatorAvailable);
  // Whether the browser offers conditional UI is the browser's own fact, not the authenticator's.
  const nativeCma = PKC.isConditionalMediationAvailable;
  install(PKC, 'isConditionalMediationAvailable', { isConditionalMediationAvailable() { return $call(nativeCma, PKC); } }.isConditionalMediationAvailable);
  // The browser's capabilities, with the members that depend on the authenticator taken from the preset,
  // and the Signal API (which the shim serves); keys sorted as the browser sorts them (L3 5.1.7).
  const nativeCaps = PKC.getClientCapabilities;
  install(PKC, 'getClientCapabilities', { async getClientCapabilities() {
    const mine = CONFIG.capabilities;
    const caps = {};
    if (typeof nativeCaps === 'function') { const n = await $call(nativeCaps, PKC); const ks = $ownKeys(n); for (let i = 0; i < ks.length; i++) put(caps, ks[i], n[ks[i]]); }
    const ks = $ownKeys(mine);
    for (let i = 0; i < ks.length; i++) if (!(ks[i] in caps) || ks[i] === 'userVerifyingPlatformAuthenticator' || ks[i] === 'passkeyPlatformAuthenticator') put(caps, ks[i], mine[ks[i]]);
    return sortedObject(caps);
  } }.getClientCapabilities);

  install(PKC, 'parseCreationOptionsFromJSON', { parseCreationOptionsFromJSON(...args) {
    const ctx = staticCtx('parseCreationOptionsFromJSON');
    if (args.length < 1) throw typeError(ctx, '1 argument required, but only 0 present.');
    return IDL_JSON.creation(args[0], ctx, 'options');
  } }.parseCreationOptionsFromJSON);
  install(PKC, 'parseRequestOptionsFromJSON', { parseRequestOptionsFromJSON(...args) {
    const ctx = staticCtx('parseRequestOptionsFromJSON');
    if (args.length < 1) throw typeError(ctx, '1 argument required, but only 0 present.');
    return IDL_JSON.request(args[0], ctx, 'options');
  } }.parseRequestOptionsFromJSON);

  // The Signal API (WebAuthn L3 5.1.10-5.1.12): Node checks the RP ID against the calling frame's origin
  // and updates the vfido store; the page learns nothing about which credentials exist.
  const sendSignal = async (kind, converter, args) => {
    const ctx = staticCtx(kind === 'unknown' ? 'signalUnknownCredential' : kind === 'allAccepted' ? 'signalAllAcceptedCredentials' : 'signalCurrentUserDetails');
    if (args.length < 1) throw typeError(ctx, '1 argument required, but only 0 present.');
    const o = converter(args[0], ctx, 'options');
    const b64 = (v, member) => { if (!fromB64u(v)) throw typeError(ctx, "Invalid base64url string for '" + member + "'."); return v; };
    const options = { __proto__: null, rpId: o.rpId };
    if (kind === 'unknown') options.credentialId = b64(o.credentialId, 'credentialId');
    if (kind !== 'unknown') options.userId = b64(o.userId, 'userId');
    if (kind === 'allAccepted') { const ids = newArray(); for (let i = 0; i < o.allAcceptedCredentialIds.length; i++) push(ids, b64(o.allAcceptedCredentialIds[i], 'allAcceptedCredentialIds')); options.allAcceptedCredentialIds = ids; }
    if (kind === 'currentUser') { options.name = o.name; options.displayName = o.displayName; }
    const result = await call({ __proto__: null, op: 'signal', id: $String(++seq), signal: kind, options });
    if (own(result, 'passthrough') === true) return $call(nativeStatics[ctx.op], PKC, args[0]);
    if (own(result, 'ok') !== true) {
      const name = own(result, 'name');
      if (name === 'TypeError') throw new $TypeError($String(own(result, 'message')));
      throw domError(name === 'SecurityError' ? name : 'NotAllowedError', $String(own(result, 'message')));
    }
    return undefined;
  };
  install(PKC, 'signalUnknownCredential', { signalUnknownCredential(...args) { return sendSignal('unknown', SIGNAL.unknown, args); } }.signalUnknownCredential);
  install(PKC, 'signalAllAcceptedCredentials', { signalAllAcceptedCredentials(...args) { return sendSignal('allAccepted', SIGNAL.allAccepted, args); } }.signalAllAcceptedCredentials);
  install(PKC, 'signalCurrentUserDetails', { signalCurrentUserDetails(...args) { return sendSignal('currentUser', SIGNAL.currentUser, args); } }.signalCurrentUserDetails);
`;
