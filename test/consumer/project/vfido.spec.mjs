// An ES module spec: import of @vfido/playwright/test and @vfido/core.
import { test, expect } from '@vfido/playwright/test';
import { getPreset } from '@vfido/core';
import { registerAndSignIn } from './ceremony.cjs';

const PRESET = 'icloud-keychain';
test.use({ vfidoOptions: { preset: PRESET } });

test('mjs spec: register + sign in with a vfido Apple Passwords passkey', async ({ page, vfido }) => {
  const result = await registerAndSignIn(page);
  expect(result.aaguid).toBe(getPreset(PRESET).aaguid);
  expect(result.fmt).toBe(getPreset(PRESET).attestation.format);
  expect(result.signInCredentialId).toBe(result.credentialId);
  expect(vfido.credentials().map((credential) => Buffer.from(credential.id).toString('base64url'))).toEqual([result.credentialId]);
});
