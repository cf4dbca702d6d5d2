/** PublicKeyCredential statics, JSON parsing, the Signal API and store() (WebAuthn L3 5.1.5-5.1.12). */
import type { DiffCase } from '../case.js';

/**
 * With its testing API on, Chromium answers isConditionalMediationAvailable() (and conditionalGet) with
 * whether a virtual user-verifying platform authenticator is attached (content's
 * WebAuthenticationDelegate::IsUserVerifyingPlatformAuthenticatorAvailableOverride); the shim leaves the
 * testing API off, so the page gets the browser's own product answer, which a roaming key does not change.
 */
const CONDITIONAL_OFF = "Chromium's testing API answers conditional mediation from the virtual authenticators attached; the shim reports the browser's own answer";
const CREATION_JSON = `{ rp: { name: 'x', id: location.hostname }, user: { id: 'AQID', name: 'ada', displayName: 'Ada' }, challenge: 'AAECAwQFBgc', pubKeyCredParams: [{ type: 'public-key', alg: -7 }] }`;
const parse = (name: string, body: string): DiffCase => ({ name: `parse: ${name}`, page: `return D.settle(async () => D.plain(${body}));` });
// Signal cases share the page: each makes its own user's credential and removes it again (Chromium's
// virtual authenticator holds few discoverable credentials).
const CLEANUP = `await PublicKeyCredential.signalUnknownCredential({ rpId: location.hostname, credentialId: c.id });`;
const PREFIX = 'const u = D.rnd(8); const c = await D.newCred(u); ';
const signal = (name: string, body: string): DiffCase => ({ name: `signal: ${name}`, page: body.startsWith(PREFIX) ? `${PREFIX} try { ${body.slice(PREFIX.length)} } finally { ${CLEANUP} }` : body });

