/**
 * One suite for every driver x browser pair the README's browser table marks as working (issue 14 "Tests that
 * must exist"): register + sign in with three presets (a security key with packed x5c, Windows Hello with tpm, a
 * synced provider with none) on a plain page using @simplewebauthn/browser, verified by @simplewebauthn/server
 * with the preset's AAGUID and attestation; UV refused; an excluded credential; a cross-origin iframe with and
 * without `allow`; an opaque (CSP-sandboxed) origin; a page that tries to forge its origin through the channel.
 *
 * A driver test file implements {@link DriverUnderTest} (launch its browser once, open a fresh session per case)
 * and calls {@link driverSuite}. The expectations are the browser's own answers (Chromium 156 / Firefox 153 with
 * their own WebAuthn), the same for every driver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsService } from '@simplewebauthn/server';
import type { VfidoHandle } from '@vfido/bridge';
import {
  authenticationOptions,
  clientData,
  ok,
  registrationOptions,
  startSite,
  verifyAuthentication,
  verifyRegistration,
  type PageOutcome,
  type Site,
} from '../harness.js';

/** The presets every driver is tested with: packed x5c security key, Windows Hello (tpm), a synced provider (none). */
export const DRIVER_PRESETS = ['yubikey-5-nfc', 'windows-hello-hardware', 'google-password-manager'] as const;

/** One browser session with a vfido authenticator attached before any page loads. */
export interface DriverSession {
  /** The handle the driver returned. */
  readonly vfido: VfidoHandle;
  /** Navigate the top-level page and wait for its load. */
  goto(url: string): Promise<void>;
  /**
   * Evaluate a JavaScript expression in the page's top frame or in its first iframe (`#f`) and resolve with its
   * (awaited) value. The expression's value is always a string (the suite JSON-encodes it page-side).
   */
  evaluate(expression: string, frame?: 'top' | 'iframe'): Promise<string>;
  /** Close the session (its context / tab / page); the browser stays for the next case. */
  close(): Promise<void>;
}

/** A session without vfido: the browser's own WebAuthn (no authenticator attached). */
export type NativeSession = Omit<DriverSession, 'vfido'>;

/** The engines the suite knows; a pair's {@link DriverUnderTest.browser}. */
export type BrowserEngine = 'chromium' | 'firefox';

/**
 * The browser's own answers where browsers differ, for checks made before any authenticator is asked (so a browser
 * without a virtual authenticator answers them too). Measured with each browser's own `navigator.credentials`
 * (Chromium 156, Firefox 153.8 ESR: `node scripts/firefox-own-webauthn.mjs` runs the suite's cases through Firefox's
 * own WebAuthn with Marionette's virtual authenticator); pairs that implement {@link DriverUnderTest.openNative}
 * re-check them every run. Everything else the suite expects, Firefox's own WebAuthn answers as Chromium's does
 * (a cross-origin iframe's client data has `crossOrigin: true` and `topOrigin`; no `allow` is NotAllowedError;
 * another RP's id is SecurityError).
 * - `opaqueOrigin`: `create()` in a top-level `Content-Security-Policy: sandbox allow-scripts` document (origin
 *   `null`). Chromium: NotAllowedError ("The current origin is an opaque origin ..."); Firefox: SecurityError
 *   ("The operation is insecure.").
 */
export const BROWSER_ANSWERS: Record<BrowserEngine, { opaqueOrigin: string }> = {
  chromium: { opaqueOrigin: 'NotAllowedError' },
  firefox: { opaqueOrigin: 'SecurityError' },
};

