/**
 * Interop: Chromium's own virtual authenticator (CDP WebAuthn domain, Chromium (scripts/peers.mjs finds it) driven with
 * playwright-core) registers and signs in on a page served from http://localhost; @vfido/rp verifies the
 * responses, and @simplewebauthn/server gives the same verdict. Chromium's authenticator: AAGUID
 * 01020304-0506-0708-0102-030405060708, `packed` with a self-signed batch certificate (no AAGUID extension)
 * for `attestation: 'direct'`, `none` otherwise (/work/shared/reference/platform-notes.md).
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { Browser, Page } from 'playwright-core';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { TrustStore, verifyAuthentication, verifyRegistration, type AuthenticationResponseJSON, type RegistrationResponseJSON } from '@vfido/rp';
import { verifyAssertionWithSwa } from './swa.js';
import { launchChromium } from '../browser/harness.js';

const CHROMIUM_AAGUID = '01020304-0506-0708-0102-030405060708';
const RP_ID = 'localhost';

let server: Server;
let browser: Browser;
let page: Page;
let origin: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>vfido rp interop</title><p>rp</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium(); // the run's shared Chromium; throws with the command to run when there is none
  const context = await browser.newContext();
  page = await context.newPage();
  await page.goto(`${origin}/`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** The few browser globals the page functions use (the test project compiles without the DOM lib). */
interface PageGlobals {
  navigator: { credentials: { create(o: { publicKey: object }): Promise<PageCredential>; get(o: { publicKey: object }): Promise<PageCredential> } };
}
interface PageCredential {
  toJSON(): unknown;
}

/** navigator.credentials.create in the page; returns `PublicKeyCredential.toJSON()`. */
function create(challenge: string, attestation: 'direct' | 'none'): Promise<RegistrationResponseJSON> {
  return page.evaluate(
    async ({ challenge, attestation, userId }) => {
      const bytes = (b64url: string) => Uint8Array.from(atob(b64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      const { navigator } = globalThis as unknown as PageGlobals;
      const credential = await navigator.credentials.create({
        publicKey: {
          rp: { id: 'localhost', name: 'vfido rp interop' },
          user: { id: bytes(userId), name: 'ada@example.com', displayName: 'Ada' },
          challenge: bytes(challenge),
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
          attestation,
          timeout: 10_000,
        },
      });
      return credential.toJSON() as RegistrationResponseJSON;
    },
    { challenge, attestation, userId: randomBytes(16).toString('base64url') },
  );
}

/** navigator.credentials.get in the page for `credentialId`; returns `PublicKeyCredential.toJSON()`. */
function get(challenge: string, credentialId: string): Promise<AuthenticationResponseJSON> {
  return page.evaluate(
    async ({ challenge, credentialId }) => {
      const bytes = (b64url: string) => Uint8Array.from(atob(b64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      const { navigator } = globalThis as unknown as PageGlobals;
      const credential = await navigator.credentials.get({
        publicKey: {
          rpId: 'localhost',
          challenge: bytes(challenge),
          allowCredentials: [{ type: 'public-key', id: bytes(credentialId) }],
          userVerification: 'required',
          timeout: 10_000,
        },
      });
      return credential.toJSON() as AuthenticationResponseJSON;
    },
    { challenge, credentialId },
  );
}

type SwaRegistration = Parameters<typeof verifyRegistrationResponse>[0]['response'];

describe("Chromium's virtual authenticator (CDP) verified by @vfido/rp", () => {
  it('direct attestation: packed, self-signed batch certificate, Chromium AAGUID; sign-ins verify and count', async () => {
    const regChallenge = randomBytes(32).toString('base64url');
    const registration = await create(regChallenge, 'direct');
    const expectations = { expectedChallenge: regChallenge, expectedOrigin: origin, expectedRpId: RP_ID, requireUserVerification: true };
    const ours = await verifyRegistration({ response: registration, ...expectations });
    const cred = ours.credential;
    expect(cred.aaguid).toBe(CHROMIUM_AAGUID);
    expect(cred.attestation).toMatchObject({ fmt: 'packed', type: 'basic', trusted: false });
    expect(cred.attestation.trustPath).toHaveLength(1);
    expect(cred).toMatchObject({ signCount: 1, userVerified: true, backupEligible: false, backupState: false, algorithm: -7 });

    // The batch certificate is self-signed and has no id-fido-gen-ce-aaguid extension.
    const batch = new X509Certificate(Buffer.from(cred.attestation.trustPath[0] as Uint8Array));
    expect(batch.subject).toBe(batch.issuer);
    expect(batch.verify(batch.publicKey)).toBe(true);
    expect(new x509.X509Certificate(batch.raw).getExtension('1.3.6.1.4.1.45724.1.1.4')).toBeNull();

    // An RP that chooses to trust Chromium's batch certificate for Chromium's AAGUID gets trusted: true.
    const pinned = new TrustStore().addRoots(batch.toString(), { aaguid: CHROMIUM_AAGUID, format: 'packed' });
    expect((await verifyRegistration({ response: registration, ...expectations, trustStore: pinned })).credential.attestation.trusted).toBe(true);

    const peer = await verifyRegistrationResponse({
      response: registration as SwaRegistration,
      expectedChallenge: regChallenge,
      expectedOrigin: origin,
      expectedRPID: RP_ID,
      requireUserVerification: true,
    });
    expect(peer.verified).toBe(true);
    expect(peer.registrationInfo!.fmt).toBe('packed');
    expect(peer.registrationInfo!.aaguid).toBe(cred.aaguid);
    expect(peer.registrationInfo!.credential.id).toBe(cred.id);

    let counter = cred.signCount;
    for (let round = 0; round < 2; round++) {
      const authChallenge = randomBytes(32).toString('base64url');
      const assertion = await get(authChallenge, cred.id);
      const mine = await verifyAuthentication({
        response: assertion,
        expectedChallenge: authChallenge,
        expectedOrigin: origin,
        expectedRpId: RP_ID,
        requireUserVerification: true,
        requireCounterIncrease: true,
        credential: { id: cred.id, publicKey: cred.publicKey, signCount: counter, backupEligible: cred.backupEligible },
      });
      const theirs = await verifyAssertionWithSwa(assertion, authChallenge, { expectedOrigin: origin, expectedRPID: RP_ID, credential: peer.registrationInfo!.credential, counter, requireUserVerification: true });
      expect(theirs.verified).toBe(true);
      expect(mine).toMatchObject({ newSignCount: counter + 1, userVerified: true, cloneWarning: false });
      expect(mine.newSignCount).toBe(theirs.authenticationInfo.newCounter);
      expect(typeof mine.userHandle).toBe('string');
      counter = mine.newSignCount;
    }
  });

  it('attestation none: fmt none, not trusted, accepted by both verifiers', async () => {
    const regChallenge = randomBytes(32).toString('base64url');
    const registration = await create(regChallenge, 'none');
    const ours = await verifyRegistration({ response: registration, expectedChallenge: regChallenge, expectedOrigin: origin, expectedRpId: RP_ID });
    expect(ours.credential.attestation).toMatchObject({ fmt: 'none', type: 'none', trusted: false, trustPath: [] });
    const peer = await verifyRegistrationResponse({
      response: registration as SwaRegistration,
      expectedChallenge: regChallenge,
      expectedOrigin: origin,
      expectedRPID: RP_ID,
    });
    expect(peer.verified).toBe(true);
    expect(peer.registrationInfo!.fmt).toBe('none');
  });
});
