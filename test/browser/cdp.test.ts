/**
 * The `cdp` backend in Debian's chromium: Chromium's own virtual authenticator, seeded from and synced back
 * into the vfido store. Credentials move both ways between vfido and Chromium's authenticator.
 */
import { describe, expect, it } from 'vitest';
import { getPreset, VirtualAuthenticator, WebAuthnClient, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON } from '@vfido/core';
import { attachAuthenticator, chooseBackend } from '../../packages/playwright/src/index.js';
import {
  CHROMIUM_AAGUID,
  authenticationOptions,
  ok,
  pageAuthenticate,
  pageRegister,
  registrationOptions,
  verifyAuthentication,
  verifyRegistration,
  useBrowserAndSite,
} from './harness.js';

const env = useBrowserAndSite();

describe('cdp backend', () => {
  it('registers and signs in through Chromium own authenticator; the vfido store follows', async () => {
    const context = await env.browser.newContext();
    const vfido = await attachAuthenticator(context, { preset: 'yubikey-5-nfc', backend: 'cdp' });
    expect(vfido.backend).toBe('cdp');
    const page = await context.newPage();
    await vfido.ready();
    await page.goto(`${env.site.origin}/`);
    const registered = vfido.waitForEvent('registered');

    const regOptions = await registrationOptions('localhost', { attestationType: 'none' });
    const registration = ok(await pageRegister(page, regOptions));
    const reg = await verifyRegistration(registration, regOptions, env.site.origin);
    expect(reg.verified).toBe(true);
    // Chromium zeroes the AAGUID for attestation 'none' (its own is CHROMIUM_AAGUID under 'direct').
    expect(reg.registrationInfo!.aaguid).toBe('00000000-0000-0000-0000-000000000000');
    expect(reg.registrationInfo!.aaguid).not.toBe(CHROMIUM_AAGUID);
    expect((await registered).credentialId).toBe(registration.id);
    const stored = vfido.credentials({ rpId: 'localhost' });
    expect(stored.map((c) => Buffer.from(c.id).toString('base64url'))).toEqual([registration.id]);

    const asserted = vfido.waitForEvent('asserted');
    const authOptions = await authenticationOptions('localhost');
    const auth = ok(await pageAuthenticate(page, authOptions));
    const verdict = await verifyAuthentication(auth, authOptions, env.site.origin, reg.registrationInfo!.credential);
    expect(verdict.verified).toBe(true);
    expect((await asserted).signCount).toBe(verdict.authenticationInfo.newCounter);
    expect(vfido.credentials()[0]!.signCount).toBe(verdict.authenticationInfo.newCounter);

    // A page opened later in the context gets an authenticator that already holds the credential.
    const second = await context.newPage();
    await vfido.ready();
    await second.goto(`${env.site.origin}/`);
    const again = ok(await pageAuthenticate(second, await authenticationOptions('localhost')));
    expect(again.id).toBe(registration.id);

    // vfido exports what Chromium made, and vfido's own client signs with it.
    const authenticator = new VirtualAuthenticator({ preset: 'generic' });
    authenticator.addCredential(vfido.exportCredentials('cdp')[0]!);
    const client = new WebAuthnClient({ authenticator, origin: env.site.origin });
    const nodeOptions = await authenticationOptions('localhost');
    const nodeAuth = await client.get(nodeOptions as PublicKeyCredentialRequestOptionsJSON);
    expect((await verifyAuthentication(nodeAuth, nodeOptions, env.site.origin, { ...reg.registrationInfo!.credential, counter: verdict.authenticationInfo.newCounter + 1 })).verified).toBe(true);
    await vfido.detach();
    await context.close();
  });

  it('a credential created by vfido signs in through Chromium own authenticator', async () => {
    const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'cdp' });
    const client = new WebAuthnClient({ authenticator, origin: env.site.origin });
    const regOptions = await registrationOptions('localhost');
    const registration = await client.create(regOptions as PublicKeyCredentialCreationOptionsJSON);
    const reg = await verifyRegistration(registration, regOptions, env.site.origin);

    const context = await env.browser.newContext();
    const page = await context.newPage();
    const vfido = await attachAuthenticator(page, { preset: 'yubikey-5-nfc', backend: 'cdp' });
    await vfido.importCredentials(authenticator.exportCredentials('vfido'));
    await page.goto(`${env.site.origin}/`);
    const authOptions = await authenticationOptions('localhost', { allowCredentials: [{ id: registration.id }] });
    const auth = ok(await pageAuthenticate(page, authOptions));
    expect((await verifyAuthentication(auth, authOptions, env.site.origin, reg.registrationInfo!.credential)).verified).toBe(true);

    // Removing it from vfido removes it from Chromium.
    expect(await vfido.removeCredential(registration.id)).toBe(true);
    const gone = await pageAuthenticate(page, { ...(await authenticationOptions('localhost', { allowCredentials: [{ id: registration.id }] })), timeout: 1_000 });
    expect(gone).toMatchObject({ ok: false, causeName: 'NotAllowedError' });
    await context.close();
  });

  it('refused user verification rejects with NotAllowedError', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const vfido = await attachAuthenticator(page, { preset: 'yubikey-5-nfc', backend: 'cdp' });
    await page.goto(`${env.site.origin}/`);
    await vfido.setUserVerified(false);
    const outcome = await pageRegister(page, await registrationOptions('localhost', { authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }));
    expect(outcome).toMatchObject({ ok: false, causeName: 'NotAllowedError', isDOMException: true });
    await context.close();
  });

  it('auto takes the shim when attestation or the AAGUID matters, cdp otherwise', async () => {
    const context = await env.browser.newContext();
    expect((await attachAuthenticator(context, { preset: 'yubikey-5-nfc' })).backend).toBe('shim');
    expect((await attachAuthenticator(context, { preset: 'google-password-manager' })).backend).toBe('shim');
    const relaxed = await attachAuthenticator(context, { preset: 'google-password-manager', requireAaguid: false });
    expect(relaxed.backend).toBe('cdp');
    await relaxed.detach();
    expect(chooseBackend('auto', getPreset('yubikey-5-nfc'), 'firefox')).toBe('shim');
    expect(() => chooseBackend('cdp', getPreset('generic'), 'webkit')).toThrow(/needs Chromium/);
    await context.close();
  });
});
