/**
 * Public types of the Playwright bridge: attach options, ceremony events and the backend contract.
 * @module
 */
import type { CredentialStore, Preset } from '@vfido/core';
import type { BackendName } from '@vfido/bridge';

export type { AssertedEvent, Backend, BackendName, ConditionalChoice, RegisteredEvent, VfidoEvents } from '@vfido/bridge';

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

