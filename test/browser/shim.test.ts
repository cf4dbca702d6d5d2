/**
 * The `shim` backend in Debian's chromium: @simplewebauthn/browser registers and signs in on
 * http://localhost, @simplewebauthn/server verifies with the preset's vfido roots, and the page sees objects
 * and errors that behave like the browser's own.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsService } from '@simplewebauthn/server';
import type { BrowserContext, Page } from 'playwright-core';
import { attachAuthenticator, type VfidoHandle } from '../../packages/playwright/src/index.js';
import {
  authenticationOptions,
  clientData,
  ok,
  pageAuthenticate,
  pageRegister,
  registrationOptions,
  verifyAuthentication,
  verifyRegistration,
  type PageCredential,
  type PageGlobals,
  useBrowserAndSite,
} from './harness.js';

const env = useBrowserAndSite();

/** A fresh context with vfido attached and one page on the env.site. */
async function open(preset: string, extra: Parameters<typeof attachAuthenticator>[1] = {}): Promise<{ context: BrowserContext; page: Page; vfido: VfidoHandle }> {
  const context = await env.browser.newContext();
  const vfido = await attachAuthenticator(context, { preset, backend: 'shim', seed: 'browser', ...extra });
  const page = await context.newPage();
  await page.goto(`${env.site.origin}/`);
  return { context, page, vfido };
}

describe.each(['windows-hello-hardware', 'yubikey-5-nfc', 'icloud-keychain'])('shim with %s', (presetId) => {
  it('registers and signs in; SimpleWebAuthn verifies the preset attestation and AAGUID', async () => {
    const { context, page, vfido } = await open(presetId);
    const registered: string[] = [];
    vfido.on('registered', (e) => registered.push(e.credentialId));
    const asserted = vfido.waitForEvent('asserted');

    const regOptions = await registrationOptions('localhost');
    const registration = ok(await pageRegister(page, regOptions));
    SettingsService.setRootCertificates({ identifier: vfido.preset.attestation.format, certificates: await vfido.attestationRoots() });
    const reg = await verifyRegistration(registration, regOptions, env.site.origin);
    expect(reg.verified).toBe(true);
    expect(reg.registrationInfo!.fmt).toBe(vfido.preset.attestation.format);
    expect(reg.registrationInfo!.aaguid).toBe(vfido.preset.aaguid);
    expect(registered).toEqual([registration.id]);
    expect(vfido.credentials({ rpId: 'localhost' }).map((c) => Buffer.from(c.id).toString('base64url'))).toEqual([registration.id]);

    const authOptions = await authenticationOptions('localhost');
    const authentication = ok(await pageAuthenticate(page, authOptions));
    const auth = await verifyAuthentication(authentication, authOptions, env.site.origin, reg.registrationInfo!.credential);
    expect(auth.verified).toBe(true);
    expect((await asserted).credentialId).toBe(registration.id);
    expect(clientData(authentication)).toMatchObject({ type: 'webauthn.get', origin: env.site.origin, crossOrigin: false });
    await context.close();
  });
});

