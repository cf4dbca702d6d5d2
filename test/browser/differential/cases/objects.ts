/** Credential objects: WebIDL attributes are prototype getters, methods are the prototype's (WebAuthn L3 5.1, 5.2). */
import type { DiffCase } from '../case.js';

const ATTRS = `const CR = Credential.prototype, PKC = PublicKeyCredential.prototype, AAR = AuthenticatorAttestationResponse.prototype, ASR = AuthenticatorAssertionResponse.prototype, AR = AuthenticatorResponse.prototype;`;

export const objectCases: DiffCase[] = [
  { name: 'create() result: members, response, toJSON, extension results', fresh: true, page: `return D.create((p) => { p.authenticatorSelection = { residentKey: 'required' }; p.extensions = { credProps: true }; });` },
  { name: 'create() with EdDSA: algorithm and SPKI public key', page: `return D.create((p) => { p.pubKeyCredParams = [{ type: 'public-key', alg: -8 }]; });` },
  { name: 'create() with RS256 only', page: `return D.create((p) => { p.pubKeyCredParams = [{ type: 'public-key', alg: -257 }]; });` },
  { name: 'get() with allowCredentials: members, response, toJSON', page: `const c = await D.cred(); return D.get(null, [c.rawId]);` },
  { name: 'get() discoverable: userHandle comes back', page: `await D.cred(); return D.get((p) => { p.userVerification = 'required'; });` },
  { name: 'PublicKeyCredential prototype chain shape', page: `return D.protoShape(await D.cred());` },
  { name: 'AuthenticatorAttestationResponse prototype chain shape', page: `return D.protoShape((await D.cred()).response);` },
  { name: 'AuthenticatorAssertionResponse prototype chain shape', page: `const c = await D.cred(); return D.protoShape((await navigator.credentials.get(D.gc([c.rawId]))).response);` },
  { name: 'no own properties on credential or response', page: `const c = await D.cred(); return { cred: Reflect.ownKeys(c).map(String), resp: Reflect.ownKeys(c.response).map(String), keys: Object.keys(c), forIn: (() => { const k = []; for (const x in c) k.push(x); return k; })(), has: 'id' in c && 'rawId' in c && 'response' in c, own: Object.prototype.hasOwnProperty.call(c, 'id') };` },
  { name: 'getters and methods look native (toString, name, length)', page: `${ATTRS}
    const out = {};
    for (const [n, proto] of Object.entries({ CR, PKC, AAR, ASR, AR })) for (const k of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, k);
      for (const f of [d.get, d.set, typeof d.value === 'function' ? d.value : undefined]) if (f) out[n + '.' + String(k)] = [D.native(f), f.name, f.length, Function.prototype.toString.call(f).length];
    }
    for (const k of ['create', 'get', 'store', 'preventSilentAccess']) { const f = navigator.credentials[k]; out['cc.' + k] = [D.native(f), f.name, f.length]; }
    for (const k of Object.getOwnPropertyNames(PublicKeyCredential)) { const f = PublicKeyCredential[k]; if (typeof f === 'function') out['static.' + k] = [D.native(f), f.name, f.length]; }
    out.toStringNative = D.native(Function.prototype.toString);
    out.toStringOfToString = Function.prototype.toString.call(Function.prototype.toString);
    return out;` },
  { name: 'getters work when extracted and applied to the credential', page: `${ATTRS} const c = await D.cred();
    const g = (p, k, o) => Object.getOwnPropertyDescriptor(p, k).get.call(o);
    return { id: g(CR, 'id', c) === c.id, rawId: g(PKC, 'rawId', c) instanceof ArrayBuffer, type: g(CR, 'type', c), resp: g(PKC, 'response', c) === c.response, att: g(PKC, 'authenticatorAttachment', c), cdj: g(AR, 'clientDataJSON', c.response) instanceof ArrayBuffer, ao: g(AAR, 'attestationObject', c.response) instanceof ArrayBuffer,
      transports: AAR.getTransports.call(c.response), alg: AAR.getPublicKeyAlgorithm.call(c.response), ext: D.plain(PKC.getClientExtensionResults.call(c)), json: Object.keys(PKC.toJSON.call(c)) };` },
  { name: 'getters and methods reject foreign receivers with TypeError', page: `${ATTRS} const c = await D.cred();
    const g = (p, k) => Object.getOwnPropertyDescriptor(p, k).get;
    const tries = { idOnObject: () => g(CR, 'id').call({}), idOnResponse: () => g(CR, 'id').call(c.response), cdjOnCred: () => g(AR, 'clientDataJSON').call(c), aoOnPlain: () => g(AAR, 'attestationObject').call(Object.create(AAR)),
      transportsOnCred: () => AAR.getTransports.call(c), toJSONOnObject: () => PKC.toJSON.call({}), extOnProto: () => PKC.getClientExtensionResults.call(PKC), sigOnAtt: () => g(ASR, 'signature').call(c.response), protoId: () => PKC.id };
    const out = {}; for (const [k, f] of Object.entries(tries)) out[k] = await D.settle(async () => f()); return out;` },
  { name: 'assigning and deleting members does not change them', fresh: true, page: `const c = await D.cred(); const id = c.id;
    const sloppy = (() => { c.id = 'x'; c.type = 'y'; delete c.rawId; return [c.id === id, c.type, c.rawId instanceof ArrayBuffer]; })();
    const strict = await D.settle(async () => { 'use strict'; c.id = 'x'; });
    const defined = await D.settle(async () => { Object.defineProperty(c, 'id', { value: 'own' }); return c.id; });
    return { sloppy, strict, defined: defined.ok ? 'own' : defined };` },
  {
    name: 'JSON.stringify uses toJSON; structuredClone refuses',
    known: { shim: 'the shim\'s credentials are ordinary objects: structuredClone copies them where it refuses platform objects (DataCloneError)' },
    page: `const c = await D.cred(); const j = JSON.parse(JSON.stringify(c));
    return { keys: Object.keys(j), responseKeys: Object.keys(j.response), clone: await D.settle(async () => structuredClone(c)), cloneResp: await D.settle(async () => structuredClone(c.response)) };` },
  { name: 'toJSON() of a registration: member order and values', page: `const c = await navigator.credentials.create((() => { const o = D.cc(); o.publicKey.extensions = { credProps: true }; return o; })());
    const j = c.toJSON(); const r = j.response;
    return { keys: Object.keys(j), rkeys: Object.keys(r), same: j.id === c.id, ao: r.attestationObject === D.b64u(c.response.attestationObject), ad: r.authenticatorData === D.b64u(c.response.getAuthenticatorData()), pk: r.publicKey === D.b64u(c.response.getPublicKey()), alg: r.publicKeyAlgorithm, tr: r.transports, ext: j.clientExtensionResults, fresh: c.toJSON() !== j };` },
  { name: 'toJSON() of an assertion: member order and values', page: `const c = await D.cred(); const a = await navigator.credentials.get(D.gc([c.rawId])); const j = a.toJSON(); const r = j.response;
    return { keys: Object.keys(j), rkeys: Object.keys(r), sig: r.signature === D.b64u(a.response.signature), uh: r.userHandle === D.b64u(a.response.userHandle), cdj: r.clientDataJSON === D.b64u(a.response.clientDataJSON), ext: j.clientExtensionResults };` },
  { name: 'constructors are illegal; instanceof and constructor hold', page: `const c = await D.cred();
    return { ctor: await D.settle(async () => new PublicKeyCredential()), respCtor: await D.settle(async () => new AuthenticatorAttestationResponse()), isCred: c instanceof Credential, isResp: c.response instanceof AuthenticatorResponse, ctorIs: c.constructor === PublicKeyCredential, tag: String(c), respTag: String(c.response) };` },
  { name: 'returned buffers: same object each read, fresh copies from methods', fresh: true, page: `const c = await D.cred(); const r = c.response;
    const ad = r.getAuthenticatorData(); new Uint8Array(ad)[0] ^= 1; const pk = r.getPublicKey(); new Uint8Array(pk)[0] ^= 1;
    const raw = c.rawId; new Uint8Array(raw)[0] ^= 1;
    return { adFresh: new Uint8Array(r.getAuthenticatorData())[0] !== new Uint8Array(ad)[0], pkFresh: new Uint8Array(r.getPublicKey())[0] !== new Uint8Array(pk)[0], rawShared: new Uint8Array(c.rawId)[0] === new Uint8Array(raw)[0], idStable: c.id === D.b64u(c.rawId) };` },
];
