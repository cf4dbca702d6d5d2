/**
 * Register a passkey with a vfido YubiKey 5 NFC, then sign in with it.
 * The `vfido` fixture attaches the authenticator to the test's browser context before the page loads.
 */
import { test, expect } from '@vfido/playwright/test';
import { addPasskey, newUserOnSecurityInfo, signOut } from './demoRp.js';

test.use({ vfidoOptions: { preset: 'yubikey-5-nfc' } });

test('register a passkey, then sign in with it', async ({ page, vfido }) => {
  const username = await newUserOnSecurityInfo(page, 'standard-users');

  const registered = vfido.waitForEvent('registered');
  await addPasskey(page);
  await expect(page.getByRole('heading', { name: 'Passkey added' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'YubiKey 5 Series with NFC: packed attestation (trusted (MDS))' })).toBeVisible();
  const { credentialId, rpId } = await registered;
  expect(rpId).toBe('localhost');
  expect(vfido.credentials({ rpId }).map((c) => Buffer.from(c.id).toString('base64url'))).toContain(credentialId);

  await signOut(page);
  const asserted = vfido.waitForEvent('asserted');
  await page.getByLabel('User name').first().fill(username);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('heading', { name: `Signed in as ${username} with a passkey` })).toBeVisible();
  const signIn = await asserted;
  expect(signIn.credentialId).toBe(credentialId);
  expect(signIn.signCount).toBeGreaterThan(0);
});
