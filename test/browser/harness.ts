/**
 * Shared pieces of the browser tests: the peers' Chromium (required, never skipped; scripts/peers.mjs), a node:http server on
 * port 0 that serves a page loading @simplewebauthn/browser's UMD bundle, and helpers that run
 * startRegistration/startAuthentication in the page and verify with @simplewebauthn/server.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { chromiumPath, findPeer } from '../../scripts/peers.mjs';
import { CHROMIUM_ARGS, sharedBrowserEndpoint } from '../support/sharedBrowsers.js';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type WebAuthnCredential,
} from '@simplewebauthn/server';

/**
 * The Chromium the tests launch, found as `npm test` and `npm run demo` find it (scripts/peers.mjs): CHROME_PATH,
 * else Debian's /usr/bin/chromium, else Playwright's own; '' when there is none ({@link launchChromium} then fails
 * with the command to run).
 */
export const CHROMIUM: string = findPeer('chromium').path ?? '';
export const CHROMIUM_AAGUID = '01020304-0506-0708-0102-030405060708';

/**
 * The peers' Chromium, headless: in a `vitest run`, a connection to the run's ONE shared Chromium
 * (test/support/browserBroker.ts; open your own contexts, `close()` only disconnects), else a browser of its own.
 * Throws (fails the file) with the command to run when there is no Chromium.
 */
