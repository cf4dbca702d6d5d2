/**
 * Setting the PIN from the API (tests, the CLI) rather than through authenticatorClientPIN: the
 * same policy and end state as setPIN / changePIN (CTAP 2.1 6.5.5.5, 6.5.5.6), without the
 * key-agreement exchange.
 * @module
 */
import { VfidoError } from '../../errors/vfidoError.js';
import type { AuthenticatorState } from '../command.js';
import { CtapError } from '../status.js';
import { clientPinSupported } from './capabilities.js';
import { MAX_PIN_RETRIES, readDeviceSettings, updateDeviceSettings } from './deviceSettings.js';
import { acceptPin } from './pinPolicy.js';
import { resetPinUvAuthToken } from './pinUvAuthToken.js';

/** Stable codes of {@link PinError}. */
export type PinErrorCode = 'ERR_PIN_UNSUPPORTED' | 'ERR_PIN_POLICY';

/** A PIN the API refused: the model has no client PIN, or the PIN breaks the PIN policy. */
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
