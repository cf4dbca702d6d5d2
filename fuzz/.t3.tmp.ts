import { VirtualAuthenticator, WebAuthnClient } from '@vfido/core';
for (const preset of ['yubikey-5-nfc', 'generic', 'windows-hello-hardware', 'ms-authenticator-android', 'icloud-keychain-managed', 'samsung-pass', 'titan']) {
  const t0 = performance.now();
  const authenticator = new VirtualAuthenticator({ preset, seed: 'fuzz' });
  const t1 = performance.now();
  const reqs: Uint8Array[] = [];
  const orig = authenticator.request.bind(authenticator);
  authenticator.request = (r, o) => { reqs.push(r); return orig(r, o); };
  const client = new WebAuthnClient({ authenticator, origin: 'https://example.com' });
  const alg = authenticator.preset.algorithms[0];
  let t2 = performance.now();
  for (let i = 0; i < 5; i++) await client.create({ rp: { id: 'example.com', name: 'Ex' }, user: { id: 'AAAA', name: 'a', displayName: 'A' }, challenge: 'AAAAAAAAAAAAAAAAAAAAAA', pubKeyCredParams: [{ type: 'public-key', alg: alg! }], attestation: 'direct', authenticatorSelection: { residentKey: 'required' } });
  const t3 = performance.now();
  for (let i = 0; i < 5; i++) await client.get({ challenge: 'AAAAAAAAAAAAAAAAAAAAAA', rpId: 'example.com' });
  const t4 = performance.now();
  console.log(preset, 'new', (t1 - t0).toFixed(1), 'create', ((t3 - t2) / 5).toFixed(1), 'get', ((t4 - t3) / 5).toFixed(1), reqs.map((r) => r[0]).join(','));
}
