/**
 * The `cdp` backend: Chromium's own virtual authenticator (DevTools Protocol WebAuthn domain), one per
 * page, seeded from the vfido store and synced back into it on `WebAuthn.credentialAdded`,
 * `credentialAsserted`, `credentialUpdated` (Signal API signalCurrentUserDetails) and `credentialDeleted`
 * (signalUnknownCredential, signalAllAcceptedCredentials), so the vfido store stays the source of truth.
 * While the simulated user is absent, each page holds a refusing stand-in instead (cdpRefusingOptions), so
 * ceremonies end at once in NotAllowedError as with the shim.
 * @module
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { fromCdpCredential, toCdpCredential, type CdpCredential, type StoredCredential, type VirtualAuthenticator } from '@vfido/core';
import type { AssertedEvent, Backend, RegisteredEvent } from '../types.js';
import { cdpAuthenticatorOptions, cdpRefusingOptions, type CdpAuthenticatorOptions } from './cdpAuthenticatorOptions.js';

/** Event sinks the handle gives the backend. */
export interface CdpEvents {
  registered(event: RegisteredEvent): void;
  asserted(event: AssertedEvent): void;
}

interface Attached {
  page: Page;
  session: CDPSession;
  /** The page's current Chromium authenticator (replaced when presence changes; '' once detached). */
  authenticatorId: string;
  /** Credential ids (base64) vfido itself is removing: their `credentialDeleted` events are ours, not the page's. */
  removing: Set<string>;
}

interface CredentialEvent {
  authenticatorId: string;
  credential: CdpCredential;
}

interface DeletedEvent {
  authenticatorId: string;
  credentialId: string;
}

const b64u = (base64: string): string => Buffer.from(base64, 'base64').toString('base64url');

/** The CDP backend for one context (every page, present and future) or one page. */
export class CdpBackend implements Backend {
  readonly name = 'cdp' as const;
  readonly #authenticator: VirtualAuthenticator;
  readonly #events: CdpEvents;
  readonly #attached = new Map<Page, Attached>();
  readonly #context: BrowserContext;
  #user = { verified: true, present: true };
  #onPage: ((page: Page) => void) | undefined;
  #failure: unknown;
  readonly #attaching = new Set<Promise<void>>();

  private constructor(context: BrowserContext, authenticator: VirtualAuthenticator, events: CdpEvents) {
    this.#context = context;
    this.#authenticator = authenticator;
    this.#events = events;
  }

