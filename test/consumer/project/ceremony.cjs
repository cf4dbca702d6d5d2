// Shared by the three specs: a relying party on http://localhost (a secure context) served by page.route, whose
// server side is @vfido/rp, loaded with require() (CommonJS) in every project.
const { randomBytes } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { verifyAuthentication, verifyRegistration } = require('@vfido/rp');

const ORIGIN = 'http://localhost:8123';
const RP_ID = 'localhost';
const PAGE = readFileSync(join(__dirname, 'page.html'), 'utf8');

async function run(page, button, options) {
  await page.goto(`${ORIGIN}/#${encodeURIComponent(JSON.stringify(options))}`);
  await page.locator('#result').evaluate((output) => { output.textContent = ''; });
  await page.click(button);
  const output = page.locator('#result');
  await output.filter({ hasText: /./ }).waitFor();
  const result = JSON.parse(await output.textContent());
  if (!result.ok) throw new Error(`${button}: the page's WebAuthn call failed: ${result.error}`);
  return result.response;
}

/**
 * Register a passkey on the page, verify it with @vfido/rp, sign in with it and verify the assertion.
 * @param {import('@playwright/test').Page} page
 * @returns {Promise<{ aaguid: string, fmt: string, credentialId: string, signInCredentialId: string, userVerified: boolean }>}
 */
async function registerAndSignIn(page) {
  await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  const challenge = randomBytes(32).toString('base64url');
  const created = await run(page, '#register', {
    challenge,
    rp: { id: RP_ID, name: 'vfido consumer' },
    user: { id: randomBytes(16).toString('base64url'), name: 'ada', displayName: 'Ada' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
    attestation: 'direct',
  });
  const registration = await verifyRegistration({ response: created, expectedChallenge: challenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID });

  const signInChallenge = randomBytes(32).toString('base64url');
  const asserted = await run(page, '#sign-in', {
    challenge: signInChallenge,
    rpId: RP_ID,
    allowCredentials: [{ type: 'public-key', id: registration.credential.id }],
  });
  const authentication = await verifyAuthentication({
    response: asserted,
    expectedChallenge: signInChallenge,
    expectedOrigin: ORIGIN,
    expectedRpId: RP_ID,
    credential: registration.credential,
  });
  return {
    aaguid: registration.credential.aaguid,
    fmt: registration.credential.attestation.fmt,
    credentialId: registration.credential.id,
    signInCredentialId: asserted.id,
    userVerified: authentication.userVerified,
  };
}

module.exports = { registerAndSignIn };
