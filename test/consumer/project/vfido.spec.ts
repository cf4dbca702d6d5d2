// A TypeScript spec: Playwright compiles it to CommonJS in a CommonJS project and to ESM in an ESM one.
import { test, expect } from '@vfido/playwright/test';
import { getPreset } from '@vfido/core';
import { registerAndSignIn } from './ceremony.cjs';

const PRESET = 'windows-hello-software';
test.use({ vfidoOptions: { preset: PRESET } });

test('ts spec: register + sign in with a vfido Windows Hello', async ({ page, vfido }) => {
  const result = await registerAndSignIn(page);
  expect(result.aaguid).toBe(getPreset(PRESET).aaguid);
  expect(result.fmt).toBe(getPreset(PRESET).attestation.format);
  expect(result.signInCredentialId).toBe(result.credentialId);
  const ids: string[] = vfido.credentials().map((credential) => Buffer.from(credential.id).toString('base64url'));
  expect(ids).toEqual([result.credentialId]);
});
