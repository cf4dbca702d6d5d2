/** Pages that tamper with intrinsics before or after the authenticator's script loads. */
import type { DiffCase } from '../case.js';

/**
 * Replace intrinsics the way careless or hostile page code does (after saving nothing), JSON.stringify and
 * toJSON included (the page script serializes its messages, and lets Playwright's binding code serialize
 * them, with the browser's JSON).
 */
const TAMPER = `
  JSON.stringify = () => { throw new Error('JSON.stringify tampered'); };
  Array.prototype.toJSON = function () { return 'array toJSON'; }; Object.prototype.toJSON = function () { return 'object toJSON'; };
  Object.defineProperty(Object.prototype, 'tamperedGetter', { get() { return 1; }, configurable: true });
  JSON.parse = () => ({ tampered: true });
  Array.from = () => { throw new Error('Array.from tampered'); };
  Array.prototype.map = function () { throw new Error('map tampered'); };
  Object.defineProperty = () => { throw new Error('defineProperty tampered'); };
  Object.assign = () => ({});
  Object.create = () => ({ tampered: true });
  Promise.prototype.then = ((then) => function (a, b) { return then.call(this, a, b); })(Promise.prototype.then);
  window.Promise = class extends Promise {};
  Uint8Array.prototype.toBase64 = () => 'tampered';
  Uint8Array.fromBase64 = () => new Uint8Array(1);
  window.btoa = () => 'tampered'; window.atob = () => 'x';
  Object.prototype.ok = 'tampered'; Object.prototype.passthrough = true; Object.prototype.name = 'tampered';
  WeakMap.prototype.get = () => undefined; WeakMap.prototype.has = () => true;
`;
/**
 * What a polyfill or an old library loaded before the authenticator's script does: globals wrapped (still
 * working), prototypes polluted with enumerable members, a counting array iterator, Array.prototype.toJSON
 * as Prototype.js set it. Nothing can undo a global replaced by a broken one before the shim captures it.
 */
const POLLUTE = `
  Array.prototype.toJSON = function () { return [...this]; };
  const wrap = (o, k) => { const f = o[k]; o[k] = function (...a) { window.__calls = (window.__calls || 0) + 1; return f.apply(this, a); }; };
  wrap(JSON, 'stringify'); wrap(JSON, 'parse'); wrap(Array, 'from'); wrap(Object, 'defineProperty'); wrap(Object, 'keys');
  Object.prototype.ok = 'tampered'; Object.prototype.passthrough = true; Object.prototype.response = 'tampered'; Object.prototype.extensions = undefined;
  const it = Array.prototype[Symbol.iterator]; Array.prototype[Symbol.iterator] = function () { return it.call(this); };
`;
// The page's own code: what it asks and how it reads the result uses only untouched syntax.
const CEREMONY = `
  const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
  const out = {};
  try {
    const c = await navigator.credentials.create({ publicKey: { rp: { name: 'x' }, user: { id: rnd(4), name: 'a', displayName: 'A' }, challenge: rnd(16), pubKeyCredParams: [{ type: 'public-key', alg: -7 }], authenticatorSelection: { residentKey: 'required' }, extensions: { credProps: true } } });
    out.create = [typeof c.id, c.type, c.rawId instanceof ArrayBuffer, c.rawId.byteLength > 15, c.response.clientDataJSON instanceof ArrayBuffer, c.response.getTransports()[0], c.getClientExtensionResults().credProps.rk, typeof c.toJSON().response.attestationObject];
    const a = await navigator.credentials.get({ publicKey: { challenge: rnd(16), allowCredentials: [{ type: 'public-key', id: c.rawId }] } });
    out.get = [a.id === c.id, a.response.signature instanceof ArrayBuffer, a.response.userHandle.byteLength];
  } catch (e) { out.error = [e instanceof DOMException, e instanceof TypeError, e.name]; }
  try { await navigator.credentials.create({ publicKey: { rp: { name: 'x' }, user: { id: rnd(4), name: 'a', displayName: 'A' }, pubKeyCredParams: [] } }); out.typeError = 'resolved'; } catch (e) { out.typeError = [e instanceof TypeError, e.name]; }
  try { const k = await PublicKeyCredential.getClientCapabilities(); out.caps = typeof k; } catch (e) { out.caps = e.name; }
  return out;
`;

export const intrinsicCases: DiffCase[] = [
  { name: 'globals wrapped and prototypes polluted before the authenticator\'s script', init: POLLUTE, page: CEREMONY },
  { name: 'globals wrapped and prototypes polluted after the authenticator\'s script', fresh: true, page: `${POLLUTE} ${CEREMONY}` },
  { name: 'intrinsics tampered after the authenticator\'s script', fresh: true, page: `${TAMPER} ${CEREMONY}` },
  { name: 'options objects with hostile getters and Symbol.iterator', fresh: true, page: `
    let reads = 0; const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
    const params = [{ type: 'public-key', alg: -7 }]; params[Symbol.iterator] = function* () { reads++; yield { type: 'public-key', alg: -257 }; };
    const o = { rp: { name: 'x' }, user: { id: rnd(4), name: 'a', displayName: 'A' }, challenge: rnd(16), pubKeyCredParams: params };
    const c = await navigator.credentials.create({ publicKey: o });
    return { alg: c.response.getPublicKeyAlgorithm(), reads };` },
];
