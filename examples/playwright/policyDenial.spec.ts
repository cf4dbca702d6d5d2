/**
 * A synced passkey (iCloud Keychain) for a member of Admins, whose passkey profile admits device-bound
 * Microsoft Authenticator passkeys only: the RP refuses it and lists the reasons.
 */
import { test, expect } from '@vfido/playwright/test';
import { addPasskey, newUserOnSecurityInfo, resultData } from './demoRp.js';

test.use({ vfidoOptions: { preset: 'icloud-keychain' } });

test('a synced passkey is refused by the Admins passkey profile', async ({ page }) => {
  await newUserOnSecurityInfo(page, 'admins');
  await addPasskey(page);
  await expect(page.getByRole('heading', { name: 'Passkey refused by your passkey profile' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: /synced passkey .* is not allowed by profile 'Admins'/ })).toBeVisible();
  const verdict = await resultData<{ admitted: boolean; passkeyType: string; reasons: { code: string }[] }>(page);
  expect(verdict.admitted).toBe(false);
  expect(verdict.passkeyType).toBe('synced');
  expect(verdict.reasons.map((r) => r.code)).toContain('PASSKEY_TYPE_NOT_ALLOWED');
  await page.reload();
  await expect(page.getByText('No passkeys yet.')).toBeVisible();
});
