/**
 * The demo relying party (examples/demo-rp) in Debian's chromium through @vfido/playwright's `cdp` backend:
 * Chromium's own virtual authenticator (DevTools WebAuthn domain), configured from the yubikey-5-nfc preset.
 * The same Entra-style flow as demo.test.ts: TAP sign-in -> admin portal refused -> add a passkey -> passkey sign-in
 * -> admin portal granted.
 *
 * What differs from the shim: Chromium's authenticator does not take the preset's identity. For the RP's
 * `attestation: 'direct'` it answers with its own fixed AAGUID 01020304-0506-0708-0102-030405060708 and a `packed`
 * self-signed "Batch Certificate" that chains to no MDS root, and its counter starts at 1 and counts per credential.
 * So the group here is standard users (examples/policies/standard-users.json): device-bound and synced passkeys,
 * `attestationEnforcement: disabled`, a block list naming only Microsoft Authenticator's AAGUIDs; its verdict
 * depends neither on the AAGUID being the preset's nor on the attestation chaining. The Admins profile (an allow
 * list, attestation enforced) would refuse Chromium's authenticator whatever the preset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { presets } from '@vfido/core';
import { attachAuthenticator, type VfidoHandle } from '../../packages/playwright/src/index.js';
import { startDemoServer, type DemoServer } from '../../examples/demo-rp/server.mjs';
import { CHROMIUM_AAGUID, launchChromium } from '../browser/harness.js';
import { result, storeOnDisk, Visitor } from './visitor.js';

let browser: Browser;
let site: DemoServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  site = await startDemoServer({ port: 0, quiet: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await site?.close();
  if (site) rmSync(site.dataDir, { recursive: true, force: true });
});

/** A visitor whose context has a Chromium virtual authenticator on every page (`ready()` after the page opens). */
async function cdpVisitor(preset: string): Promise<{ v: Visitor; vfido: VfidoHandle }> {
  const context = await browser.newContext();
  contexts.push(context);
  // The differences below are the premise of this file: accepted explicitly, and checked in the first test.
  const vfido = await attachAuthenticator(context, { preset, backend: 'cdp', allowApproximation: true });
  const page = await context.newPage();
  await vfido.ready();
  page.setDefaultTimeout(15_000);
  return { v: new Visitor(page, site), vfido };
}

describe('demo RP through the cdp backend (Chromium\'s own authenticator)', () => {
  it('yubikey-5-nfc options, standard users: TAP, admin portal refused, passkey admitted with Chromium\'s AAGUID, sign-in, admin portal granted', async () => {
    const { v, vfido } = await cdpVisitor('yubikey-5-nfc');
    expect(vfido.backend).toBe('cdp');
    expect(vfido.approximations.map((a) => a.code)).toEqual(expect.arrayContaining(['CDP_AAGUID', 'CDP_ATTESTATION', 'CDP_COUNTER']));
    const registered: string[] = [];
    vfido.on('registered', (e) => registered.push(e.credentialId));

    const { username, tap } = await v.createUser('ida', 'standard-users');
    await v.tapSignIn(username, tap);
    await v.page.waitForURL('**/security-info');
    expect(await v.page.getAttribute('#who', 'data-method')).toBe('tap');
    expect(await v.adminPortal()).toMatchObject({ access: 'refused', reason: 'STRENGTH_COMBINATION_NOT_ALLOWED' });

    const reg = await v.addPasskey();
    expect(reg.action).toBe('registration');
    expect(reg.outcome).toBe('admitted');
    // Chromium's identity, not the preset's: its AAGUID, its self-made batch certificate (no MDS entry, no chain).
    expect(reg.data.aaguid).toBe(CHROMIUM_AAGUID);
    expect(reg.data.aaguid).not.toBe(presets['yubikey-5-nfc']!.aaguid);
    expect(reg.data).toMatchObject({ fmt: 'packed', trust: 'untrusted', passkeyType: 'device-bound', admitted: true, profile: 'Standard users', signCount: 1 });
    expect((reg.data.reasons as { kind: string }[]).filter((r) => r.kind === 'deny')).toEqual([]);

    // The RP stored it; the cdp backend copied it into the vfido store (the source of truth) and said so.
    const onDisk = Object.values(storeOnDisk(site).credentials).filter((c) => c.username === username);
    expect(onDisk).toHaveLength(1);
    expect(onDisk[0]!.aaguid).toBe(CHROMIUM_AAGUID);
    expect(registered).toEqual([onDisk[0]!.id]);
    const stored = vfido.credentials();
    expect(stored).toHaveLength(1);
    expect(Buffer.from(stored[0]!.id).toString('base64url')).toBe(onDisk[0]!.id);
    expect(stored[0]!.rpId).toBe('localhost');

    await v.signOut();
    const signIn = await v.passkeySignIn(username);
    expect(signIn).toMatchObject({ action: 'signin', outcome: 'ok' });
    expect(signIn.data).toMatchObject({ username, aaguid: CHROMIUM_AAGUID, admitted: true, counter: { before: 1, after: 2 } });
    expect(await v.page.getAttribute('#who', 'data-method')).toBe('passkey');
    expect((await v.adminPortal()).access).toBe('granted');
    // Chromium's counter came back into the vfido store.
    expect(vfido.credentials()[0]!.signCount).toBe(2);

    // Discoverable sign-in (no user name, empty allowCredentials): Chromium's resident key answers.
    await v.page.click('#sign-out');
    await v.page.waitForURL(`${site.url}/`);
    const again = await v.passkeySignIn('');
    expect(again.outcome).toBe('ok');
    expect(again.data).toMatchObject({ username, counter: { before: 2, after: 3 } });
  });

  it('the Admins profile refuses the same authenticator: Chromium\'s AAGUID is on no allow list', async () => {
    const { v } = await cdpVisitor('yubikey-5-nfc');
    const { username, tap } = await v.createUser('kay', 'admins');
    await v.tapSignIn(username, tap);
    await v.page.waitForURL('**/security-info');
    const reg = await v.addPasskey();
    expect(reg.outcome).toBe('denied');
    expect(reg.data.aaguid).toBe(CHROMIUM_AAGUID);
    const codes = (reg.data.reasons as { kind: string; code: string }[]).filter((r) => r.kind === 'deny').map((r) => r.code);
    expect(codes).toContain('AAGUID_NOT_ALLOWED');
    expect(Object.values(storeOnDisk(site).credentials).some((c) => c.username === username)).toBe(false);
    expect(await result(v.page)).toMatchObject({ action: 'registration', outcome: 'denied' });
  });
});