export async function launchChromium(): Promise<Browser> {
  const shared = await sharedBrowserEndpoint('playwright-chromium');
  if (shared) return chromium.connect(shared);
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

const require = createRequire(import.meta.url);
const SWA_BUNDLE = readFileSync(require.resolve('@simplewebauthn/browser').replace(/script[\\/]index\.js$/, 'dist/bundle/index.umd.min.js'), 'utf8');

/** The test site: `/` and `/frame?allow=...` pages, `/swa.js` bundle. Any host name on the port works (a.localhost...). */
export interface Site {
  server: Server;
  port: number;
  /** http://localhost:<port> */
  origin: string;
  close(): Promise<void>;
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>vfido browser test</title><script src="/swa.js"></script><p>rp</p>`;

/** Serve the test pages on 127.0.0.1:<random port>. */
export async function startSite(): Promise<Site> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/swa.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(SWA_BUNDLE);
      return;
    }
    if (url.pathname === '/embed') {
      // ?src=<iframe url>&allow=<allow attribute>
      const src = url.searchParams.get('src') ?? '';
      const allow = url.searchParams.get('allow');
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`${PAGE}<iframe id="f" src="${encodeURI(src)}"${allow !== null ? ` allow="${allow}"` : ''}></iframe>`);
      return;
    }
    // ?csp-sandbox=1: a document with an opaque origin (CSP sandbox without allow-same-origin)
    res.writeHead(200, { 'content-type': 'text/html', ...(url.searchParams.has('csp-sandbox') && { 'content-security-policy': 'sandbox allow-scripts' }) });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, port, origin: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** What a page-side ceremony returns: the JSON response, or the error as the page saw it. */
export type PageOutcome<T> =
  | { ok: true; response: T }
  | { ok: false; name: string; message: string; code?: string; causeName?: string; isDOMException: boolean; isTypeError: boolean };

type RegistrationJSON = Parameters<typeof verifyRegistrationResponse>[0]['response'];
type AuthenticationJSON = Parameters<typeof verifyAuthenticationResponse>[0]['response'];
type CreationOptions = Awaited<ReturnType<typeof generateRegistrationOptions>>;
type RequestOptions = Awaited<ReturnType<typeof generateAuthenticationOptions>>;

/** startRegistration() in the page (or a frame). */
export function pageRegister(target: Page | Frame, optionsJSON: CreationOptions): Promise<PageOutcome<RegistrationJSON>> {
  return target.evaluate(async (optionsJSON) => {
    const g = globalThis as unknown as { SimpleWebAuthnBrowser: { startRegistration(o: unknown): Promise<unknown> } };
    try {
      return { ok: true as const, response: (await g.SimpleWebAuthnBrowser.startRegistration({ optionsJSON })) as never };
    } catch (e) {
      const err = e as { name: string; message: string; code?: string; cause?: unknown };
      const root = err.cause ?? e;
      return { ok: false as const, name: err.name, message: err.message, code: err.code, causeName: (err.cause as Error | undefined)?.name, isDOMException: root instanceof DOMException, isTypeError: root instanceof TypeError };
    }
  }, optionsJSON);
}

/** startAuthentication() in the page (or a frame). */
export function pageAuthenticate(target: Page | Frame, optionsJSON: RequestOptions): Promise<PageOutcome<AuthenticationJSON>> {
  return target.evaluate(async (optionsJSON) => {
    const g = globalThis as unknown as { SimpleWebAuthnBrowser: { startAuthentication(o: unknown): Promise<unknown> } };
    try {
      return { ok: true as const, response: (await g.SimpleWebAuthnBrowser.startAuthentication({ optionsJSON })) as never };
    } catch (e) {
      const err = e as { name: string; message: string; code?: string; cause?: unknown };
      const root = err.cause ?? e;
      return { ok: false as const, name: err.name, message: err.message, code: err.code, causeName: (err.cause as Error | undefined)?.name, isDOMException: root instanceof DOMException, isTypeError: root instanceof TypeError };
    }
  }, optionsJSON);
}

/** Registration options from @simplewebauthn/server. */
export function registrationOptions(rpID: string, extra: Partial<Parameters<typeof generateRegistrationOptions>[0]> = {}): Promise<CreationOptions> {
  return generateRegistrationOptions({
    rpName: 'vfido browser test',
    rpID,
    userName: 'ada@example.com',
    userID: new Uint8Array(randomBytes(16)),
    attestationType: 'direct',
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    supportedAlgorithmIDs: [-7, -8, -257],
    timeout: 20_000,
    ...extra,
  });
}

/** Authentication options from @simplewebauthn/server. */
export function authenticationOptions(rpID: string, extra: Partial<Parameters<typeof generateAuthenticationOptions>[0]> = {}): Promise<RequestOptions> {
  return generateAuthenticationOptions({ rpID, userVerification: 'preferred', timeout: 20_000, ...extra });
}

/** Verify a registration with @simplewebauthn/server. */
export function verifyRegistration(response: RegistrationJSON, options: CreationOptions, origin: string) {
  return verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: options.rp.id, requireUserVerification: false });
}

/** Verify an authentication with @simplewebauthn/server. */
export function verifyAuthentication(response: AuthenticationJSON, options: RequestOptions, origin: string, credential: WebAuthnCredential) {
  return verifyAuthenticationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: options.rpId ?? 'localhost', credential, requireUserVerification: false });
}

/** Narrow a page outcome to success, failing with the page's error otherwise. */
export function ok<T>(outcome: PageOutcome<T>): T {
  if (!outcome.ok) throw new Error(`ceremony failed in the page: ${outcome.name}: ${outcome.message}`);
  return outcome.response;
}

/** Base64url of the clientDataJSON's decoded JSON. */
export function clientData(response: { response: { clientDataJSON: string } }): Record<string, unknown> {
  return JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A constructor seen from Node's type world (page classes only used with instanceof). */
type PageClass = abstract new (...args: never[]) => object;

/** The page-side response objects the tests touch (no DOM lib in the test tsconfig). */
export interface PageResponse {
  clientDataJSON: ArrayBuffer;
  authenticatorData: ArrayBuffer;
  signature: ArrayBuffer;
  userHandle: ArrayBuffer | null;
  getPublicKey(): ArrayBuffer | null;
  getTransports(): string[];
  getPublicKeyAlgorithm(): number;
  getAuthenticatorData(): ArrayBuffer;
}

/** The page-side PublicKeyCredential the tests touch. */
export interface PageCredential {
  id: string;
  rawId: ArrayBuffer;
  type: string;
  authenticatorAttachment: string | null;
  response: PageResponse;
  getClientExtensionResults(): Record<string, unknown>;
  toJSON(): { id: string; response: { transports: string[] } };
}

/** The page globals the tests use, typed for `globalThis as unknown as PageGlobals` inside page.evaluate. */
export interface PageGlobals {
  navigator: { credentials: { create(o: unknown): Promise<PageCredential | { type: string } | null>; get(o: unknown): Promise<PageCredential | null> } };
  PublicKeyCredential: PageClass & {
    isUserVerifyingPlatformAuthenticatorAvailable(): Promise<boolean>;
    isConditionalMediationAvailable(): Promise<boolean>;
    getClientCapabilities(): Promise<Record<string, boolean>>;
    parseRequestOptionsFromJSON(json: unknown): { challenge: ArrayBuffer };
  };
  AuthenticatorAttestationResponse: PageClass;
  AuthenticatorAssertionResponse: PageClass;
  location: { origin: string };
}

/**
 * The Chromium ({@link launchChromium}: the run's shared one) and one test site per test file: connected and started
 * in `beforeAll`, disconnected and closed in `afterAll`.
 * Read `browser` / `site` inside tests (they are set once `beforeAll` has run).
 */
export function useBrowserAndSite(): { readonly browser: Browser; readonly site: Site } {
  const env = {} as { browser: Browser; site: Site };
  beforeAll(async () => {
    env.site = await startSite();
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}
