/**
 * The page-side helpers every differential case uses (`window.D`), installed as a page init script before
 * any case runs. They only observe: outcomes are reduced to what a page can see (error class and name,
 * members, descriptors, prototype shapes), never to values that differ between authenticators (ids, keys).
 * Intrinsics are captured when the helpers load, so cases that tamper with globals still read clean.
 */
export const PAGE_HELPERS = String.raw`
(() => {
  if (window.D) return;
  const { getPrototypeOf, getOwnPropertyDescriptor, keys } = Object;
  const ownKeys = Reflect.ownKeys;
  const toStr = Object.prototype.toString;
  const fnToString = Function.prototype.toString;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const isView = ArrayBuffer.isView;
  const Td = TextDecoder;
  // navigator.credentials is read at call time: the helpers load before the authenticator's script.
  const create = (o) => navigator.credentials.create(o);
  const get = (o) => navigator.credentials.get(o);
  const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
  const b64u = (buf) => { let s = ''; for (const b of new Uint8Array(buf)) s += String.fromCharCode(b); return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''); };
  const cc = () => ({ publicKey: { rp: { name: 'vfido differential' }, user: { id: rnd(16), name: 'ada@example.com', displayName: 'Ada' }, challenge: rnd(32), pubKeyCredParams: [{ type: 'public-key', alg: -7 }], timeout: 10000 } });
  const gc = (ids) => ({ publicKey: { challenge: rnd(32), timeout: 10000, ...(ids && { allowCredentials: ids.map((id) => ({ type: 'public-key', id })) }) } });
  const errorOf = (e) => {
    if (e instanceof DOMException) return { error: 'DOMException', name: e.name };
    if (e instanceof TypeError) return { error: 'TypeError' };
    if (e === undefined || e === null) return { error: String(e) };
    return { error: typeof e === 'object' ? (e.constructor && e.constructor.name) || 'object' : typeof e, name: e.name, value: typeof e === 'object' ? undefined : e };
  };
  const settle = async (fn) => { try { return { ok: true, value: await fn() }; } catch (e) { return { ok: false, ...errorOf(e) }; } };
  // A value made comparable: buffers become their class and length, functions their name and length.
  const plain = (v, depth = 0) => {
    if (v === null || v === undefined || typeof v !== 'object' && typeof v !== 'function') return v;
    if (typeof v === 'function') return 'function ' + v.name + '/' + v.length;
    if (v instanceof ArrayBuffer) return 'ArrayBuffer(' + v.byteLength + ')';
    if (isView(v)) return v.constructor.name + '(' + v.byteLength + ')';
    if (depth > 6) return '...';
    if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
    const out = {};
    for (const k of keys(v)) out[k] = plain(v[k], depth + 1);
    return out;
  };
  // A JSON value with its strings reduced to their type (base64url outputs differ per authenticator).
  const shapeJSON = (v) => (typeof v === 'string' ? 'string' : Array.isArray(v) ? v.map(shapeJSON) : v && typeof v === 'object' ? Object.fromEntries(keys(v).map((k) => [k, shapeJSON(v[k])])) : v);
  const descriptor = (o, k) => {
    const d = getOwnPropertyDescriptor(o, k);
    if (!d) return null;
    const out = { enumerable: d.enumerable, configurable: d.configurable };
    if ('value' in d) { out.value = typeof d.value === 'function' ? 'function ' + d.value.name + '/' + d.value.length : typeof d.value; out.writable = d.writable; }
    if (d.get) out.get = d.get.name + '/' + d.get.length;
    if (d.set) out.set = d.set.name;
    return out;
  };
  // The prototype chain of an object: each level's class tag, own keys and their descriptors.
  const protoShape = (o) => {
    const levels = [];
    for (let p = o; p && p !== Object.prototype; p = getPrototypeOf(p)) {
      const ks = ownKeys(p).map(String);
      const d = {};
      for (const k of ownKeys(p)) d[String(k)] = descriptor(p, k);
      levels.push({ tag: toStr.call(p), keys: ks, descriptors: d });
    }
    return levels;
  };
  const clientData = (buf) => { const c = parse(new Td().decode(buf)); return { keys: keys(c).filter((k) => k !== 'other_keys_can_be_added_here'), type: c.type, origin: c.origin === location.origin, crossOrigin: c.crossOrigin }; };
  // Everything a page can read off a credential, minus the values that differ per authenticator.
  const summary = (c) => {
    if (c === null || c === undefined || typeof c !== 'object') return { value: String(c) };
    const r = c.response;
    const out = {
      tag: toStr.call(c), own: ownKeys(c).map(String), type: c.type, idIsB64uOfRawId: c.id === b64u(c.rawId), rawId: plain(c.rawId),
      sameRawId: c.rawId === c.rawId, sameResponse: c.response === c.response, attachment: c.authenticatorAttachment,
      isPKC: c instanceof PublicKeyCredential, responseTag: toStr.call(r), responseOwn: ownKeys(r).map(String),
      clientData: clientData(r.clientDataJSON), ext: plain(c.getClientExtensionResults()),
      sameExt: c.getClientExtensionResults() === c.getClientExtensionResults(),
    };
    const j = c.toJSON();
    out.json = { keys: keys(j), responseKeys: keys(j.response), type: j.type, idMatches: j.id === c.id && j.rawId === c.id, attachment: j.authenticatorAttachment, ext: shapeJSON(j.clientExtensionResults) };
    if (r instanceof AuthenticatorAttestationResponse) {
      out.attestation = { attObj: r.attestationObject instanceof ArrayBuffer, transports: r.getTransports(), alg: r.getPublicKeyAlgorithm(), key: plain(r.getPublicKey()), authData: r.getAuthenticatorData().byteLength > 37, freshAuthData: r.getAuthenticatorData() !== r.getAuthenticatorData(), freshTransports: r.getTransports() !== r.getTransports(), sameCdj: r.clientDataJSON === r.clientDataJSON };
    } else {
      // authenticatorData's length depends on the authenticator's extension outputs: only its class and minimum.
      out.assertion = { authData: r.authenticatorData instanceof ArrayBuffer && r.authenticatorData.byteLength >= 37, sig: r.signature instanceof ArrayBuffer, userHandle: plain(r.userHandle), sameSig: r.signature === r.signature };
    }
    return out;
  };
  let cred;
  const D = {
    rnd, b64u, cc, gc, settle, plain, descriptor, protoShape, summary, errorOf, stringify,
    // create()/get() after mutate(publicKeyOptions, options), summarized.
    create: (mutate) => settle(async () => { const o = cc(); if (mutate) mutate(o.publicKey, o); return summary(await create(o)); }),
    get: (mutate, ids) => settle(async () => { const o = gc(ids); if (mutate) mutate(o.publicKey, o); return summary(await get(o)); }),
    raw: { create, get },
    // One discoverable credential per page, made on first use.
    cred: async () => (cred ??= await D.newCred(rnd(8))),
    // A new discoverable credential for the user id.
    newCred: (userId) => create((() => { const o = cc(); o.publicKey.authenticatorSelection = { residentKey: 'required', userVerification: 'preferred' }; o.publicKey.user.id = userId; return o; })()),
    // Whether a promise settles within ms; its outcome if it does.
    within: (p, ms) => Promise.race([settle(() => p), new Promise((r) => setTimeout(() => r('pending'), ms))]),
    // Function.prototype.toString as the page sees it when it calls it (the helpers load before the shim).
    native: (f) => Function.prototype.toString.call(f).includes('[native code]'),
  };
  Object.defineProperty(window, 'D', { value: D });
})();
`;
