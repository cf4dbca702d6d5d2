/**
 * Conditional UI (passkey autofill, `mediation: 'conditional'`): the page asks for a passkey as soon as it loads,
 * and the request waits until the user picks one from the username field's autofill list, which the test does
 * with `vfido.completeConditional()`.
 *
 * The demo RP's sign-in page only signs in from a button, so this spec serves its own small sign-in page on the
 * RP's origin (`page.route`) that uses the RP's sign-in API. In your app, open your sign-in page instead.
 */
import { test, expect } from '@vfido/playwright/test';
import { addPasskey, newUserOnSecurityInfo, signOut } from './demoRp.js';

test.use({ vfidoOptions: { preset: 'yubikey-5-nfc' } });

const AUTOFILL_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>
<h1>Sign in</h1>
<label>User name <input name="username" autocomplete="username webauthn"></label>
<p id="status">loading</p>
<script type="module">
  const post = (path, body) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const status = document.getElementById('status');
  try {
    if (!(await PublicKeyCredential.isConditionalMediationAvailable?.())) throw new Error('no conditional mediation');
    const { options } = await post('/api/signin/options', { username: '' });
    status.textContent = 'waiting for autofill';
    const credential = await navigator.credentials.get({ mediation: 'conditional', publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    const { next, error } = await post('/api/signin/verify', { credential: credential.toJSON() });
    if (error) throw new Error(error.code + ': ' + error.message);
    location.assign(next);
  } catch (error) {
    status.textContent = error.name + ': ' + error.message;
  }
</script></body></html>`;

test('sign in from the username field autofill', async ({ page, vfido }) => {
  const username = await newUserOnSecurityInfo(page, 'standard-users');
  await addPasskey(page);
  await expect(page.getByRole('heading', { name: 'Passkey added' })).toBeVisible();
  const [passkey] = vfido.credentials();
  await signOut(page);

  await page.route('**/autofill-sign-in', (route) => route.fulfill({ contentType: 'text/html', body: AUTOFILL_PAGE }));
  await page.goto('/autofill-sign-in');
  await expect(page.getByText('waiting for autofill')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'User name' })).toHaveAttribute('autocomplete', 'username webauthn');

  // The user picks the passkey from the autofill list (completeConditional answers 0 until the request arrives).
  const asserted = vfido.waitForEvent('asserted');
  await expect.poll(() => vfido.completeConditional({ credentialId: Buffer.from(passkey!.id).toString('base64url') })).toBe(1);
  expect((await asserted).credentialId).toBe(Buffer.from(passkey!.id).toString('base64url'));
  await expect(page.getByRole('heading', { name: `Signed in as ${username} with a passkey` })).toBeVisible();
});
