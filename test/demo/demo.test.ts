/**
 * The demo relying party (examples/demo-rp) in Debian's chromium, through its real pages, with vfido authenticators
 * attached by @vfido/playwright (shim backend: the preset's real AAGUID and attestation). The Entra-style flow:
 * Directory (admin creates the user, issues a one-time TAP) -> TAP sign-in -> admin portal (refused: a TAP session is
 * `temporaryAccessPassOneTime`, which is MFA but not the phishing-resistant strength) -> add a passkey (judged by the
 * group's passkey profile from examples/policies/) -> passkey sign-in (`fido2`) -> admin portal (granted).
 * Also runs the `npm run demo` driver (examples/demo.mjs) as a subprocess. Chromium is required: missing, it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { presets } from '@vfido/core';
import { attachAuthenticator } from '../../packages/playwright/src/index.js';
import { startDemoServer, type DemoServer } from '../../examples/demo-rp/server.mjs';
import { launchChromium } from '../browser/harness.js';
import { result, storeOnDisk, Visitor } from './visitor.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let browser: Browser;
let site: DemoServer;
const contexts: BrowserContext[] = [];
const dirs: string[] = [];

async function visitor(preset: string): Promise<Visitor> {
  const context = await browser.newContext();
  contexts.push(context);
  await attachAuthenticator(context, { preset, backend: 'shim' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return new Visitor(page, site);
}

/** `node examples/demo.mjs ...` in the repository root. */
const runDriver = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['examples/demo.mjs', ...args], { cwd: ROOT, timeout: 55_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
let driverOut: string;
let driverRun: ReturnType<typeof runDriver>;
let badBrowserPathRun: ReturnType<typeof runDriver>;

beforeAll(async () => {
  // The driver subprocesses run while the in-process tests do (their own server and browser); each is awaited in
  // its test.
  driverOut = mkdtempSync(join(tmpdir(), 'vfido-demo-out-'));
  dirs.push(driverOut);
  driverRun = runDriver(['--preset', 'yubikey-5-nfc', '--out', driverOut]);
  badBrowserPathRun = runDriver(['--browser-path', '/nonexistent/chrome']);
  browser = await launchChromium();
  site = await startDemoServer({ port: 0, quiet: true });
  dirs.push(site.dataDir);
});

afterAll(async () => {
  await Promise.all([driverRun?.catch(() => undefined), badBrowserPathRun?.catch(() => undefined)]);
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await site?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('demo RP through the real pages', () => {
  it('yubikey-5-nfc, standard users: TAP, admin portal refused, passkey admitted, sign-in, admin portal granted; state survives a restart', async () => {
    const v = await visitor('yubikey-5-nfc');
    const { username, tap } = await v.createUser('ada', 'standard-users');
    expect(username).toBe('ada@contoso.test');
    expect(tap).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(site.trust.generated).toBe(true);
    expect(existsSync(site.trust.blobPath)).toBe(true);

    await v.tapSignIn(username, tap);
    await v.page.waitForURL('**/security-info');
    expect(await v.page.getAttribute('#who', 'data-method')).toBe('tap');

    // The weaker sign-in: a TAP session is MFA (temporaryAccessPassOneTime) but not phishing-resistant.
    const refused = await v.adminPortal();
    expect(refused).toMatchObject({ access: 'refused', reason: 'STRENGTH_COMBINATION_NOT_ALLOWED' });
    expect(refused.text).toContain("'temporaryAccessPassOneTime' does not satisfy authentication strength 'Phishing-resistant MFA'");
    expect(refused.text).toContain('not phishing-resistant');

    const reg = await v.addPasskey();
    expect(reg.outcome).toBe('admitted');
    expect(reg.data).toMatchObject({
      aaguid: presets['yubikey-5-nfc']!.aaguid, fmt: 'packed', attestationType: 'basic', trust: 'trusted (MDS)', passkeyType: 'device-bound', profile: 'Standard users',
    });
    const onDisk = Object.values(storeOnDisk(site).credentials).filter((c) => c.username === username);
    expect(onDisk).toHaveLength(1);
    expect(onDisk[0]!.aaguid).toBe(presets['yubikey-5-nfc']!.aaguid);

    // One-time: the TAP cannot be used again.
    await v.signOut();
    await v.tapSignIn(username, tap);
    const reuse = await result(v.page);
    expect(reuse).toMatchObject({ action: 'tap-signin', outcome: 'error' });
    expect(reuse.text).toContain('already used');

    const signIn = await v.passkeySignIn(username);
    expect(signIn.outcome).toBe('ok');
    const counter = signIn.data.counter as { before: number; after: number };
    expect(counter.after).toBeGreaterThan(counter.before);
    expect(await v.page.getAttribute('#who', 'data-method')).toBe('passkey');
    expect((await v.adminPortal()).access).toBe('granted');

    // Restart on the same data dir (another port: the origin changes, the RP ID 'localhost' does not).
    await site.close();
    site = await startDemoServer({ port: 0, dataDir: site.dataDir, quiet: true });
    v.site = site;
    expect(site.trust.generated).toBe(false);
    // No user name this time: a discoverable-credential sign-in (empty allowCredentials, user found by credential id).
    const again = await v.passkeySignIn('');
    expect(again.outcome).toBe('ok');
    expect(again.data.username).toBe(username);
    expect((again.data.counter as { before: number }).before).toBe(counter.after);
  });

  it('google-password-manager, admins: a synced passkey is refused by the Admins profile; no passkey, no way into the admin portal', async () => {
    const v = await visitor('google-password-manager');
    const { username, tap } = await v.createUser('grace', 'admins');
    await v.tapSignIn(username, tap);
    await v.page.waitForURL('**/security-info');
    const reg = await v.addPasskey();
    expect(reg.outcome).toBe('denied');
    expect(reg.data).toMatchObject({ fmt: 'none', trust: 'none', passkeyType: 'synced', admitted: false });
    const codes = (reg.data.reasons as { kind: string; code: string }[]).filter((r) => r.kind === 'deny').map((r) => r.code);
    expect(codes).toEqual(['PASSKEY_TYPE_NOT_ALLOWED', 'AAGUID_NOT_ALLOWED', 'ATTESTATION_SYNCED']);
    expect(reg.text).toContain("is not allowed by profile 'Admins', which allows device-bound passkeys only");
    expect(Object.values(storeOnDisk(site).credentials).some((c) => c.username === username)).toBe(false);
    expect(await v.page.textContent('body')).toContain('No passkeys yet.');

    // Step-up from the admin portal fails: the RP knows no passkey for this user.
    const stepUp = await v.passkeySignIn(username, '/admin');
    expect(stepUp).toMatchObject({ action: 'signin', outcome: 'error' });
    expect(stepUp.text).toContain('has no passkey yet');
    expect((await v.adminPortal()).access).toBe('refused');
  });

  it('ms-authenticator-ios, admins: attested through the MDS BLOB, admitted; step-up from the admin portal grants access', async () => {
    const v = await visitor('ms-authenticator-ios');
    const { username, tap } = await v.createUser('linus', 'admins');
    await v.tapSignIn(username, tap);
    await v.page.waitForURL('**/security-info');
    const reg = await v.addPasskey();
    expect(reg.outcome).toBe('admitted');
    expect(reg.data).toMatchObject({ fmt: 'packed', trust: 'trusted (MDS)', passkeyType: 'device-bound', profile: 'Admins' });
    expect(reg.text).toContain('attestation verified');

    expect((await v.adminPortal()).access).toBe('refused');
    const stepUp = await v.passkeySignIn(username, '/admin');
    expect(stepUp.outcome).toBe('ok');
    expect(v.page.url()).toBe(`${site.url}/admin`);
    expect(await v.page.getAttribute('#access', 'data-access')).toBe('granted');
  });
});

describe('browsers without the WebAuthn JSON helpers', () => {
  it('windows-hello-hardware, windows-hello-preview: app.js converts options and credentials by hand', async () => {
    const v = await visitor('windows-hello-hardware');
    // Runs after the shim's init script: drop parse*FromJSON and the credentials' toJSON, as in older browsers.
    await v.page.addInitScript(() => {
      const g = globalThis as unknown as {
        PublicKeyCredential: Record<string, unknown>;
        navigator: { credentials: Record<'create' | 'get', (o: unknown) => Promise<Record<string, unknown> | null>> };
        sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
      };
      delete g.PublicKeyCredential.parseCreationOptionsFromJSON;
      delete g.PublicKeyCredential.parseRequestOptionsFromJSON;
      for (const name of ['create', 'get'] as const) {
        const original = g.navigator.credentials[name].bind(g.navigator.credentials);
        g.navigator.credentials[name] = async (options) => {
          const credential = await original(options);
          if (credential) Object.defineProperty(credential, 'toJSON', { value: undefined });
          g.sessionStorage.setItem('withoutToJSON', String(Number(g.sessionStorage.getItem('withoutToJSON') ?? 0) + 1));
          return credential;
        };
      }
    });
    const { username, tap } = await v.createUser('hopper', 'windows-hello-preview');
    await v.tapSignIn(username, tap);
    await v.page.waitForURL('**/security-info');
    expect(await v.page.evaluate(() => typeof (globalThis as unknown as { PublicKeyCredential: Record<string, unknown> }).PublicKeyCredential.parseCreationOptionsFromJSON)).toBe('undefined');
    const reg = await v.addPasskey();
    expect(reg.outcome).toBe('admitted');
    expect(reg.data).toMatchObject({ fmt: 'tpm', trust: 'trusted (MDS)', profile: 'Windows Hello passkeys (preview)' });
    await v.signOut();
    const signIn = await v.passkeySignIn(username);
    expect(signIn.outcome).toBe('ok');
    // Both ceremonies went through the stripped-down API (counted across page loads).
    expect(await v.page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('withoutToJSON'))).toBe('2');
  });
});

describe('npm run demo (examples/demo.mjs)', () => {
  it('--preset yubikey-5-nfc: exit 0, a table row per policy, a screenshot per run', async () => {
    const { code, stdout, stderr } = await driverRun;
    const out = driverOut;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.find((l) => l.startsWith('preset '))).toMatch(/preset\s+model\s+fmt\s+trust\s+type\s+policy\s+verdict\s+sign-in\s+counter\s+admin\s+ok/);
    const row = (policy: string) => lines.find((l) => l.startsWith('yubikey-5-nfc ') && l.includes(` ${policy} `)) ?? '';
    expect(row('standard-users')).toMatch(/YubiKey 5 Series with NFC\s+packed\s+trusted \(MDS\)\s+device-bound\s+standard-users\s+admitted \(Standard users\)\s+ok\s+\d+ -> \d+\s+TAP refused, passkey granted\s+yes$/);
    expect(row('admins')).toMatch(/admins\s+denied AAGUID_NOT_ALLOWED\s+no passkey\s+-\s+TAP refused, passkey n\/a\s+yes$/);
    expect(stdout).toContain('2 of 2 runs decided as the policy should.');
    expect(existsSync(join(out, 'yubikey-5-nfc--standard-users.png'))).toBe(true);
    expect(existsSync(join(out, 'yubikey-5-nfc--admins.png'))).toBe(true);
  });

  it('a --browser-path that does not exist: exit 2 and the fix, never another browser (scripts/peers.mjs)', async () => {
    const { code, stdout, stderr } = await badBrowserPathRun;
    expect(code).toBe(2);
    expect(stderr).toContain('--browser-path=/nonexistent/chrome: no executable file there');
    expect(stderr).toContain('drop --browser-path');
    expect(stdout).not.toContain('vfido demo: relying party');
  });
});
