/**
 * Setting the PIN and the PIN policy from the API (tests, the CLI) rather than through
 * authenticatorClientPIN or authenticatorConfig: the same policy and end state as setPIN / changePIN
 * (CTAP 2.1 6.5.5.5, 6.5.5.6) and setMinPINLength (6.11.4), without the key-agreement exchange or
 * the pinUvAuthToken a platform would need.
 * @module
 */
import { VfidoError } from '../../errors/vfidoError.js';
import type { AuthenticatorState } from '../command.js';
import { CtapError, CtapStatus } from '../status.js';
import { applyMinPinLength, type MinPinLengthRequest } from '../commands/config.js';
import { clientPinSupported } from './capabilities.js';
import { MAX_PIN_RETRIES, readDeviceSettings, updateDeviceSettings } from './deviceSettings.js';
import { acceptPin } from './pinPolicy.js';
import { resetPinUvAuthToken } from './pinUvAuthToken.js';

/** Stable codes of {@link PinError}. */
export type PinErrorCode = 'ERR_PIN_UNSUPPORTED' | 'ERR_PIN_POLICY' | 'ERR_PIN_NOT_SET' | 'ERR_MIN_PIN_LENGTH_RPIDS';

/**
 * A PIN or PIN policy the API refused: the model has no client PIN (or no setMinPINLength), the PIN
 * breaks the PIN policy, a forced PIN change without a PIN, more RP IDs than the model keeps.
 */
export class PinError extends VfidoError<PinErrorCode> {
  override readonly name = 'PinError';
}

/**
 * Set (or replace) the PIN: NFC-normalized as a platform does (CTAP 2.1 6.5.5.5: "Unicode characters
 * in Normalization Form C"), checked against the current minimum PIN length and the 63-byte limit,
 * stored as LEFT(SHA-256(PIN), 16) with full retries; forcePINChange is cleared and any
 * pinUvAuthToken invalidated when a PIN was set before.
 * @throws PinError ERR_PIN_UNSUPPORTED (no `clientPin` option), ERR_PIN_POLICY (too short, too long)
 */
export function setPinDirectly(state: AuthenticatorState, pin: string): void {
  if (!clientPinSupported(state)) {
    throw new PinError('ERR_PIN_UNSUPPORTED', `${state.preset.id} has no client PIN (its getInfo has no clientPin option): pick a security-key preset such as yubikey-5-nfc`);
  }
  const settings = readDeviceSettings(state);
  let accepted;
  try {
    accepted = acceptPin(new TextEncoder().encode(pin.normalize('NFC')), settings.minPinLength);
  } catch (cause) {
    if (!(cause instanceof CtapError)) throw cause;
    throw new PinError('ERR_PIN_POLICY', cause.message.replace(/^CTAP2_ERR_PIN_POLICY_VIOLATION: /, ''), { cause });
  }
  const replacing = settings.pinHash !== undefined;
  updateDeviceSettings(state, { pinHash: accepted.hash, pinCodePoints: accepted.codePoints, pinRetries: MAX_PIN_RETRIES, forcePinChange: false });
  if (replacing) resetPinUvAuthToken(state.pinUv);
}

/** CTAP status of applyMinPinLength -> the API's code. */
const MIN_PIN_CODES: Partial<Record<number, PinErrorCode>> = {
  [CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION]: 'ERR_PIN_POLICY',
  [CtapStatus.CTAP2_ERR_PIN_NOT_SET]: 'ERR_PIN_NOT_SET',
  [CtapStatus.CTAP2_ERR_KEY_STORE_FULL]: 'ERR_MIN_PIN_LENGTH_RPIDS',
};

/**
 * Do what authenticatorConfig setMinPINLength does (CTAP 2.1 6.11.4), as the platform of an organisation
 * would: raise the minimum PIN length, force a PIN change, and name the RP IDs the minPinLength extension
 * (CTAP 2.1 12.4) reports to. Only on a model whose getInfo has the `setMinPINLength` option; at most
 * `maxRPIDsForSetMinPINLength` RP IDs.
 * @throws PinError ERR_PIN_UNSUPPORTED (no setMinPINLength option), ERR_PIN_POLICY (the minimum would
 *   decrease or exceed 63), ERR_PIN_NOT_SET (forceChangePin without a PIN), ERR_MIN_PIN_LENGTH_RPIDS
 *   (more RP IDs than maxRPIDsForSetMinPINLength)
 */
export function setMinPinLengthDirectly(state: AuthenticatorState, request: MinPinLengthRequest): void {
  if (state.preset.getInfo.options?.setMinPINLength !== true) {
    throw new PinError('ERR_PIN_UNSUPPORTED', `${state.preset.id} cannot set a minimum PIN length (its getInfo has no setMinPINLength option): pick a preset such as yubikey-5-nfc`);
  }
  if (request.rpIds?.some((r) => typeof r !== 'string' || r === '')) throw new PinError('ERR_PIN_POLICY', 'minPinLength RP IDs must be non-empty strings');
  try {
    applyMinPinLength(state, request);
  } catch (cause) {
    const code = cause instanceof CtapError ? MIN_PIN_CODES[cause.status] : undefined;
    if (!code) throw cause;
    throw new PinError(code, cause instanceof Error ? cause.message.replace(/^CTAP2_ERR_[A-Z_]+: /, '') : String(cause), { cause });
  }
}