describe('shim page objects and errors', () => {
  let context: BrowserContext;
  let page: Page;
  let vfido: VfidoHandle;

  beforeAll(async () => {
    ({ context, page, vfido } = await open('yubikey-5-nfc'));
  });
  afterAll(async () => {
    await context.close();
  });

  it('returns objects that behave like PublicKeyCredential, and statics that describe the preset', async () => {
    const facts = await page.evaluate(async () => {
      const { navigator, PublicKeyCredential, AuthenticatorAttestationResponse, AuthenticatorAssertionResponse } = globalThis as unknown as PageGlobals;
      const cred = (await navigator.credentials.create({
        publicKey: {
          rp: { name: 'x' },
          user: { id: new Uint8Array([1, 2, 3]), name: 'a', displayName: 'A' },
          challenge: new Uint8Array(32),
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          extensions: { credProps: true },
        },
      })) as PageCredential;
      const r = cred.response;
      const spki = r.getPublicKey()!;
      const key = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
      const json = cred.toJSON() as { id: string; response: { transports: string[] } };
      const get = (await navigator.credentials.get({ publicKey: { challenge: new Uint8Array(32), allowCredentials: [{ type: 'public-key', id: cred.rawId }] } })) as PageCredential;
      const a = get.response;
      const data = new Uint8Array(a.authenticatorData);
      const clientDataHash = await crypto.subtle.digest('SHA-256', a.clientDataJSON);
      const signed = new Uint8Array([...data, ...new Uint8Array(clientDataHash)]);
      // DER ECDSA signature -> raw r||s for WebCrypto
      const der = new Uint8Array(a.signature);
      const int = (at: number) => { const len = der[at + 1]!; let v = der.slice(at + 2, at + 2 + len); while (v.length > 32) v = v.slice(1); const out = new Uint8Array(32); out.set(v, 32 - v.length); return { v: out, next: at + 2 + len }; };
      const rr = int(2);
      const ss = int(rr.next);
      const verified = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, new Uint8Array([...rr.v, ...ss.v]), signed);
      return {
        isPKC: cred instanceof PublicKeyCredential,
        isAtt: r instanceof AuthenticatorAttestationResponse,
        isAss: a instanceof AuthenticatorAssertionResponse,
        rawIdIsBuffer: cred.rawId instanceof ArrayBuffer,
        idMatches: json.id === cred.id,
        type: cred.type,
        attachment: cred.authenticatorAttachment,
        transports: r.getTransports(),
        jsonTransports: json.response.transports,
        alg: r.getPublicKeyAlgorithm(),
        authDataLength: r.getAuthenticatorData().byteLength,
        keyType: key.type,
        ext: cred.getClientExtensionResults(),
        verified,
        userHandle: Array.from(new Uint8Array(a.userHandle!)),
        uvpa: await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable(),
        cma: await PublicKeyCredential.isConditionalMediationAvailable(),
        caps: await PublicKeyCredential.getClientCapabilities(),
        parsed: (() => {
          const o = PublicKeyCredential.parseRequestOptionsFromJSON({ challenge: 'AAEC' });
          return o.challenge instanceof ArrayBuffer && o.challenge.byteLength === 3;
        })(),
      };
    });
    expect(facts).toMatchObject({
      isPKC: true, isAtt: true, isAss: true, rawIdIsBuffer: true, idMatches: true, type: 'public-key',
      attachment: 'cross-platform', transports: ['nfc', 'usb'], jsonTransports: ['nfc', 'usb'], alg: -7, keyType: 'public',
      ext: { credProps: { rk: false } }, verified: true, userHandle: [1, 2, 3], uvpa: false, cma: true, parsed: true,
    });
    expect(facts.authDataLength).toBeGreaterThan(37);
    expect(facts.caps).toMatchObject({ conditionalGet: true, hybridTransport: false });
  });

  it('refused user verification rejects with a NotAllowedError DOMException', async () => {
    await vfido.setUserVerified(false);
    try {
      const outcome = await pageRegister(page, await registrationOptions('localhost', { authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }));
      expect(outcome).toMatchObject({ ok: false, causeName: 'NotAllowedError', isDOMException: true });
    } finally {
      await vfido.setUserVerified(true);
    }
  });

  it('a user who does not touch the key rejects with NotAllowedError', async () => {
    await vfido.setUserPresent(false);
    try {
      expect(await pageAuthenticate(page, await authenticationOptions('localhost'))).toMatchObject({ ok: false, causeName: 'NotAllowedError', isDOMException: true });
    } finally {
      await vfido.setUserPresent(true);
    }
  });

  it('an excluded credential rejects with InvalidStateError', async () => {
    const first = ok(await pageRegister(page, await registrationOptions('localhost')));
    const outcome = await pageRegister(page, await registrationOptions('localhost', { excludeCredentials: [{ id: first.id }] }));
    expect(outcome).toMatchObject({ ok: false, name: 'InvalidStateError', isDOMException: true });
  });

  it('TypeError stays TypeError; AbortSignal aborts; other credential types reach the browser', async () => {
    const result = await page.evaluate(async () => {
      const { navigator, location } = globalThis as unknown as PageGlobals;
      const typeError = await navigator.credentials.create({ publicKey: { rp: { name: 'x' }, user: { id: new Uint8Array(1), name: 'a', displayName: 'a' }, pubKeyCredParams: [] } as never }).catch((e: Error) => e);
      const controller = new AbortController();
      controller.abort();
      const early = await navigator.credentials.get({ publicKey: { challenge: new Uint8Array(8) }, signal: controller.signal }).catch((e: Error) => e);
      const late = new AbortController();
      const pending = navigator.credentials.get({ publicKey: { challenge: new Uint8Array(8) }, mediation: 'conditional', signal: late.signal }).catch((e: Error) => e);
      setTimeout(() => late.abort(), 50);
      const lateError = (await pending) as DOMException;
      const password = (await navigator.credentials.create({ password: { id: 'ada', password: 'pw', origin: location.origin } })) as { type: string } | null;
      return {
        typeError: typeError instanceof TypeError && !(typeError instanceof DOMException),
        early: early instanceof DOMException && (early as DOMException).name,
        late: lateError instanceof DOMException && lateError.name,
        password: password?.type,
      };
    });
    expect(result).toEqual({ typeError: true, early: 'AbortError', late: 'AbortError', password: 'password' });
  });

  it('conditional mediation resolves when the test picks the passkey', async () => {
    const started = page.evaluate(async () => {
      const { navigator } = globalThis as unknown as PageGlobals;
      const cred = await navigator.credentials.get({ publicKey: { challenge: new Uint8Array(16) }, mediation: 'conditional' });
      return cred?.id;
    });
    let answered = 0;
    for (let i = 0; i < 100 && answered === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      answered += await vfido.completeConditional();
    }
    expect(answered).toBeGreaterThanOrEqual(1);
    expect(typeof (await started)).toBe('string');
  });

  it('ignores an origin the page makes up: the binding is out of reach, the origin comes from the realm', async () => {
    let registered = 0;
    const count = () => registered++;
    vfido.on('registered', count);
    const forged = await page.evaluate(async () => {
      const g = globalThis as unknown as Record<string, unknown>;
      const exposed = Object.keys(g).filter((k) => k.startsWith('__vfido_'));
      // Playwright's controller still lists the binding: a call through it never reaches Node.
      const controller = g.__playwright__binding__controller__ as { _bindings: Map<string, unknown>; callBinding(name: string, arg: unknown): Promise<unknown> } | undefined;
      const name = [...(controller?._bindings.keys() ?? [])].find((k) => k.startsWith('__vfido_'));
      const message = JSON.stringify({ op: 'create', id: 'x', origin: 'https://bank.example', realm: { origin: 'https://bank.example' }, options: { rp: { id: 'bank.example', name: 'Bank' }, user: { id: 'AQ', name: 'a', displayName: 'a' }, challenge: 'AAAA', pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } });
      const direct = name ? await Promise.race([controller!.callBinding(name, message).then((a) => ({ answered: a }), (e: Error) => ({ threw: e.message })), new Promise((r) => setTimeout(() => r('no answer'), 1000))]) : 'no binding';
      const { navigator } = globalThis as unknown as PageGlobals;
      const cred = (await navigator.credentials.create({ publicKey: { rp: { name: 'Bank' }, user: { id: new Uint8Array(1), name: 'a', displayName: 'a' }, challenge: new Uint8Array(3), pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } })) as PageCredential;
      return { exposed, direct, local: JSON.parse(new TextDecoder().decode(cred.response.clientDataJSON)) as Record<string, unknown> };
    });
    vfido.off('registered', count);
    expect(forged.exposed).toEqual([]);
    expect(forged.direct).toBe('no answer');
    expect(forged.local).toMatchObject({ origin: env.site.origin, crossOrigin: false });
    expect(registered).toBe(1);
  });

  it('a cross-origin iframe needs allow="publickey-credentials-get" and gets crossOrigin/topOrigin', async () => {
    const inner = `http://a.localhost:${env.site.port}/`;
    const options = await authenticationOptions('a.localhost');
    // Register for a.localhost first, top-level.
    const top = await context.newPage();
    await top.goto(inner);
    const reg = ok(await pageRegister(top, await registrationOptions('a.localhost')));
    await top.close();

    await page.goto(`${env.site.origin}/embed?src=${encodeURIComponent(inner)}&allow=publickey-credentials-get`);
    const frame = page.frames().find((f) => f.url() === inner)!;
    await frame.waitForFunction(() => 'SimpleWebAuthnBrowser' in globalThis);
    const auth = ok(await pageAuthenticate(frame, { ...options, allowCredentials: [{ id: reg.id, type: 'public-key' }] }));
    expect(clientData(auth)).toMatchObject({ origin: `http://a.localhost:${env.site.port}`, crossOrigin: true, topOrigin: env.site.origin });

    await page.goto(`${env.site.origin}/embed?src=${encodeURIComponent(inner)}`);
    const denied = page.frames().find((f) => f.url() === inner)!;
    await denied.waitForFunction(() => 'SimpleWebAuthnBrowser' in globalThis);
    expect(await pageAuthenticate(denied, options)).toMatchObject({ ok: false, causeName: 'NotAllowedError' });
    await page.goto(`${env.site.origin}/`);
  });

  it('exports credentials Playwright context.credentials can use', async () => {
    const regOptions = await registrationOptions('localhost');
    const registration = ok(await pageRegister(page, regOptions));
    const reg = await verifyRegistration(registration, regOptions, env.site.origin);
    const exported = vfido.exportCredentials('playwright').find((c) => c.id === registration.id)!;

    const other = await env.browser.newContext();
    await other.credentials.create(exported.rpId, exported);
    await other.credentials.install();
    const p = await other.newPage();
    await p.goto(`${env.site.origin}/`);
    const authOptions = await authenticationOptions('localhost', { allowCredentials: [{ id: registration.id }] });
    const auth = ok(await pageAuthenticate(p, authOptions));
    expect(auth.id).toBe(registration.id);
    expect((await verifyAuthentication(auth, authOptions, env.site.origin, reg.registrationInfo!.credential)).verified).toBe(true);

    // ...and back: what Playwright holds imports into vfido.
    const [back] = await other.credentials.get({ id: registration.id });
    await other.close();
    const { context: third, page: thirdPage, vfido: thirdVfido } = await open('generic');
    await thirdVfido.importCredentials([back!]);
    const again = ok(await pageAuthenticate(thirdPage, await authenticationOptions('localhost', { allowCredentials: [{ id: registration.id }] })));
    expect(again.id).toBe(registration.id);
    await third.close();
  });

  it('detach leaves new documents with the browser own WebAuthn', async () => {
    const { context: c, page: p, vfido: v } = await open('generic');
    // The shim's stand-ins look native (as the browser's own), so ask for its install mark instead.
    const native = () => !(globalThis as unknown as Record<symbol, unknown>)[Symbol.for('vfido.shim')];
    const before = await p.evaluate(native);
    await v.detach();
    await p.reload();
    const after = await p.evaluate(native);
    expect([before, after]).toEqual([false, true]);
    await c.close();
  });
});
