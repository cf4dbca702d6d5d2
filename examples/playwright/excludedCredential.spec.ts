/**
 * The same authenticator registered twice for one user: the RP lists the first passkey in `excludeCredentials`,
 * so the second `navigator.credentials.create()` fails with InvalidStateError.
 */
import { test, expect } from '@vfido/playwright/test';
import { addPasskey, newUserOnSecurityInfo } from './demoRp.js';

test.use({ vfidoOptions: { preset: 'yubikey-5-nfc' } });

test('a second passkey from the same authenticator is refused with InvalidStateError', async ({ page, vfido }) => {
  await newUserOnSecurityInfo(page, 'standard-users');
  await addPasskey(page);
  await expect(page.getByRole('heading', { name: 'Passkey added' })).toBeVisible();

  await addPasskey(page);
  await expect(page.getByRole('heading', { name: 'That did not work' })).toBeVisible();
  await expect(page.getByText(/^InvalidStateError: /)).toBeVisible();
  expect(vfido.credentials()).toHaveLength(1);
});
