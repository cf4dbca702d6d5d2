/**
 * A vfido preset as Chromium DevTools Protocol `WebAuthn.VirtualAuthenticatorOptions`
 * (chromedevtools.github.io/devtools-protocol/tot/WebAuthn; read from Chromium 156's own `/json/protocol`).
 * The protocol and CTAP version follow the preset's authenticatorGetInfo `versions` (CTAP 2.1 6.4): a model
 * that speaks only `U2F_V2` is CDP's `u2f` authenticator (CTAP 2.1 section 10), otherwise `ctap2` at the highest
 * FIDO_2_x it lists. Chromium's authenticator keeps its own AAGUID, attestation and counters; see
 * cdpApproximations.ts for what it cannot reproduce.
 * @module
 */
import type { Preset } from '@vfido/core';

/** CDP `WebAuthn.AuthenticatorProtocol`. */
export type CdpProtocol = 'ctap2' | 'u2f';
/** CDP `WebAuthn.Ctap2Version` (Chromium 156: ctap2_0, ctap2_1, ctap2_2; CDP's default is ctap2_0). */
export type CdpCtap2Version = 'ctap2_0' | 'ctap2_1' | 'ctap2_2';

/** CDP `WebAuthn.VirtualAuthenticatorOptions` (the members vfido sets). */
export interface CdpAuthenticatorOptions {
  protocol: CdpProtocol;
  /** Ignored by Chromium when `protocol` is `u2f`; vfido leaves it out then. */
  ctap2Version?: CdpCtap2Version;
  transport: 'usb' | 'nfc' | 'ble' | 'cable' | 'internal';
  hasResidentKey: boolean;
  hasUserVerification: boolean;
  hasLargeBlob: boolean;
  hasCredBlob: boolean;
  hasMinPinLength: boolean;
  hasPrf: boolean;
  automaticPresenceSimulation: boolean;
  isUserVerified: boolean;
  defaultBackupEligibility: boolean;
  defaultBackupState: boolean;
}

/** CDP transport for a preset: platform presets are `internal`; hybrid is CDP's `cable`; smart-card is read as usb. */
export function cdpTransportOf(preset: Preset): CdpAuthenticatorOptions['transport'] {
  if (preset.attachment === 'platform') return 'internal';
  const first = preset.transports.find((t) => t !== 'internal') ?? 'usb';
  if (first === 'hybrid') return 'cable';
  if (first === 'smart-card') return 'usb';
  return first;
}

/**
 * CDP protocol and CTAP 2 version for a preset's getInfo `versions`: `FIDO_2_2` -> ctap2_2, `FIDO_2_1` -> ctap2_1,
 * `FIDO_2_0` or `FIDO_2_1_PRE` alone -> ctap2_0 (CDP has no 2.1-preview version), `U2F_V2` alone -> u2f.
 * @param preset - the emulated model
 */
export function cdpProtocolOf(preset: Preset): { protocol: CdpProtocol; ctap2Version?: CdpCtap2Version } {
  const versions = preset.getInfo.versions;
  if (versions.includes('FIDO_2_2')) return { protocol: 'ctap2', ctap2Version: 'ctap2_2' };
  if (versions.includes('FIDO_2_1')) return { protocol: 'ctap2', ctap2Version: 'ctap2_1' };
  if (versions.some((v) => v.startsWith('FIDO_2_'))) return { protocol: 'ctap2', ctap2Version: 'ctap2_0' };
  return { protocol: 'u2f' };
}

/**
 * The CDP options that come closest to a preset: its protocol and CTAP version, transport, resident keys, UV
 * and the extensions its authenticatorGetInfo lists (largeBlobKey, credBlob, minPinLength: CTAP 2.1 only, as
 * Chromium requires; hmac-secret as PRF). A U2F-only model has no resident keys, no UV and no extensions.
 * @param preset - the emulated model
 * @param user - the simulated user's current answers
 */
export function cdpAuthenticatorOptions(preset: Preset, user: { verified: boolean; present: boolean }): CdpAuthenticatorOptions {
  const { protocol, ctap2Version } = cdpProtocolOf(preset);
  const ctap2 = protocol === 'ctap2';
  const ctap21 = ctap2Version === 'ctap2_1' || ctap2Version === 'ctap2_2';
  const extensions = ctap2 ? (preset.getInfo.extensions ?? []) : [];
  const residentKeys = ctap2 && preset.residentKeys;
  return {
    protocol,
    ...(ctap2Version && { ctap2Version }),
    transport: cdpTransportOf(preset),
    hasResidentKey: residentKeys,
    hasUserVerification: ctap2 && preset.userVerification.capable,
    // Chromium refuses these on a ctap2_0 authenticator ("Specified options require a CTAP 2.1 authenticator").
    hasLargeBlob: ctap21 && residentKeys && extensions.includes('largeBlobKey'),
    hasCredBlob: ctap21 && extensions.includes('credBlob'),
    hasMinPinLength: ctap21 && extensions.includes('minPinLength'),
    hasPrf: extensions.includes('hmac-secret'),
    automaticPresenceSimulation: user.present,
    isUserVerified: user.verified,
    defaultBackupEligibility: preset.backup.eligible,
    defaultBackupState: preset.backup.state,
  };
}

/**
 * The stand-in while the simulated user is absent (`setUserPresent(false)`): an empty CTAP 2.1 authenticator
 * whose built-in UV always fails. Chromium answers every create() (UV is required to make a credential on it)
 * and get() (no credential matches) at once with NotAllowedError, as the shim does, instead of waiting out the
 * page's timeout as it does with presence simulation off. Measured with Debian chromium 156.
 * @param preset - the emulated model (for its transport)
 */
export function cdpRefusingOptions(preset: Preset): CdpAuthenticatorOptions {
  return {
    protocol: 'ctap2',
    ctap2Version: 'ctap2_1',
    transport: cdpTransportOf(preset),
    hasResidentKey: true,
    hasUserVerification: true,
    hasLargeBlob: false,
    hasCredBlob: false,
    hasMinPinLength: false,
    hasPrf: false,
    automaticPresenceSimulation: true,
    isUserVerified: false,
    defaultBackupEligibility: false,
    defaultBackupState: false,
  };
}
