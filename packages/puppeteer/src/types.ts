/**
 * Public types of the Puppeteer driver: attach options (the Playwright driver's shim options) and the targets it
 * attaches to.
 * @module
 */
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import type { CredentialStore, Preset } from '@vfido/core';

export type { AssertedEvent, ConditionalChoice, RegisteredEvent, VfidoEvents } from '@vfido/bridge';

/** What {@link attachAuthenticator} serves: every page of a browser, of one browser context, or one page. */
export type AttachTarget = Browser | BrowserContext | Page;

/** Options for {@link attachAuthenticator} (the shim options of `@vfido/playwright`'s `attachAuthenticator`). */
export interface AttachOptions {
  /** Preset id (e.g. `yubikey-5-nfc`) or a preset object. Default `generic`. */
  preset?: string | Preset;
  /** Reproducible credential ids, keys and attestation certificates. */
  seed?: string;
  /** Where credentials live (e.g. a `FileCredentialStore`). Default: in memory. */
  store?: CredentialStore;
  /**
   * Conditional mediation (`mediation: 'conditional'`, passkey autofill): `manual` (default) waits for
   * `VfidoHandle.completeConditional`; `immediate` answers at once as if the user picked the first passkey.
   */
  conditional?: 'manual' | 'immediate';
}
