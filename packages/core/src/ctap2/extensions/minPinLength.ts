/**
 * Minimum PIN Length (minPinLength), CTAP 2.1 section 12.4: at makeCredential, an RP whose RP ID
 * the platform allowed through authenticatorConfig setMinPINLength (minPinLengthRPIDs, CTAP 2.1
 * 6.11.4) reads the current minimum PIN length.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { AuthenticatorState } from '../command.js';
import { readDeviceSettings } from '../pinUv/deviceSettings.js';
import { boolParam } from '../params.js';

/** Extension identifier (CTAP 2.1 12.4). */
export const MIN_PIN_LENGTH = 'minPinLength';

/**
 * The output: the current minimum PIN length when `"minPinLength": true` and `rpId` is one of the
 * RP IDs allowed to read it; undefined otherwise (the output is then left out, CTAP 2.1 12.4).
 * @throws CtapError CTAP2_ERR_CBOR_UNEXPECTED_TYPE when the input is not a boolean
 */
export function minPinLengthOutput(state: Pick<AuthenticatorState, 'preset' | 'store'>, extensions: CborMap, rpId: string): number | undefined {
  if (boolParam(extensions, MIN_PIN_LENGTH, `extensions.${MIN_PIN_LENGTH}`) !== true) return undefined;
  const settings = readDeviceSettings(state);
  return settings.minPinLengthRpIds.includes(rpId) ? settings.minPinLength : undefined;
}
