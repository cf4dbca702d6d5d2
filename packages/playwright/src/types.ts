/**
 * Public types of the Playwright bridge: attach options, ceremony events and the backend contract.
 * @module
 */
import type {
  AuthenticationResponseJSON,
  CredentialStore,
  Preset,
  RegistrationResponseJSON,
  StoredCredential,
} from '@vfido/core';

/** How the authenticator reaches the page. */
export type BackendName = 'shim' | 'cdp';

/** Options for {@link attachAuthenticator}. */
export interface AttachOptions {
  /** Preset id (e.g. `yubikey-5-nfc`) or a preset object. Default `generic`. */
  preset?: string | Preset;
  /**
   * `shim` (any browser: vfido answers every ceremony), `cdp` (Chromium's own virtual authenticator,
   * fed from and synced back to the vfido store) or `auto` (default: `cdp` only on Chromium when the
   * preset's attestation and AAGUID do not matter, else `shim`).
   */
  backend?: BackendName | 'auto';
  /** Reproducible credential ids, keys and attestation certificates. */
  seed?: string;
  /** Where credentials live (e.g. a `FileCredentialStore`). Default: in memory. */
  store?: CredentialStore;
  /**
   * Whether the preset's AAGUID must reach the RP (default true). With `false`, `auto` may pick `cdp`
   * for presets that do not attest (`attestation.format: 'none'`), although Chromium reports its own AAGUID.
   */
  requireAaguid?: boolean;
  /**
   * What the `cdp` backend does when Chromium's authenticator cannot be the preset (its AAGUID, attestation,
   * counter, algorithms, extensions, transports; see {@link VfidoHandle.approximations}): unset (default) attaches
   * and prints a console warning listing the differences; `true` attaches silently; `false` refuses
   * (BridgeError `ERR_PRESET_APPROXIMATED`). The shim reproduces every preset, so this never applies to it.
   */
  allowApproximation?: boolean;
  /**
   * Conditional mediation (`mediation: 'conditional'`, passkey autofill) in the shim: `manual` (default)
   * waits for {@link VfidoHandle.completeConditional}; `immediate` answers at once as if the user picked
   * the first passkey.
   */
  conditional?: 'manual' | 'immediate';
}

/** A successful registration seen in the page. */
export interface RegisteredEvent {
  backend: BackendName;
  /** Credential id, base64url. */
  credentialId: string;
  rpId: string;
  /** Origin of the calling frame (shim only; Chromium does not report it). */
  origin?: string;
  /** The credential as the vfido store now holds it. */
  credential: StoredCredential | undefined;
  /** What the page received (shim only). */
  response?: RegistrationResponseJSON;
}

/** A successful sign-in seen in the page. */
export interface AssertedEvent {
  backend: BackendName;
  /** Credential id, base64url. */
  credentialId: string;
  rpId: string;
  origin?: string;
  /** Signature counter after the assertion. */
  signCount: number;
  credential: StoredCredential | undefined;
  response?: AuthenticationResponseJSON;
}

/** Events of a {@link VfidoHandle}. */
export interface VfidoEvents {
  registered: [RegisteredEvent];
  asserted: [AssertedEvent];
}

/** What a backend does for the handle; the vfido store is the source of truth for both. */
export interface Backend {
  readonly name: BackendName;
  /** A credential was added to (or replaced in) the store. */
  credentialAdded(credential: StoredCredential): Promise<void>;
  /** A credential was removed from the store. */
  credentialRemoved(id: Uint8Array): Promise<void>;
  /** The simulated user's verification / presence answers changed. */
  userChanged(state: { verified: boolean; present: boolean }): Promise<void>;
  /** Answer pending conditional-mediation requests (shim only). */
  completeConditional(choice: ConditionalChoice): Promise<number>;
  /** Resolves when every page opened so far is served. */
  ready(): Promise<void>;
  /** Undo everything the backend put into the browser. */
  detach(): Promise<void>;
}

/** How {@link VfidoHandle.completeConditional} answers a pending autofill request. */
export interface ConditionalChoice {
  /** Use this credential (base64url id); default: the authenticator picks (first match). */
  credentialId?: string;
  /** Refuse instead (the page's promise stays pending, as when the user ignores autofill). */
  dismiss?: boolean;
}