/** A driver x browser pair under test. */
export interface DriverUnderTest {
  /** e.g. `puppeteer / chromium (cdp)` */
  readonly name: string;
  /** The browser engine, for the cases where that browser's own WebAuthn answers differently (default chromium). */
  readonly browser?: BrowserEngine;
  /** Launch the browser (once per file). */
  start(): Promise<void>;
  /** A fresh session (own cookies/context where the framework has them) with `preset` attached. */
  open(preset: string, seed: string): Promise<DriverSession>;
  /**
   * Optional: a fresh session in the same browser with no vfido attached. When present, the cases whose answer
   * comes before any authenticator (opaque origin, iframe without `allow`, another RP's id) also run against the
   * browser's own WebAuthn and must get the same error name.
   */
  openNative?(): Promise<NativeSession>;
  /** Close the browser and everything the driver started. */
  stop(): Promise<void>;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** `(fn)(arg)` in the page, JSON-encoded there and decoded here. */
async function run<T>(session: DriverSession, fn: string, arg: Json, frame: 'top' | 'iframe' = 'top'): Promise<T> {
  const expression = `(async () => JSON.stringify(await (${fn})(${JSON.stringify(arg)})))()`;
  return JSON.parse(await session.evaluate(expression, frame)) as T;
}

/** Page-side: one SimpleWebAuthn ceremony, its error as the page saw it. */
const CEREMONY = `async ({ kind, optionsJSON }) => {
  const swa = globalThis.SimpleWebAuthnBrowser;
  try {
    const response = kind === 'create' ? await swa.startRegistration({ optionsJSON }) : await swa.startAuthentication({ optionsJSON });
    return { ok: true, response };
  } catch (e) {
    const root = e.cause ?? e;
    return { ok: false, name: root.name, message: String(root.message), isDOMException: root instanceof DOMException, isTypeError: root instanceof TypeError };
  }
}`;

type RegistrationJSON = Parameters<typeof verifyRegistration>[0];
type AuthenticationJSON = Parameters<typeof verifyAuthentication>[0];

function ceremony<T>(session: DriverSession, kind: 'create' | 'get', optionsJSON: unknown, frame: 'top' | 'iframe' = 'top'): Promise<PageOutcome<T>> {
  return run<PageOutcome<T>>(session, CEREMONY, { kind, optionsJSON: optionsJSON as Json }, frame);
}

/** Page-side: call every function-valued global that looks like a channel with a forged request, then create(). */
export const FORGE = `async ({ rpId }) => {
  const forged = JSON.stringify({ op: 'create', id: 'forged-1', key: 'guess', reply: 1, realm: { origin: 'https://' + rpId, ancestorOrigins: '', policy: { create: true, get: true }, id: 'x', activation: true },
    options: { rp: { id: rpId, name: 'victim' }, user: { id: 'AAAA', name: 'victim', displayName: 'victim' }, challenge: 'AAAAAAAAAAAAAAAAAAAAAA', pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } });
  const called = [];
  const calls = [];
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (!/vfido|playwright|puppeteer|binding|bidi|cdp/i.test(name)) continue;
    let v;
    try { v = globalThis[name]; } catch { continue; }
    if (typeof v !== 'function') continue;
    called.push(name);
    // All at once, each given up to 500 ms to answer (a channel that ignores forged calls never does).
    calls.push((async () => { try { await Promise.race([v(forged), new Promise((r) => setTimeout(r, 500))]); } catch {} })());
  }
  await Promise.all(calls);
  let direct;
  try {
    await navigator.credentials.create({ publicKey: { rp: { id: rpId, name: 'victim' }, user: { id: new Uint8Array(8), name: 'v', displayName: 'v' }, challenge: new Uint8Array(16), pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } });
    direct = 'created';
  } catch (e) { direct = e.name; }
  return { called, direct };
}`;

/**
 * The error name the browser's own WebAuthn gives for a ceremony at `url` (in its top frame or iframe), when the
 * pair can open a session without vfido; undefined otherwise. Only for checks made before any authenticator.
 */
async function nativeAnswer(driver: DriverUnderTest, url: string, kind: 'create' | 'get', optionsJSON: unknown, frame: 'top' | 'iframe' = 'top'): Promise<PageOutcome<unknown> | undefined> {
  if (!driver.openNative) return undefined;
  const native = await driver.openNative();
  try {
    await native.goto(url);
    return await ceremony(native as DriverSession, kind, optionsJSON, frame);
  } finally {
    await native.close();
  }
}

/**
 * Register the shared cases for one driver x browser pair.
 * @param driver - the pair under test
 */
export function driverSuite(driver: DriverUnderTest): void {
  describe(driver.name, () => {
    const env = {} as { site: Site };
    beforeAll(async () => {
      env.site = await startSite();
      await driver.start();
    });
    afterAll(async () => {
      await driver.stop();
      await env.site?.close();
    });

    /** A session on the test site's plain page (http://<host>:<port>/). */
    async function open(preset: string, host = 'localhost'): Promise<DriverSession> {
      const session = await driver.open(preset, `driver-suite ${driver.name}`);
      await session.goto(`http://${host}:${env.site.port}/`);
      return session;
    }

    it.each(DRIVER_PRESETS)('%s: registers and signs in; @simplewebauthn/server verifies the attestation and AAGUID', async (preset) => {
      const session = await open(preset);
      try {
        const { vfido } = session;
        const regOptions = await registrationOptions('localhost');
        const registration = ok(await ceremony<RegistrationJSON>(session, 'create', regOptions));
        SettingsService.setRootCertificates({ identifier: vfido.preset.attestation.format, certificates: await vfido.attestationRoots() });
        const reg = await verifyRegistration(registration, regOptions, env.site.origin);
        expect(reg.verified).toBe(true);
        expect(reg.registrationInfo!.fmt).toBe(vfido.preset.attestation.format);
        expect(reg.registrationInfo!.aaguid).toBe(vfido.preset.aaguid);
        expect(vfido.credentials({ rpId: 'localhost' }).map((c) => Buffer.from(c.id).toString('base64url'))).toEqual([registration.id]);

        const asserted = vfido.waitForEvent('asserted');
        const authOptions = await authenticationOptions('localhost');
        const authentication = ok(await ceremony<AuthenticationJSON>(session, 'get', authOptions));
        const auth = await verifyAuthentication(authentication, authOptions, env.site.origin, reg.registrationInfo!.credential);
        expect(auth.verified).toBe(true);
        expect((await asserted).credentialId).toBe(registration.id);
        expect(clientData(authentication)).toMatchObject({ type: 'webauthn.get', origin: env.site.origin, crossOrigin: false });
      } finally {
        await session.close();
      }
    });

    it('refused user verification rejects with NotAllowedError', async () => {
      const session = await open('yubikey-5-nfc');
      try {
        await session.vfido.setUserVerified(false);
        const outcome = await ceremony(session, 'create', await registrationOptions('localhost', { authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }));
        expect(outcome).toMatchObject({ ok: false, name: 'NotAllowedError', isDOMException: true });
        expect(session.vfido.credentials()).toEqual([]);
      } finally {
        await session.close();
      }
    });

    it('an excluded credential rejects with InvalidStateError', async () => {
      const session = await open('yubikey-5-nfc');
      try {
        const first = ok(await ceremony<RegistrationJSON>(session, 'create', await registrationOptions('localhost')));
        const again = await registrationOptions('localhost', { excludeCredentials: [{ id: first.id, transports: ['usb'] }] });
        expect(await ceremony(session, 'create', again)).toMatchObject({ ok: false, name: 'InvalidStateError', isDOMException: true });
        expect(session.vfido.credentials()).toHaveLength(1);
      } finally {
        await session.close();
      }
    });

    it('a cross-origin iframe signs in only with allow="publickey-credentials-get", and its client data says so', async () => {
      // Register on a.localhost at top level, then sign in from an a.localhost iframe inside localhost.
      const session = await open('yubikey-5-nfc', 'a.localhost');
      try {
        const frameOrigin = `http://a.localhost:${env.site.port}`;
        ok(await ceremony(session, 'create', await registrationOptions('a.localhost')));
        const src = encodeURIComponent(`${frameOrigin}/`);
        await session.goto(`${env.site.origin}/embed?src=${src}&allow=publickey-credentials-get`);
        const allowed = ok(await ceremony<AuthenticationJSON>(session, 'get', await authenticationOptions('a.localhost'), 'iframe'));
        expect(clientData(allowed)).toMatchObject({ origin: frameOrigin, crossOrigin: true, topOrigin: env.site.origin });
        await session.goto(`${env.site.origin}/embed?src=${src}`);
        const refused = { ok: false, name: 'NotAllowedError', isDOMException: true };
        expect(await ceremony(session, 'get', await authenticationOptions('a.localhost'), 'iframe')).toMatchObject(refused);
        const native = await nativeAnswer(driver, `${env.site.origin}/embed?src=${src}`, 'get', await authenticationOptions('a.localhost'), 'iframe');
        if (native) expect(native).toMatchObject(refused);
      } finally {
        await session.close();
      }
    });

    const engine = driver.browser ?? 'chromium';
    const opaque = BROWSER_ANSWERS[engine].opaqueOrigin;
    it(`an opaque origin (CSP sandbox) is refused with ${opaque} (the ${engine} answer)`, async () => {
      const session = await open('yubikey-5-nfc');
      try {
        const url = `${env.site.origin}/?csp-sandbox=1`;
        await session.goto(url);
        const refused = { ok: false, name: opaque, isDOMException: true };
        expect(await ceremony(session, 'create', await registrationOptions('localhost'))).toMatchObject(refused);
        expect(session.vfido.credentials()).toEqual([]);
        const native = await nativeAnswer(driver, url, 'create', await registrationOptions('localhost'));
        if (native) expect(native).toMatchObject(refused);
      } finally {
        await session.close();
      }
    });

    it('a page cannot forge its origin: channel-looking globals get nothing, create() for another RP is SecurityError', async () => {
      const session = await open('yubikey-5-nfc');
      try {
        const { direct } = await run<{ called: string[]; direct: string }>(session, FORGE, { rpId: 'victim.example' });
        expect(direct).toBe('SecurityError');
        expect(session.vfido.credentials({ rpId: 'victim.example' })).toEqual([]);
        expect(session.vfido.credentials()).toEqual([]);
        const native = await nativeAnswer(driver, `${env.site.origin}/`, 'create', await registrationOptions('victim.example'));
        if (native) expect(native).toMatchObject({ ok: false, name: 'SecurityError', isDOMException: true });
      } finally {
        await session.close();
      }
    });
  });
}
