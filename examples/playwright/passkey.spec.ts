/**
 * Copyable Playwright Test spec: register a passkey on your app and sign in with it, with a vfido
 * YubiKey 5 NFC in the browser. Needs @playwright/test and @vfido/playwright in your project.
 * Replace BASE_URL and the selectors with your app's.
 */
import { test, expect } from '@vfido/playwright/test';

const BASE_URL = process.env.BASE_URL ?? 'http://localhost:3000';

test.use({ vfidoOptions: { preset: 'yubikey-5-nfc', backend: 'shim', seed: 'e2e' } });

test('register a passkey, then sign in with it', async ({ page, vfido }) => {
  const registered = vfido.waitForEvent('registered');
  await page.goto(`${BASE_URL}/register`);
  await page.getByRole('button', { name: /passkey/i }).click();
  const { credentialId, rpId } = await registered;
  expect(vfido.credentials({ rpId }).map((c) => Buffer.from(c.id).toString('base64url'))).toContain(credentialId);

  const asserted = vfido.waitForEvent('asserted');
  await page.goto(`${BASE_URL}/login`);
  await page.getByRole('button', { name: /sign in with a passkey/i }).click();
  expect((await asserted).credentialId).toBe(credentialId);
});

test('a refused fingerprint shows the error', async ({ page, vfido }) => {
  await vfido.setUserVerified(false);
  await page.goto(`${BASE_URL}/register`);
  await page.getByRole('button', { name: /passkey/i }).click();
  await expect(page.getByText(/not allowed|cancel/i)).toBeVisible();
});
