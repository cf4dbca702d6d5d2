/**
 * Driver-neutral types of the bridge: ceremony events, the backend contract every driver implements, and the
 * conditional-mediation choice.
 * @module
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON, StoredCredential } from '@vfido/core';

/**
 * How the authenticator reaches the page: `shim` (vfido's page script answers every ceremony, any driver) or
 * `cdp` (Chromium's own virtual authenticator, fed from the vfido store; Playwright driver only).
 */
export type BackendName = 'shim' | 'cdp';

/** One way a backend is not the preset exactly (e.g. Chromium's own AAGUID under `cdp`). */
export interface BackendApproximation {
  /** Stable code, e.g. `CDP_AAGUID`. */
  code: string;
  /** The preset's value. */
  preset: string;
  /** What the page or RP sees instead. */
  message: string;
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
