// A CommonJS spec: require() of @vfido/playwright/test and @vfido/core.
const { test, expect } = require('@vfido/playwright/test');
const { getPreset } = require('@vfido/core');
const { registerAndSignIn } = require('./ceremony.cjs');

const PRESET = 'yubikey-5-nfc';
test.use({ vfidoOptions: { preset: PRESET } });

test('cjs spec: register + sign in with a vfido YubiKey', async ({ page, vfido }) => {
  const result = await registerAndSignIn(page);
  expect(result.aaguid).toBe(getPreset(PRESET).aaguid);
  expect(result.fmt).toBe(getPreset(PRESET).attestation.format);
  expect(result.signInCredentialId).toBe(result.credentialId);
  expect(vfido.credentials().map((credential) => Buffer.from(credential.id).toString('base64url'))).toEqual([result.credentialId]);
});
