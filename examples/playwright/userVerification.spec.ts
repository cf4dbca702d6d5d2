/**
 * The user refuses the fingerprint / PIN: the page gets a NotAllowedError and shows it; no passkey is stored.
 */
import { test, expect } from '@vfido/playwright/test';
import { addPasskey, newUserOnSecurityInfo } from './demoRp.js';

test.use({ vfidoOptions: { preset: 'yubikey-5-nfc' } });

test('refused user verification shows NotAllowedError', async ({ page, vfido }) => {
  await newUserOnSecurityInfo(page, 'standard-users');
  await vfido.setUserVerified(false);
  await addPasskey(page);
  await expect(page.getByRole('heading', { name: 'Cancelled or not allowed by the authenticator' })).toBeVisible();
  await expect(page.getByText(/^NotAllowedError: /)).toBeVisible();
  expect(vfido.credentials()).toHaveLength(0);
  await page.reload();
  await expect(page.getByText('No passkeys yet.')).toBeVisible();
});
