/**
 * U2F_VERSION (INS 0x03): the protocol version string (FIDO U2F Raw Message Formats v1.2,
 * "GetVersion Request and Response").
 * @module
 */
import type { CommandApdu } from './apdu.js';
import { Ctap1Error, StatusWord } from './status.js';

/** The only U2F version there is, also what getInfo.versions lists for U2F support (CTAP 2.1 6.4). */
export const U2F_VERSION = 'U2F_V2';

/**
 * Whether `preset` emulates a model that speaks CTAP1/U2F: its getInfo.versions lists `U2F_V2`.
 * @param preset - the emulated model (undefined: a FIDO2-only device)
 */
export function speaksU2f(preset: { readonly getInfo: { readonly versions: readonly string[] } } | undefined): boolean {
  return preset?.getInfo.versions.includes(U2F_VERSION) ?? false;
}

/**
 * Whether `preset` speaks CTAP2: its getInfo.versions lists a FIDO_2_x version. A U2F-only model (only
 * `U2F_V2`) answers no CTAP2 command, so clients fall back to CTAP1 (CTAP 2.1 section 10).
 * @param preset - the emulated model (undefined: a FIDO2 device)
 */
export function speaksCtap2(preset: { readonly getInfo: { readonly versions: readonly string[] } } | undefined): boolean {
  return preset?.getInfo.versions.some((v) => v.startsWith('FIDO_2_')) ?? true;
}

/**
 * Handle U2F_VERSION: the ASCII string `U2F_V2`, no length or terminator.
 * @throws Ctap1Error SW_WRONG_LENGTH when the request carries data
 */
export function version(_state: unknown, apdu: CommandApdu): Uint8Array {
  if (apdu.data.length !== 0) throw new Ctap1Error(StatusWord.SW_WRONG_LENGTH, `U2F_VERSION takes no data, got ${apdu.data.length} bytes`);
  return new Uint8Array(Buffer.from(U2F_VERSION, 'ascii'));
}
