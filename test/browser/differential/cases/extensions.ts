/** Client extensions as Chromium maps them (WebAuthn L3 10.1; CTAP 2.1 12). */
import type { DiffCase } from '../case.js';

// Cases that make discoverable credentials get a page (and so a Chromium authenticator) of their own:
// Chromium's virtual authenticator holds few discoverable credentials and then refuses or falls back.
const create = (name: string, mutate: string, fresh = false): DiffCase => ({ name: `create: ${name}`, fresh, page: `return D.create((p) => { ${mutate} });` });
const get = (name: string, mutate: string): DiffCase => ({ name: `get: ${name}`, page: `const c = await D.cred(); return D.get((p) => { ${mutate} }, [c.rawId]);` });
const USER_HANDLE = 'vfido\'s authenticator returns the user handle for a non-discoverable credential; Chromium\'s virtual authenticator returns none (userHandle null)';
const prfCred = `const c = await navigator.credentials.create((() => { const o = D.cc(); o.publicKey.authenticatorSelection = { residentKey: 'discouraged' }; o.publicKey.extensions = { prf: {} }; return o; })());`;

// Extension outputs on authenticators that lack the extensions (WebAuthn L3 10.1.3-10.1.5; CTAP 2.1 section 10):
// every requested extension at create, then prf and largeBlob at get.
const UNSUPPORTED = `
  const ext = (c) => D.plain(c.getClientExtensionResults());
  const o = D.cc(); o.publicKey.extensions = { credProps: true, prf: {}, largeBlob: { support: 'preferred' }, credBlob: new Uint8Array(4), minPinLength: true };
  const c = await navigator.credentials.create(o);
  const e = D.cc(); e.publicKey.extensions = { prf: { eval: { first: new Uint8Array(4) } } };
  const withEval = ext(await navigator.credentials.create(e));
  const g = (extensions) => { const r = D.gc([c.rawId]); r.publicKey.extensions = extensions; return navigator.credentials.get(r).then(ext); };
  return { create: ext(c), withEval, prfJSON: c.toJSON().clientExtensionResults, read: await g({ prf: { eval: { first: new Uint8Array(4) } }, largeBlob: { read: true }, getCredBlob: true }), write: await g({ largeBlob: { write: new Uint8Array(3) } }), noEval: await g({ prf: {} }) };`;
// credProps rk for each residentKey value (WebAuthn L3 10.1.3: rk omitted when the client cannot know).
const CRED_PROPS = `
  const out = {};
  for (const [k, sel] of [['none', undefined], ['discouraged', { residentKey: 'discouraged' }], ['requireResidentKey false', { requireResidentKey: false }], ['preferred', { residentKey: 'preferred' }]]) {
    const o = D.cc(); o.publicKey.extensions = { credProps: true }; if (sel) o.publicKey.authenticatorSelection = sel;
    out[k] = await D.settle(async () => D.plain((await navigator.credentials.create(o)).getClientExtensionResults()));
  }
  return out;`;

