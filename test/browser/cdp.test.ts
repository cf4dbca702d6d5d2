/**
 * The `cdp` backend in Debian's chromium: Chromium's own virtual authenticator, seeded from and synced back
 * into the vfido store. Credentials move both ways between vfido and Chromium's authenticator. Issue 13: the preset's
 * CTAP version / U2F mapped to Chromium's options, the Signal API synced into the store, presence refused at once,
 * setUserVerified(false) against Chromium's own authenticator, approximations announced at attach.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeCbor, getPreset, presetIds, VirtualAuthenticator, WebAuthnClient, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON } from '@vfido/core';
import { attachAuthenticator, cdpAuthenticatorOptions, cdpProtocolOf, chooseBackend } from '../../packages/playwright/src/index.js';
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

/**
 * One ceremony in the page with the browser's own navigator.credentials (no library in between): outcome,
 * the DOMException name and the authenticator data flags. Written as page source (the test tsconfig has no DOM).
 */
const CEREMONY = `async ({ kind, publicKey, allow }) => {
  const b64 = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const opts = { challenge: new Uint8Array(16), timeout: 600000, ...publicKey };
  if (kind === 'create') {
    opts.rp = { name: 'vfido' };
    opts.user = { id: new Uint8Array([1, 2, 3]), name: 'ada', displayName: 'Ada' };
    opts.pubKeyCredParams = [{ type: 'public-key', alg: -7 }];
  }
  if (allow) opts.allowCredentials = allow.map((id) => ({ type: 'public-key', id: b64(id) }));
  try {
    const c = await navigator.credentials[kind]({ publicKey: opts });
    const ad = new Uint8Array(kind === 'create' ? c.response.getAuthenticatorData() : c.response.authenticatorData);
    const fmt = kind === 'create' ? c.toJSON().response.attestationObject : undefined;
    return { ok: true, id: c.id, flags: ad[32], attestationObject: fmt };
  } catch (e) {
    return { ok: false, name: e.name };
  }
}`;

interface Outcome {
  ok: boolean;
  id?: string;
  name?: string;
  flags?: number;
  attestationObject?: string;
}

async function ceremony(page: Page, kind: 'create' | 'get', publicKey: Record<string, unknown> = {}, allow?: string[]): Promise<Outcome> {
  await page.bringToFront(); // Chromium refuses WebAuthn in a document without focus
  return (await page.evaluate(`(${CEREMONY})(${JSON.stringify({ kind, publicKey, allow })})`)) as Outcome;
}

const summary = (o: Outcome): string => (o.ok ? `ok UV=${(o.flags! & 0x04) >> 2}` : o.name!);

