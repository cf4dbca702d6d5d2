/**
 * Where Chromium's own virtual authenticator (the `cdp` backend) cannot be the chosen preset. CDP's
 * `WebAuthn.VirtualAuthenticatorOptions` has no AAGUID, attestation, counter or algorithm member (Chromium 156
 * `/json/protocol`), so those stay Chromium's: AAGUID 01020304-0506-0708-0102-030405060708 under `direct`
 * attestation (zeros under `none`), a `packed` (CTAP2) or `fido-u2f` (U2F) statement with Chromium's self-signed
 * batch certificate, one counter per credential.
 * @module
 */
import type { Preset } from '@vfido/core';
import { cdpProtocolOf, cdpTransportOf, type CdpAuthenticatorOptions } from './cdpAuthenticatorOptions.js';

/** Chromium's virtual authenticator AAGUID (reported under `attestation: 'direct'`). */
export const CHROMIUM_VIRTUAL_AAGUID = '01020304-0506-0708-0102-030405060708';
const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';

/** What part of the preset Chromium's authenticator does not reproduce. */
export type CdpApproximationCode =
  | 'CDP_AAGUID'
  | 'CDP_ATTESTATION'
  | 'CDP_COUNTER'
  | 'CDP_ALGORITHMS'
  | 'CDP_EXTENSIONS'
  | 'CDP_TRANSPORTS'
  | 'CDP_USER_VERIFICATION';

/** One difference between the preset and Chromium's authenticator, as the RP or the page can see it. */
export interface CdpApproximation {
  /** Stable code. */
  code: CdpApproximationCode;
  /** The preset's value, e.g. `a25342c0-...` or `packed/basic`. */
  preset: string;
  /** What Chromium's authenticator gives instead. */
  cdp: string;
  /** One line for people. */
  message: string;
}

const EXTENSION_OPTION: Readonly<Record<string, keyof CdpAuthenticatorOptions>> = {
  largeBlobKey: 'hasLargeBlob',
  credBlob: 'hasCredBlob',
  minPinLength: 'hasMinPinLength',
  'hmac-secret': 'hasPrf',
};

/**
 * The differences between a preset and the Chromium authenticator `options` built for it.
 * @param preset - the emulated model
 * @param options - from cdpAuthenticatorOptions(preset, ...)
 */
export function cdpApproximations(preset: Preset, options: CdpAuthenticatorOptions): CdpApproximation[] {
  const out: CdpApproximation[] = [];
  const add = (code: CdpApproximationCode, presetValue: string, cdp: string, message: string): void => {
    out.push({ code, preset: presetValue, cdp, message });
  };
  const u2f = cdpProtocolOf(preset).protocol === 'u2f';
  if (preset.aaguid !== ZERO_AAGUID) {
    add('CDP_AAGUID', preset.aaguid, u2f ? ZERO_AAGUID : `${CHROMIUM_VIRTUAL_AAGUID} (direct) or zeros (none)`, "the RP sees Chromium's AAGUID, not the preset's");
  }
  const { format, type } = preset.attestation;
  if (format !== 'none') {
    const chromium = u2f ? 'fido-u2f/basic (Chromium self-signed batch certificate)' : 'packed/basic (Chromium self-signed "Batch Certificate", no AAGUID extension)';
    add('CDP_ATTESTATION', `${format}/${type}`, chromium, "attestation is Chromium's: it chains to no vfido or vendor root");
  }
  if (preset.counter !== 'per-credential') {
    add('CDP_COUNTER', preset.counter, 'per-credential (1 on create, +1 per get)', "the signature counter follows Chromium's rule, not the model's");
  }
  if (preset.algorithms.length !== 1 || preset.algorithms[0] !== -7) {
    add('CDP_ALGORITHMS', preset.algorithms.join(','), "Chromium's own choice from pubKeyCredParams", "credential algorithms are Chromium's, not the model's list");
  }
  const dropped = (preset.getInfo.extensions ?? []).filter((e) => {
    const option = EXTENSION_OPTION[e];
    return option === undefined ? e !== 'credProtect' : options[option] !== true;
  });
  if (dropped.length > 0) {
    add('CDP_EXTENSIONS', dropped.join(','), 'not offered', `Chromium's authenticator cannot offer ${dropped.join(', ')} at ${options.ctap2Version ?? options.protocol}`);
  }
  const wanted = preset.attachment === 'platform' ? ['internal'] : preset.transports;
  if (wanted.length !== 1 || wanted[0] !== options.transport) {
    add('CDP_TRANSPORTS', preset.transports.join(','), cdpTransportOf(preset), 'Chromium reports the one CDP transport');
  }
  const clientPinOnly = preset.getInfo.options?.['clientPin'] !== undefined && preset.getInfo.options?.['uv'] === undefined;
  if (options.hasUserVerification && clientPinOnly) {
    add('CDP_USER_VERIFICATION', 'clientPin', 'built-in UV', 'the PIN is modelled as built-in UV: setUserVerified() answers it, no PIN is collected');
  }
  return out;
}

/** The console text for a non-empty list. */
export function describeApproximations(preset: Preset, list: readonly CdpApproximation[]): string {
  const lines = list.map((a) => `  - ${a.code}: preset ${a.preset}; cdp ${a.cdp} (${a.message})`);
  return [
    `vfido: backend 'cdp' cannot be preset '${preset.id}' exactly (Chromium's own virtual authenticator):`,
    ...lines,
    "  Use backend 'shim' for the exact model, or pass allowApproximation: true to accept (and silence) this; allowApproximation: false refuses.",
  ].join('\n');
}