export const extensionCases: DiffCase[] = [
  { name: 'U2F-only key: what every extension answers at create and get', preset: 'feitian-epass-u2f', page: UNSUPPORTED },
  { name: 'CTAP 2.0 model without hmac-secret: prf and the others at create and get', preset: 'chrome-mac', page: UNSUPPORTED },
  { name: 'CTAP 2.0 model with resident keys: credProps rk per residentKey', preset: 'titan', page: CRED_PROPS },
  { name: 'FIDO_2_1_PRE model (no FIDO_2_1): credProps rk per residentKey', preset: 'yubikey-5c', page: CRED_PROPS },
  {
    // Chromium's authenticator reports minPinLength to every RP; a real key (and vfido) to the RP IDs named by
    // authenticatorConfig setMinPINLength (CTAP 2.1 6.11.4): the test names the page's RP ID through the API.
    name: 'minPinLength output once the test authorized the RP ID (setMinPinLength)',
    preset: 'yubikey-5-nfc',
    run: async (t, page) => {
      t.vfido?.authenticator.setMinPinLength({ rpIds: [new URL(page.url()).hostname] });
      return page.evaluate(`(async () => {
        const o = D.cc(); o.publicKey.extensions = { minPinLength: true };
        const authData = new Uint8Array((await navigator.credentials.create(o)).response.getAuthenticatorData());
        const key = new TextEncoder().encode('minPinLength');
        const at = authData.findIndex((_, i) => key.every((b, j) => authData[i + j] === b));
        return at < 0 ? 'absent' : { value: authData[at + key.length] };
      })()`);
    },
  },
  create('appid is a get-only extension', `p.extensions = { appid: location.origin };`),
  get('credProps is a create-only extension', `p.extensions = { credProps: true };`),
  get('appid of another origin', `p.extensions = { appid: 'https://example.com' };`),
  get('appid of the same origin', `p.extensions = { appid: location.origin };`),
  get('appid that is not a URL', `p.extensions = { appid: 'not a url' };`),
  create('credProps with residentKey discouraged', `p.authenticatorSelection = { residentKey: 'discouraged' }; p.extensions = { credProps: true };`),
  create('credProps with residentKey preferred', `p.authenticatorSelection = { residentKey: 'preferred' }; p.extensions = { credProps: true };`, true),
  create('credProps false', `p.extensions = { credProps: false };`),
  create('prf without eval', `p.extensions = { prf: {} };`),
  create('prf with eval, userVerification discouraged', `p.authenticatorSelection = { userVerification: 'discouraged' }; p.extensions = { prf: { eval: { first: new Uint8Array(32) } } };`),
  create('prf with eval and second', `p.extensions = { prf: { eval: { first: new Uint8Array(32), second: new Uint8Array(8) } } };`),
  create('prf with evalByCredential', `p.extensions = { prf: { evalByCredential: {} } };`),
  create('hmacCreateSecret', `p.extensions = { hmacCreateSecret: true };`),
  create('an unknown extension is ignored', `p.extensions = { bogus: true };`),
  create('credentialProtectionPolicy userVerificationRequired, enforced, not discoverable', `p.extensions = { credentialProtectionPolicy: 'userVerificationRequired', enforceCredentialProtectionPolicy: true };`),
  create('credentialProtectionPolicy userVerificationRequired, discoverable', `p.authenticatorSelection = { residentKey: 'required' }; p.extensions = { credentialProtectionPolicy: 'userVerificationRequired', enforceCredentialProtectionPolicy: true };`, true),
  create('credentialProtectionPolicy userVerificationOptional', `p.extensions = { credentialProtectionPolicy: 'userVerificationOptional' };`),
  create('credentialProtectionPolicy userVerificationRequired with UV required, discoverable', `p.authenticatorSelection = { residentKey: 'required', userVerification: 'required' }; p.extensions = { credentialProtectionPolicy: 'userVerificationRequired' };`, true),
  create('credentialProtectionPolicy userVerificationOptional, residentKey preferred', `p.authenticatorSelection = { residentKey: 'preferred' }; p.extensions = { credentialProtectionPolicy: 'userVerificationOptional' };`, true),
  create('enforceCredentialProtectionPolicy without a policy', `p.extensions = { enforceCredentialProtectionPolicy: true };`),
  create('credentialProtectionPolicy with an unknown value', `p.extensions = { credentialProtectionPolicy: 'bogus' };`),
  create('largeBlob preferred on an authenticator without it', `p.authenticatorSelection = { residentKey: 'required' }; p.extensions = { largeBlob: { support: 'preferred' } };`, true),
  create('largeBlob required on an authenticator without it', `p.authenticatorSelection = { residentKey: 'required' }; p.extensions = { largeBlob: { support: 'required' } };`, true),
  create('largeBlob read at create', `p.extensions = { largeBlob: { read: true } };`),
  create('minPinLength', `p.extensions = { minPinLength: true };`),
  create('credBlob', `p.extensions = { credBlob: new Uint8Array(8) };`),
  { name: 'get: prf eval gives results', known: { shim: USER_HANDLE }, page: `${prfCred} return D.get((p) => { p.extensions = { prf: { eval: { first: new Uint8Array(32).fill(1), second: new Uint8Array(32).fill(2) } } }; }, [c.rawId]);` },
  { name: 'get: prf evalByCredential for the credential', known: { shim: USER_HANDLE }, page: `${prfCred} return D.get((p) => { p.extensions = { prf: { evalByCredential: { [c.id]: { first: new Uint8Array(4) } } } }; }, [c.rawId]);` },
  { name: 'get: prf evalByCredential key not base64url', page: `${prfCred} return D.get((p) => { p.extensions = { prf: { evalByCredential: { '!!': { first: new Uint8Array(4) } } } }; }, [c.rawId]);` },
  { name: 'get: prf evalByCredential key not in allowCredentials', page: `${prfCred} return D.get((p) => { p.extensions = { prf: { evalByCredential: { AAAA: { first: new Uint8Array(4) } } } }; }, [c.rawId]);` },
  { name: 'get: prf evalByCredential without allowCredentials', page: `${prfCred} return D.get((p) => { p.extensions = { prf: { evalByCredential: { [c.id]: { first: new Uint8Array(4) } } } }; });` },
  { name: 'get: prf results are the same for the same input', page: `${prfCred} const o = () => { const g = D.gc([c.rawId]); g.publicKey.extensions = { prf: { eval: { first: new Uint8Array(8) } } }; return g; };
    const a = (await navigator.credentials.get(o())).getClientExtensionResults().prf.results.first, b = (await navigator.credentials.get(o())).getClientExtensionResults().prf.results.first;
    return D.b64u(a) === D.b64u(b);` },
  get('largeBlob read without support', `p.extensions = { largeBlob: { read: true } };`),
  get('getCredBlob', `p.extensions = { getCredBlob: true };`),
  get('an unknown extension is ignored', `p.extensions = { bogus: 1 };`),
];