describe('cdp backend fidelity (issue 13)', () => {
  it("maps each preset's getInfo versions to Chromium's protocol and CTAP version; Chromium accepts every preset's options", async () => {
    expect(cdpProtocolOf(getPreset('yubikey-5-nfc'))).toEqual({ protocol: 'ctap2', ctap2Version: 'ctap2_1' });
    expect(cdpProtocolOf(getPreset('yubikey-5c'))).toEqual({ protocol: 'ctap2', ctap2Version: 'ctap2_0' }); // FIDO_2_1_PRE only
    expect(cdpProtocolOf(getPreset('windows-hello-hardware'))).toEqual({ protocol: 'ctap2', ctap2Version: 'ctap2_0' });
    expect(cdpProtocolOf(getPreset('feitian-epass-u2f'))).toEqual({ protocol: 'u2f' });
    const u2f = cdpAuthenticatorOptions(getPreset('feitian-epass-u2f'), { verified: true, present: true });
    expect(u2f).toMatchObject({ protocol: 'u2f', hasResidentKey: false, hasUserVerification: false, hasPrf: false });
    expect(u2f.ctap2Version).toBeUndefined();
    // 2.1-only features are not asked of a 2.0 authenticator (Chromium would refuse the options).
    expect(cdpAuthenticatorOptions(getPreset('yubikey-5-nfc'), { verified: true, present: true })).toMatchObject({ hasLargeBlob: true, hasCredBlob: true, hasMinPinLength: true });

    const context = await env.browser.newContext();
    const page = await context.newPage();
    for (const id of presetIds) {
      const vfido = await attachAuthenticator(page, { preset: id, backend: 'cdp', allowApproximation: true });
      await vfido.detach();
    }
    await context.close();
  });

  it('a U2F-only preset: Chromium runs a U2F authenticator (fido-u2f, no resident keys); the shim gives the model itself', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.site.origin}/`);
    const cdp = await attachAuthenticator(page, { preset: 'feitian-epass-u2f', backend: 'cdp', allowApproximation: true });
    const registered = cdp.waitForEvent('registered');
    const made = await ceremony(page, 'create', { attestation: 'direct' });
    expect(made.ok).toBe(true);
    // Chromium's U2F authenticator names no RP ID for it, so it stays there, out of the vfido store.
    expect(await registered).toMatchObject({ credentialId: made.id, rpId: '', credential: undefined });
    expect(cdp.credentials()).toEqual([]);
    expect(summary(await ceremony(page, 'get', {}, [made.id!]))).toMatch(/^ok/);
    const fmt = (o: Outcome) => (decodeCbor(Buffer.from(o.attestationObject!, 'base64url')) as Map<string, unknown>).get('fmt');
    expect(fmt(made)).toBe('fido-u2f');
    expect(made.flags).toBe(0x41);
    expect(summary(await ceremony(page, 'create', { authenticatorSelection: { residentKey: 'required' } }))).toBe('NotAllowedError');
    await cdp.detach();
    await context.close();

    // Through the shim the page reaches vfido's own U2F model: the client registers it over CTAP1.
    const shimContext = await env.browser.newContext();
    const shim = await attachAuthenticator(shimContext, { preset: 'feitian-epass-u2f', backend: 'shim' });
    const shimPage = await shimContext.newPage();
    await shimPage.goto(`${env.site.origin}/`);
    const regOptions = await registrationOptions('localhost', { authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' } });
    const registration = ok(await pageRegister(shimPage, regOptions));
    const reg = await verifyRegistration(registration, regOptions, env.site.origin);
    expect(reg.verified).toBe(true);
    expect(reg.registrationInfo!.fmt).toBe('fido-u2f');
    expect(reg.registrationInfo!.aaguid).toBe('00000000-0000-0000-0000-000000000000');
    const authOptions = await authenticationOptions('localhost', { allowCredentials: [{ id: registration.id }], userVerification: 'discouraged' });
    const auth = ok(await pageAuthenticate(shimPage, authOptions));
    expect((await verifyAuthentication(auth, authOptions, env.site.origin, reg.registrationInfo!.credential)).verified).toBe(true);
    const rkRequired = await pageRegister(shimPage, await registrationOptions('localhost', { authenticatorSelection: { residentKey: 'required' } }));
    expect(rkRequired).toMatchObject({ ok: false, causeName: 'NotAllowedError' });
    await shim.detach();
    await shimContext.close();
  });

  it('the Signal API in the page changes the vfido store and the other pages (credentialUpdated / credentialDeleted)', async () => {
    const context = await env.browser.newContext();
    const vfido = await attachAuthenticator(context, { preset: 'yubikey-5-nfc', backend: 'cdp', allowApproximation: true });
    const page = await context.newPage();
    const other = await context.newPage();
    await vfido.ready();
    await page.goto(`${env.site.origin}/`);
    await other.goto(`${env.site.origin}/`);
    const first = await ceremony(page, 'create', { authenticatorSelection: { residentKey: 'required' } });
    expect(first.ok).toBe(true);
    await expect.poll(() => vfido.credentials().length).toBe(1);
    const userId = Buffer.from([1, 2, 3]).toString('base64url');

    await page.evaluate(`PublicKeyCredential.signalCurrentUserDetails({ rpId: 'localhost', userId: '${userId}', name: 'ada.lovelace', displayName: 'Ada Lovelace' })`);
    await expect.poll(() => vfido.credentials()[0]?.userName).toBe('ada.lovelace');
    expect(vfido.credentials()[0]?.userDisplayName).toBe('Ada Lovelace');

    // vfido's own removal of a credential elsewhere must not read as the page's: the store keeps the others.
    const kept = await ceremony(other, 'create', { authenticatorSelection: { residentKey: 'discouraged' } });
    await expect.poll(() => vfido.credentials().length).toBe(2);
    await page.evaluate(`PublicKeyCredential.signalUnknownCredential({ rpId: 'localhost', credentialId: '${first.id}' })`);
    await expect.poll(() => vfido.credentials().map((c) => Buffer.from(c.id).toString('base64url'))).toEqual([kept.id]);
    expect(summary(await ceremony(other, 'get', { timeout: 2000 }, [first.id!]))).toBe('NotAllowedError');
    expect(summary(await ceremony(other, 'get', {}, [kept.id!]))).toMatch(/^ok/);

    // signalAllAcceptedCredentials with an empty list removes the user's discoverable credentials.
    const third = await ceremony(page, 'create', { authenticatorSelection: { residentKey: 'required' } });
    await expect.poll(() => vfido.credentials().length).toBe(2);
    await page.evaluate(`PublicKeyCredential.signalAllAcceptedCredentials({ rpId: 'localhost', userId: '${userId}', allAcceptedCredentialIds: [] })`);
    await expect.poll(() => vfido.credentials().some((c) => Buffer.from(c.id).toString('base64url') === third.id)).toBe(false);
    await vfido.detach();
    expect(vfido.credentials().map((c) => Buffer.from(c.id).toString('base64url'))).toEqual([kept.id]); // detaching deletes nothing
    await context.close();
  });

  it.each(['shim', 'cdp'] as const)('%s: setUserPresent(false) refuses create() and get() at once with NotAllowedError (page timeout 10 min); presence back, the credential works', async (backend) => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const vfido = await attachAuthenticator(page, { preset: 'yubikey-5-nfc', backend, allowApproximation: true });
    await page.goto(`${env.site.origin}/`);
    const made = await ceremony(page, 'create', { authenticatorSelection: { userVerification: 'discouraged' } });
    expect(made.ok).toBe(true);
    await vfido.setUserPresent(false);
    // Each of these would hang for the page's 600 s timeout (past the test's own) if presence were merely awaited.
    expect(summary(await ceremony(page, 'create', { authenticatorSelection: { userVerification: 'discouraged' } }))).toBe('NotAllowedError');
    expect(summary(await ceremony(page, 'get', { userVerification: 'discouraged' }, [made.id!]))).toBe('NotAllowedError');
    expect(summary(await ceremony(page, 'get', { userVerification: 'discouraged' }))).toBe('NotAllowedError');
    expect(vfido.credentials()).toHaveLength(1);
    await vfido.setUserPresent(true);
    const again = await ceremony(page, 'get', { userVerification: 'discouraged' }, [made.id!]);
    expect(again).toMatchObject({ ok: true, id: made.id });
    await context.close();
  });

  it("setUserVerified(false): cdp answers as Chromium's own authenticator with the same options; the shim differs as the README states", async () => {
    const preset = getPreset('yubikey-5-nfc');
    const run = async (page: Page, refuse: () => Promise<void>): Promise<Record<string, string>> => {
      const made = await ceremony(page, 'create', { authenticatorSelection: { userVerification: 'discouraged' } });
      expect(made.ok).toBe(true);
      await refuse();
      const out: Record<string, string> = {};
      for (const uv of ['discouraged', 'preferred', 'required']) {
        out[`create ${uv}`] = summary(await ceremony(page, 'create', { authenticatorSelection: { userVerification: uv } }));
        out[`get ${uv}`] = summary(await ceremony(page, 'get', { userVerification: uv }, [made.id!]));
      }
      return out;
    };
    const context = await env.browser.newContext();
    const outcomes: Record<string, Record<string, string>> = {};
    for (const backend of ['shim', 'cdp'] as const) {
      const page = await context.newPage();
      const vfido = await attachAuthenticator(page, { preset: preset.id, backend, allowApproximation: true });
      await page.goto(`${env.site.origin}/`);
      outcomes[backend] = await run(page, () => vfido.setUserVerified(false));
    }
    const own = await context.newPage();
    await own.goto(`${env.site.origin}/`);
    const session = await context.newCDPSession(own);
    await session.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await session.send('WebAuthn.addVirtualAuthenticator', { options: cdpAuthenticatorOptions(preset, { verified: true, present: true }) });
    outcomes['chromium'] = await run(own, async () => void (await session.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false })));
    expect(outcomes['cdp']).toEqual(outcomes['chromium']);
    // The README's table (cdp section, "setUserVerified(false)"), measured in Debian chromium 156:
    expect(outcomes['cdp']).toEqual({
      'create discouraged': 'NotAllowedError', 'get discouraged': 'ok UV=0',
      'create preferred': 'NotAllowedError', 'get preferred': 'NotAllowedError',
      'create required': 'NotAllowedError', 'get required': 'NotAllowedError',
    });
    expect(outcomes['shim']).toEqual({
      'create discouraged': 'ok UV=0', 'get discouraged': 'ok UV=0',
      'create preferred': 'ok UV=0', 'get preferred': 'ok UV=0',
      'create required': 'NotAllowedError', 'get required': 'NotAllowedError',
    });
    await context.close();
  });

  it('says where Chromium cannot be the preset: listed on the handle, a console warning by default, refused with allowApproximation: false', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const loud = await attachAuthenticator(page, { preset: 'yubikey-5-nfc', backend: 'cdp' });
      expect(loud.approximations.map((a) => a.code)).toEqual(['CDP_AAGUID', 'CDP_ATTESTATION', 'CDP_COUNTER', 'CDP_ALGORITHMS', 'CDP_TRANSPORTS', 'CDP_USER_VERIFICATION']);
      expect(loud.approximations[0]).toMatchObject({ preset: getPreset('yubikey-5-nfc').aaguid });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/cannot be preset 'yubikey-5-nfc'[\s\S]*CDP_AAGUID[\s\S]*allowApproximation/);
      await loud.detach();
      warn.mockClear();
      const quiet = await attachAuthenticator(page, { preset: 'yubikey-5-nfc', backend: 'cdp', allowApproximation: true });
      expect(quiet.approximations.length).toBeGreaterThan(0);
      expect(warn).not.toHaveBeenCalled();
      await quiet.detach();
      await expect(attachAuthenticator(page, { preset: 'yubikey-5-nfc', backend: 'cdp', allowApproximation: false })).rejects.toMatchObject({ name: 'BridgeError', code: 'ERR_PRESET_APPROXIMATED' });
      const shim = await attachAuthenticator(page, { preset: 'yubikey-5-nfc', backend: 'shim', allowApproximation: false });
      expect(shim.approximations).toEqual([]);
      await shim.detach();
    } finally {
      warn.mockRestore();
      await context.close();
    }
  });
});
