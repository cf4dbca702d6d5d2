/**
 * The handle a test holds after attaching (every driver returns one): the vfido store (source of truth), the
 * simulated user, credential import/export in Playwright's and Chromium's shapes, and ceremony events.
 * @module
 */
import {
  type CdpCredential,
  type PlaywrightCredential,
  type Preset,
  type StoredCredential,
  type StoredCredentialJSON,
  type VirtualAuthenticator,
} from '@vfido/core';
import { BridgeError } from './bridgeError.js';
import type { Backend, BackendApproximation, BackendName, ConditionalChoice, VfidoEvents } from './types.js';

/** Export shapes of {@link VfidoHandle.exportCredentials}. */
export interface ExportFormats {
  vfido: StoredCredentialJSON;
  cdp: CdpCredential;
  playwright: PlaywrightCredential;
}

/** Any credential shape {@link VfidoHandle.addCredential} accepts. */
export type ImportableCredential = Parameters<VirtualAuthenticator['addCredential']>[0];

type Listener<E extends keyof VfidoEvents> = (...args: VfidoEvents[E]) => void;

/** A vfido authenticator attached to a browser (a Playwright context or page, a Puppeteer browser or page, a WebDriver BiDi session...). */
export class VfidoHandle {
  /** The vfido authenticator (store, scripted user, preset). */
  readonly authenticator: VirtualAuthenticator;
  readonly #backend: Backend;
  readonly #listeners: { [E in keyof VfidoEvents]: Set<Listener<E>> } = { registered: new Set(), asserted: new Set() };
  #user = { verified: true, present: true };
  #detached = false;

  /**
   * Where the backend is not the preset exactly (always empty for `shim`; for `cdp`, Chromium's AAGUID,
   * attestation, counter, ... as listed at attach). See the `allowApproximation` attach option.
   */
  readonly approximations: readonly BackendApproximation[];

  /** @internal drivers create handles (e.g. `attachAuthenticator` of `@vfido/playwright`) */
  constructor(authenticator: VirtualAuthenticator, backend: Backend, approximations: readonly BackendApproximation[] = []) {
    this.authenticator = authenticator;
    this.#backend = backend;
    this.approximations = Object.freeze([...approximations]);
  }

  /** @internal called by the backends */
  emit<E extends keyof VfidoEvents>(event: E, ...args: VfidoEvents[E]): void {
    for (const listener of [...this.#listeners[event]]) listener(...args);
  }

  /** The backend in use (`auto` resolved). */
  get backend(): BackendName {
    return this.#backend.name;
  }

  /** The emulated model. */
  get preset(): Preset {
    return this.authenticator.preset;
  }

  /** Listen to `registered` / `asserted`. */
  on<E extends keyof VfidoEvents>(event: E, listener: Listener<E>): this {
    this.#listeners[event].add(listener);
    return this;
  }

  /** Stop listening. */
  off<E extends keyof VfidoEvents>(event: E, listener: Listener<E>): this {
    this.#listeners[event].delete(listener);
    return this;
  }

  /** The next `registered` / `asserted` event. */
  waitForEvent<E extends keyof VfidoEvents>(event: E): Promise<VfidoEvents[E][0]> {
    return new Promise((resolve) => {
      const once = ((e: VfidoEvents[E][0]) => {
        this.off(event, once);
        resolve(e);
      }) as Listener<E>;
      this.on(event, once);
    });
  }

  /** Credentials in the vfido store, newest first. */
  credentials(filter?: { rpId?: string }): StoredCredential[] {
    return this.authenticator.credentials(filter);
  }

  /**
   * Add (or replace) a credential in any supported shape, and make it usable in the page.
   * @param rpId - for CDP credentials without one
   * @throws CredentialStoreError `ERR_CREDENTIAL_INVALID`
   */
  async addCredential(credential: ImportableCredential, rpId?: string): Promise<StoredCredential> {
    this.#live();
    const stored = this.authenticator.addCredential(credential, rpId);
    await this.#backend.credentialAdded(stored);
    return stored;
  }

  /** Import several credentials (Playwright `context.credentials.get()` output, CDP `getCredentials`, vfido JSON). */
  async importCredentials(list: readonly ImportableCredential[], rpId?: string): Promise<StoredCredential[]> {
    const out: StoredCredential[] = [];
    for (const c of list) out.push(await this.addCredential(c, rpId));
    return out;
  }

  /** Remove a credential (bytes or base64url id); true when it existed. */
  async removeCredential(id: Uint8Array | string): Promise<boolean> {
    this.#live();
    const bytes = typeof id === 'string' ? new Uint8Array(Buffer.from(id, 'base64url')) : id;
    const existed = this.authenticator.removeCredential(bytes);
    await this.#backend.credentialRemoved(bytes);
    return existed;
  }

  /**
   * Every credential as `vfido` JSON, Chromium `cdp` (`WebAuthn.addCredential`) or Playwright
   * (`context.credentials.create(rpId, c)`) shape. Private keys included: keep the output secret.
   */
  exportCredentials<F extends keyof ExportFormats>(format: F): ExportFormats[F][] {
    return this.authenticator.exportCredentials(format);
  }

  /**
   * Whether user verification succeeds (false: UV-requiring ceremonies fail with NotAllowedError). On `cdp` this is
   * Chromium's own rule, which also refuses create() whatever the RP's userVerification and get() with
   * `preferred` on a UV-capable preset; the package README's cdp section has the measured table.
   */
  async setUserVerified(verified: boolean): Promise<void> {
    this.#live();
    this.#user.verified = verified;
    this.authenticator.user.verification = verified ? 'accept' : 'refuse';
    await this.#backend.userChanged({ ...this.#user });
  }

  /**
   * Whether the user touches the authenticator. false: every ceremony is refused at once with NotAllowedError
   * (shim: vfido refuses; cdp: each page holds a refusing stand-in authenticator until presence returns).
   */
  async setUserPresent(present: boolean): Promise<void> {
    this.#live();
    this.#user.present = present;
    this.authenticator.user.presence = present ? 'accept' : 'refuse';
    await this.#backend.userChanged({ ...this.#user });
  }

  /**
   * Answer pending conditional-mediation (autofill) requests as the user picking a passkey (shim).
   * @returns how many requests were answered
   */
  completeConditional(choice: ConditionalChoice = {}): Promise<number> {
    this.#live();
    return this.#backend.completeConditional(choice);
  }

  /** Resolves when every page opened so far is served (cdp: after `context.newPage()`, before its first ceremony). */
  ready(): Promise<void> {
    return this.#backend.ready();
  }

  /** PEM roots a verifier must trust for this preset's attestation. */
  attestationRoots(): Promise<string[]> {
    return this.authenticator.attestationRoots();
  }

  /** Take the authenticator out of the browser; the store keeps its credentials. */
  async detach(): Promise<void> {
    if (this.#detached) return;
    this.#detached = true;
    await this.#backend.detach();
  }

  #live(): void {
    if (this.#detached) throw new BridgeError('ERR_DETACHED', 'this vfido handle was detached; attach a new authenticator');
  }
}