  /**
   * Add a Chromium virtual authenticator to the page, or to every page of the context (also future ones).
   * @throws Error when the browser is not Chromium (no CDP session)
   */
  static async attach(target: BrowserContext | Page, authenticator: VirtualAuthenticator, events: CdpEvents): Promise<CdpBackend> {
    const isPage = 'mainFrame' in target;
    const context = isPage ? target.context() : target;
    const backend = new CdpBackend(context, authenticator, events);
    if (isPage) {
      await backend.#attachPage(target);
      return backend;
    }
    backend.#onPage = (page) => {
      // Pages opened later: attach as soon as they exist; failures surface on the next handle call.
      const attaching = backend.#attachPage(page).catch((error: unknown) => {
        backend.#failure = error;
      });
      backend.#attaching.add(attaching);
      void attaching.finally(() => backend.#attaching.delete(attaching));
    };
    context.on('page', backend.#onPage);
    await Promise.all(context.pages().map((p) => backend.#attachPage(p)));
    return backend;
  }

  async #attachPage(page: Page): Promise<void> {
    if (this.#attached.has(page)) return;
    const session = await this.#context.newCDPSession(page);
    await session.send('WebAuthn.enable', { enableUI: false });
    const attached: Attached = { page, session, authenticatorId: '', removing: new Set() };
    await this.#install(attached);
    this.#attached.set(page, attached);
    page.once('close', () => this.#attached.delete(page));
    session.on('WebAuthn.credentialAdded', (e: CredentialEvent) => this.#added(attached, e));
    session.on('WebAuthn.credentialAsserted', (e: CredentialEvent) => this.#asserted(attached, e));
    session.on('WebAuthn.credentialUpdated', (e: CredentialEvent) => this.#updated(attached, e));
    session.on('WebAuthn.credentialDeleted', (e: DeletedEvent) => this.#deleted(attached, e));
  }

  /** The options for the page's authenticator now: the preset's, or the refusing stand-in while the user is absent. */
  #options(): CdpAuthenticatorOptions {
    return this.#user.present ? cdpAuthenticatorOptions(this.#authenticator.preset, this.#user) : cdpRefusingOptions(this.#authenticator.preset);
  }

  /** Give the page a fresh authenticator for the current user state, holding the store's credentials (none while absent). */
  async #install(a: Attached): Promise<void> {
    const { authenticatorId } = await a.session.send('WebAuthn.addVirtualAuthenticator', { options: this.#options() });
    a.authenticatorId = authenticatorId;
    if (!this.#user.present) return;
    for (const c of this.#authenticator.credentials()) await this.#push(a, c);
  }

  /** A page registered a credential with Chromium's authenticator: copy it into the store and the other pages. */
  #added(from: Attached, e: CredentialEvent): void {
    if (e.authenticatorId !== from.authenticatorId) return;
    if (e.credential.rpId === undefined) {
      // Chromium's U2F authenticator reports no RP ID (U2F knows only its SHA-256): the credential stays in this
      // page's Chromium authenticator and cannot enter the store (nor other pages, which addCredential needs it for).
      this.#events.registered({ backend: 'cdp', credentialId: b64u(e.credential.credentialId), rpId: '', credential: undefined });
      return;
    }
    const stored = fromCdpCredential(e.credential);
    stored.preset = this.#authenticator.preset.id;
    stored.transports = [...this.#authenticator.preset.transports];
    this.#authenticator.store.put(stored);
    this.#broadcast(from, stored);
    this.#events.registered({ backend: 'cdp', credentialId: b64u(e.credential.credentialId), rpId: stored.rpId, credential: stored });
  }

  /** A page signed in: take Chromium's counter into the store and the other pages. */
  #asserted(from: Attached, e: CredentialEvent): void {
    if (e.authenticatorId !== from.authenticatorId) return;
    const id = new Uint8Array(Buffer.from(e.credential.credentialId, 'base64'));
    let stored = this.#authenticator.store.get(id);
    if (!stored && e.credential.rpId === undefined) {
      // A credential of Chromium's U2F authenticator (see #added): not in the store.
      this.#events.asserted({ backend: 'cdp', credentialId: b64u(e.credential.credentialId), rpId: '', signCount: e.credential.signCount, credential: undefined });
      return;
    }
    if (stored) this.#authenticator.store.setSignCount(id, e.credential.signCount);
    else this.#authenticator.store.put((stored = fromCdpCredential(e.credential)));
    stored = this.#authenticator.store.get(id) ?? stored;
    this.#broadcast(from, stored);
    this.#events.asserted({ backend: 'cdp', credentialId: b64u(e.credential.credentialId), rpId: stored.rpId, signCount: e.credential.signCount, credential: stored });
  }

  /** signalCurrentUserDetails changed a credential's user name or display name: take it into the store and the other pages. */
  #updated(from: Attached, e: CredentialEvent): void {
    if (e.authenticatorId !== from.authenticatorId) return;
    const id = new Uint8Array(Buffer.from(e.credential.credentialId, 'base64'));
    const stored = this.#authenticator.store.get(id);
    if (!stored) return;
    const { userName, userDisplayName } = e.credential;
    const updated: StoredCredential = { ...stored };
    if (userName !== undefined) updated.userName = userName;
    if (userDisplayName !== undefined) updated.userDisplayName = userDisplayName;
    this.#authenticator.store.put(updated);
    this.#broadcast(from, updated);
  }

  /** Chromium deleted a credential (signalUnknownCredential, signalAllAcceptedCredentials, or a replaced discoverable one). */
  #deleted(from: Attached, e: DeletedEvent): void {
    if (e.authenticatorId !== from.authenticatorId || from.removing.delete(e.credentialId)) return;
    const id = new Uint8Array(Buffer.from(e.credentialId, 'base64'));
    this.#authenticator.store.delete(id);
    for (const a of this.#attached.values()) {
      if (a !== from) void this.#remove(a, e.credentialId);
    }
  }

  /** `WebAuthn.removeCredential`, marked as vfido's own so its `credentialDeleted` event is not read as the page's. */
  async #remove(a: Attached, credentialId: string): Promise<void> {
    a.removing.add(credentialId);
    try {
      await a.session.send('WebAuthn.removeCredential', { authenticatorId: a.authenticatorId, credentialId });
    } catch {
      a.removing.delete(credentialId); // not there: no event follows
    }
  }

  #broadcast(from: Attached, credential: StoredCredential): void {
    for (const a of this.#attached.values()) {
      if (a !== from) this.#push(a, credential).catch((error: unknown) => (this.#failure = error));
    }
  }

  /** Put (or replace: CDP refuses duplicates) a credential into one page's authenticator. */
  async #push(a: Attached, credential: StoredCredential): Promise<void> {
    if (!this.#user.present) return; // the refusing stand-in holds nothing; #install re-seeds on return
    const cdp = toCdpCredential(credential);
    await this.#remove(a, cdp.credentialId);
    await a.session.send('WebAuthn.addCredential', { authenticatorId: a.authenticatorId, credential: cdp });
  }

  /** Resolves when every page opened so far has its authenticator (call after `context.newPage()`). */
  async ready(): Promise<void> {
    await Promise.all([...this.#attaching]);
    this.#check();
  }

  #check(): void {
    if (this.#failure === undefined) return;
    const failure = this.#failure;
    this.#failure = undefined;
    throw new Error('vfido cdp backend: syncing a page failed', { cause: failure });
  }

  /** Push a store credential to every page. */
  async credentialAdded(credential: StoredCredential): Promise<void> {
    this.#check();
    await Promise.all([...this.#attached.values()].map((a) => this.#push(a, credential)));
  }

  /** Remove a credential from every page. */
  async credentialRemoved(id: Uint8Array): Promise<void> {
    this.#check();
    const credentialId = Buffer.from(id).toString('base64');
    await Promise.all([...this.#attached.values()].map((a) => this.#remove(a, credentialId)));
  }

  /**
   * `WebAuthn.setUserVerified` on every page; a change of presence swaps each page's authenticator (absent:
   * the refusing stand-in, so ceremonies fail at once; present again: the preset's, re-seeded from the store).
   */
  async userChanged(state: { verified: boolean; present: boolean }): Promise<void> {
    this.#check();
    const swap = state.present !== this.#user.present;
    this.#user = { ...state };
    await Promise.all(
      [...this.#attached.values()].map(async (a) => {
        if (!swap) {
          if (state.present) await a.session.send('WebAuthn.setUserVerified', { authenticatorId: a.authenticatorId, isUserVerified: state.verified });
          return;
        }
        const old = a.authenticatorId;
        await this.#install(a);
        await a.session.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: old }).catch(() => undefined);
      }),
    );
  }

  /** Chromium answers conditional requests itself (with the first discoverable credential): nothing to do. */
  async completeConditional(): Promise<number> {
    return 0;
  }

  /** Remove the virtual authenticator from every page and stop following new ones. */
  async detach(): Promise<void> {
    if (this.#onPage) this.#context.off('page', this.#onPage);
    const all = [...this.#attached.values()];
    this.#attached.clear();
    await Promise.all(
      all.map(async (a) => {
        const authenticatorId = a.authenticatorId;
        a.authenticatorId = ''; // the removal's credentialDeleted events must not empty the store
        await a.session.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId }).catch(() => undefined);
        await a.session.detach().catch(() => undefined);
      }),
    );
  }
}
