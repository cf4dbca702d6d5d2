/** Pages that tamper with intrinsics before or after the authenticator's script loads. */
import type { DiffCase } from '../case.js';

/** Replace intrinsics the way careless or hostile page code does (after saving nothing). */
const TAMPER = `
  JSON.stringify = () => '{"tampered":true}';
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
  Object.defineProperty(Object.prototype, 'tamperedGetter', { get() { return 1; }, configurable: true });
  Object.prototype.ok = 'tampered'; Object.prototype.passthrough = true; Object.prototype.name = 'tampered';
  WeakMap.prototype.get = () => undefined; WeakMap.prototype.has = () => true;
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
  { name: 'intrinsics tampered before the authenticator\'s script', init: TAMPER, page: CEREMONY },
  { name: 'intrinsics tampered after the authenticator\'s script', fresh: true, page: `${TAMPER} ${CEREMONY}` },
  { name: 'options objects with hostile getters and Symbol.iterator', fresh: true, page: `
    let reads = 0; const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
    const params = [{ type: 'public-key', alg: -7 }]; params[Symbol.iterator] = function* () { reads++; yield { type: 'public-key', alg: -257 }; };
    const o = { rp: { name: 'x' }, user: { id: rnd(4), name: 'a', displayName: 'A' }, challenge: rnd(16), pubKeyCredParams: params };
    const c = await navigator.credentials.create({ publicKey: o });
    return { alg: c.response.getPublicKeyAlgorithm(), reads };` },
];