export const staticCases: DiffCase[] = [
  {
    name: 'getClientCapabilities(): members, values and key order',
    known: { shim: CONDITIONAL_OFF },
    page: `const c = await PublicKeyCredential.getClientCapabilities(); return { keys: Object.keys(c), c, proto: Object.getPrototypeOf(c) === Object.prototype, fresh: c !== await PublicKeyCredential.getClientCapabilities() };` },
  {
    name: 'isConditionalMediationAvailable() and isUserVerifyingPlatformAuthenticatorAvailable()',
    known: { shim: CONDITIONAL_OFF },
    page: `return { cma: await PublicKeyCredential.isConditionalMediationAvailable(), uvpa: await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable() };` },
  { name: 'statics: descriptors of PublicKeyCredential', page: `const out = {}; for (const k of Reflect.ownKeys(PublicKeyCredential)) out[String(k)] = D.descriptor(PublicKeyCredential, k); return out;` },
  parse('creation options, defaults filled in', `PublicKeyCredential.parseCreationOptionsFromJSON(${CREATION_JSON})`),
  parse('creation options, every member', `PublicKeyCredential.parseCreationOptionsFromJSON({ ...${CREATION_JSON}, timeout: 5, excludeCredentials: [{ type: 'public-key', id: 'AAAA', transports: ['usb'] }], authenticatorSelection: { residentKey: 'required' }, hints: ['security-key'], attestation: 'direct', attestationFormats: ['packed'], extensions: { credProps: true, prf: { eval: { first: 'AAAA' } }, bogus: 1 } })`),
  parse('creation options, bad base64url challenge', `PublicKeyCredential.parseCreationOptionsFromJSON({ ...${CREATION_JSON}, challenge: '!!!' })`),
  parse('creation options, padded base64url', `PublicKeyCredential.parseCreationOptionsFromJSON({ ...${CREATION_JSON}, challenge: 'AAECAw==' })`),
  parse('creation options, standard base64 alphabet', `PublicKeyCredential.parseCreationOptionsFromJSON({ ...${CREATION_JSON}, challenge: 'a+b/' })`),
  parse('creation options, user missing', `PublicKeyCredential.parseCreationOptionsFromJSON({ ...${CREATION_JSON}, user: undefined })`),
  parse('creation options, user.id bad base64url', `PublicKeyCredential.parseCreationOptionsFromJSON({ ...${CREATION_JSON}, user: { id: '*', name: 'a', displayName: 'a' } })`),
  parse('creation options, not an object', `PublicKeyCredential.parseCreationOptionsFromJSON('x')`),
  parse('creation options, unknown members dropped', `PublicKeyCredential.parseCreationOptionsFromJSON({ ...${CREATION_JSON}, bogus: 1, rp: { name: 'x', bogus: 2 } })`),
  parse('request options, defaults filled in', `PublicKeyCredential.parseRequestOptionsFromJSON({ challenge: 'AAEC' })`),
  parse('request options, every member', `PublicKeyCredential.parseRequestOptionsFromJSON({ challenge: 'AAEC', timeout: 9, rpId: 'localhost', allowCredentials: [{ type: 'public-key', id: 'AQID', transports: ['nfc'] }], userVerification: 'required', hints: ['client-device'], extensions: { appid: 'https://x', largeBlob: { write: 'AAAA' }, prf: { eval: { first: 'AAAA', second: 'AQ' }, evalByCredential: { AQID: { first: 'AAAA' } } }, bogus: 1 } })`),
  parse('request options, bad base64url allowCredentials id', `PublicKeyCredential.parseRequestOptionsFromJSON({ challenge: 'AAEC', allowCredentials: [{ type: 'public-key', id: '@' }] })`),
  parse('request options, challenge missing', `PublicKeyCredential.parseRequestOptionsFromJSON({})`),
  parse('request options, challenge a number', `PublicKeyCredential.parseRequestOptionsFromJSON({ challenge: 12 })`),
  { name: 'parse: parsed creation options work in create()', page: `const o = PublicKeyCredential.parseCreationOptionsFromJSON(${CREATION_JSON}); return D.settle(async () => D.summary(await navigator.credentials.create({ publicKey: o })));` },
  { name: 'store(): a PublicKeyCredential', page: `const c = await D.cred(); return D.settle(() => navigator.credentials.store(c));` },
  signal('signalUnknownCredential removes the credential', `const u = D.rnd(8); const c = await D.newCred(u);  const r = await D.settle(() => PublicKeyCredential.signalUnknownCredential({ rpId: location.hostname, credentialId: c.id })); return { r, after: await D.get(null, [c.rawId]) };`),
  signal('signalUnknownCredential with bad base64url', `return D.settle(() => PublicKeyCredential.signalUnknownCredential({ rpId: location.hostname, credentialId: '!!' }));`),
  signal('signalUnknownCredential for another site', `return D.settle(() => PublicKeyCredential.signalUnknownCredential({ rpId: 'example.com', credentialId: 'AAAA' }));`),
  signal('signalUnknownCredential without rpId', `return D.settle(() => PublicKeyCredential.signalUnknownCredential({ credentialId: 'AAAA' }));`),
  signal('signalAllAcceptedCredentials with an empty list removes the user credentials', `const u = D.rnd(8); const c = await D.newCred(u);  const r = await D.settle(() => PublicKeyCredential.signalAllAcceptedCredentials({ rpId: location.hostname, userId: D.b64u(u), allAcceptedCredentialIds: [] })); return { r, after: await D.get(null, [c.rawId]) };`),
  signal('signalAllAcceptedCredentials listing the credential keeps it', `const u = D.rnd(8); const c = await D.newCred(u);  const r = await D.settle(() => PublicKeyCredential.signalAllAcceptedCredentials({ rpId: location.hostname, userId: D.b64u(u), allAcceptedCredentialIds: [c.id] })); return { r, after: (await D.get(null, [c.rawId])).ok };`),
  signal('signalAllAcceptedCredentials for another user keeps it', `const u = D.rnd(8); const c = await D.newCred(u);  const r = await D.settle(() => PublicKeyCredential.signalAllAcceptedCredentials({ rpId: location.hostname, userId: 'AAAA', allAcceptedCredentialIds: [] })); return { r, after: (await D.get(null, [c.rawId])).ok };`),
  signal('signalAllAcceptedCredentials missing members', `return D.settle(() => PublicKeyCredential.signalAllAcceptedCredentials({ rpId: location.hostname, userId: 'AAAA' }));`),
  signal('signalCurrentUserDetails resolves and keeps the credential', `const u = D.rnd(8); const c = await D.newCred(u);  const r = await D.settle(() => PublicKeyCredential.signalCurrentUserDetails({ rpId: location.hostname, userId: D.b64u(u), name: 'new', displayName: 'New' })); return { r, after: (await D.get(null, [c.rawId])).ok };`),
  signal('signalCurrentUserDetails with bad userId', `return D.settle(() => PublicKeyCredential.signalCurrentUserDetails({ rpId: location.hostname, userId: '*', name: 'n', displayName: 'd' }));`),
];
