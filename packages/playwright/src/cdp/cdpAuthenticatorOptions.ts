/**
 * A vfido preset as Chromium DevTools Protocol `WebAuthn.VirtualAuthenticatorOptions`
 * (chromedevtools.github.io/devtools-protocol/tot/WebAuthn). Chromium's authenticator keeps its own
 * AAGUID, attestation and counters; see the package README for what it cannot reproduce.
 * @module
 */
import type { Preset } from '@vfido/core';

/** CDP `WebAuthn.VirtualAuthenticatorOptions` (the members vfido sets). */
export interface CdpAuthenticatorOptions {
  protocol: 'ctap2';
  ctap2Version: 'ctap2_1';
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
function transportOf(preset: Preset): CdpAuthenticatorOptions['transport'] {
  if (preset.attachment === 'platform') return 'internal';
  const first = preset.transports.find((t) => t !== 'internal') ?? 'usb';
  if (first === 'hybrid') return 'cable';
  if (first === 'smart-card') return 'usb';
  return first;
}

/**
 * The CDP options that come closest to a preset (CTAP 2.1, its transport, resident keys, UV and the
 * extensions its authenticatorGetInfo lists: largeBlobKey, credBlob, minPinLength, hmac-secret as PRF).
 * @param preset - the emulated model
 * @param user - the simulated user's current answers
 */
export function cdpAuthenticatorOptions(preset: Preset, user: { verified: boolean; present: boolean }): CdpAuthenticatorOptions {
  const extensions = preset.getInfo.extensions ?? [];
  return {
    protocol: 'ctap2',
    ctap2Version: 'ctap2_1',
    transport: transportOf(preset),
    hasResidentKey: preset.residentKeys,
    hasUserVerification: preset.userVerification.capable,
    hasLargeBlob: extensions.includes('largeBlobKey') && preset.residentKeys,
    hasCredBlob: extensions.includes('credBlob'),
    hasMinPinLength: extensions.includes('minPinLength'),
    hasPrf: extensions.includes('hmac-secret'),
    automaticPresenceSimulation: user.present,
    isUserVerified: user.verified,
    defaultBackupEligibility: preset.backup.eligible,
    defaultBackupState: preset.backup.state,
  };
}
