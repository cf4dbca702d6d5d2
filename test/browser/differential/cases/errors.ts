/** Errors as the page sees them: authenticator errors hidden as NotAllowedError (WebAuthn L3 5.1.3 step 22, 5.1.4.2). */
import type { DiffCase } from '../case.js';

export const errorCases: DiffCase[] = [
  { name: 'create: no supported algorithm', page: `return D.create((p) => { p.pubKeyCredParams = [{ type: 'public-key', alg: -9999 }]; });` },
  { name: 'create: an excluded credential', page: `const c = await D.cred(); return D.create((p) => { p.excludeCredentials = [{ type: 'public-key', id: c.rawId }]; });` },
  { name: 'create: 65 unknown excludeCredentials', page: `return D.create((p) => { p.excludeCredentials = Array.from({ length: 65 }, () => ({ type: 'public-key', id: D.rnd(32) })); });` },
  {
    name: 'create: 64 unknown excludeCredentials',
    known: { shim: 'vfido\'s client sends the whole exclude list in one makeCredential, which exceeds the preset\'s maxMsgSize (CTAP2_ERR_REQUEST_TOO_LARGE); Chromium pre-flights it in batches of maxCredentialCountInList' },
    page: `return D.create((p) => { p.excludeCredentials = Array.from({ length: 64 }, () => ({ type: 'public-key', id: D.rnd(32) })); });` },
  { name: 'get: 65 allowCredentials, the known one last', page: `const c = await D.cred(); return D.get((p) => { p.allowCredentials = [...Array.from({ length: 64 }, () => ({ type: 'public-key', id: D.rnd(32) })), { type: 'public-key', id: c.rawId }]; });` },
  { name: 'get: an unknown credential', page: `return D.get(null, [D.rnd(32)]);` },
  { name: 'get: rpId of another site', page: `const c = await D.cred(); return D.get((p) => { p.rpId = 'example.com'; }, [c.rawId]);` },
  { name: 'create: rp.id is an IP address', page: `return D.create((p) => { p.rp.id = '127.0.0.1'; });` },
  { name: 'create: 16 excludeCredentials with the known one', page: `const c = await D.cred(); return D.create((p) => { p.excludeCredentials = [...Array.from({ length: 15 }, () => ({ type: 'public-key', id: D.rnd(32) })), { type: 'public-key', id: c.rawId }]; });` },
  { name: 'get: an empty credential id in allowCredentials', page: `return D.get((p) => { p.allowCredentials = [{ type: 'public-key', id: new Uint8Array(0) }]; });` },
  { name: 'create: userVerification required', page: `return D.create((p) => { p.authenticatorSelection = { userVerification: 'required', residentKey: 'discouraged' }; });` },
  { name: 'create: residentKey required with credProps', fresh: true, page: `return D.create((p) => { p.authenticatorSelection = { residentKey: 'required' }; p.extensions = { credProps: true }; });` },
];
