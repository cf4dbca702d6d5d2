/**
 * Where a browser's own WebAuthn answers a refusal differently from Chromium's, so the shim answers as the
 * browser it runs in would (the browser is the spec for the bridge). Each entry was measured with the browser's
 * own WebAuthn (no vfido) on this project's test pages.
 * @module
 */

/** A refusal as the page sees it: the DOMException's name and message. */
export interface Refusal {
  name: string;
  message: string;
}

/** The browser-specific refusals a {@link ShimSession} emulates. */
export interface BrowserDialect {
  /** An opaque origin (e.g. a CSP-sandboxed document) calling create() or get(). */
  opaqueOrigin: Refusal;
  /**
   * Whether the permissions-policy check comes before the opaque-origin check (Firefox: a sandboxed iframe
   * without `allow` is NotAllowedError, a top-level `Content-Security-Policy: sandbox` document SecurityError).
   */
  policyFirst: boolean;
}

/** Chromium 156: WebAuthn L3 5.1.3 step 3 / 5.1.4.1 step 3, NotAllowedError. */
export const CHROMIUM_DIALECT: BrowserDialect = Object.freeze({
  opaqueOrigin: { name: 'NotAllowedError', message: "The current origin is an opaque origin and hence not allowed to access 'PublicKeyCredential' objects." },
  policyFirst: false,
});

/** Firefox 153 ESR: an opaque origin is SecurityError ("The operation is insecure."), as for an invalid effective domain (5.1.3 step 7). */
export const FIREFOX_DIALECT: BrowserDialect = Object.freeze({
  opaqueOrigin: { name: 'SecurityError', message: 'The operation is insecure.' },
  policyFirst: true,
});
