/**
 * setPIN (CTAP 2.1 6.5.5.5) and changePIN (6.5.5.6), step by step.
 * @module
 */
import type { PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import type { AuthenticatorState } from '../command.js';
import { CtapError, CtapStatus } from '../status.js';
import { selectPinUvAuthProtocol } from './capabilities.js';
import type { ClientPinRequest } from './clientPinRequest.js';
import { requireMembers } from './clientPinRequest.js';
import { MAX_PIN_RETRIES, isPinSet, readDeviceSettings, updateDeviceSettings } from './deviceSettings.js';
import { acceptPaddedPin } from './pinPolicy.js';
import { assertPinEntryAllowed, verifyPinHashEnc } from './pinRetries.js';
import { resetPinUvAuthToken } from './pinUvAuthToken.js';
import { timingSafeEqual } from 'node:crypto';

/** decrypt(shared secret, newPinEnc), any error as CTAP2_ERR_PIN_AUTH_INVALID (6.5.5.5 step 6, 6.5.5.6 step 9). */
function decryptNewPin(protocol: PinUvAuthProtocol, sharedSecret: Uint8Array, newPinEnc: Uint8Array): Uint8Array {
  try {
    return protocol.decrypt(sharedSecret, newPinEnc);
  } catch (cause) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'newPinEnc does not decrypt with the shared secret', { cause });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * setPIN (0x03): set the first PIN.
 * @throws CtapError CTAP2_ERR_MISSING_PARAMETER, CTAP1_ERR_INVALID_PARAMETER (protocol, keyAgreement,
 *   not 64 bytes), CTAP2_ERR_PIN_AUTH_INVALID (a PIN is already set, bad MAC, undecryptable),
 *   CTAP2_ERR_PIN_POLICY_VIOLATION
 */
export function setPin(state: AuthenticatorState, request: ClientPinRequest): undefined {
  // Step 1.
  const r = requireMembers(request, 'setPIN', ['pinUvAuthProtocol', 'keyAgreement', 'newPinEnc', 'pinUvAuthParam']);
  // Step 2.
  const protocol = selectPinUvAuthProtocol(state, r.pinUvAuthProtocol);
  // Step 3.
  if (isPinSet(state)) throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'a PIN is already set: use changePIN');
  // Step 4.
  const sharedSecret = protocol.decapsulate(state.pinUv.keyAgreement, r.keyAgreement);
  // Step 5.
  if (!protocol.verify(sharedSecret, r.newPinEnc, r.pinUvAuthParam)) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'pinUvAuthParam is not the MAC of newPinEnc under the shared secret');
  }
  // Steps 6-10.
  const pin = acceptPaddedPin(decryptNewPin(protocol, sharedSecret, r.newPinEnc), readDeviceSettings(state).minPinLength);
  // Steps 11-12.
  updateDeviceSettings(state, { pinHash: pin.hash, pinCodePoints: pin.codePoints, pinRetries: MAX_PIN_RETRIES });
  return undefined;
}

/**
 * changePIN (0x04): replace the PIN, proving the current one.
 * @throws CtapError CTAP2_ERR_MISSING_PARAMETER, CTAP1_ERR_INVALID_PARAMETER, CTAP2_ERR_PIN_NOT_SET,
 *   CTAP2_ERR_PIN_BLOCKED, CTAP2_ERR_PIN_AUTH_BLOCKED, CTAP2_ERR_PIN_AUTH_INVALID, CTAP2_ERR_PIN_INVALID,
 *   CTAP2_ERR_PIN_POLICY_VIOLATION
 */
export function changePin(state: AuthenticatorState, request: ClientPinRequest): undefined {
  // Step 1.
  const r = requireMembers(request, 'changePIN', ['pinUvAuthProtocol', 'keyAgreement', 'pinHashEnc', 'newPinEnc', 'pinUvAuthParam']);
  // Step 2.
  const protocol = selectPinUvAuthProtocol(state, r.pinUvAuthProtocol);
  // Step 3 (and the power-cycle block of step 7.1.2).
  assertPinEntryAllowed(state);
  // Step 4.
  const sharedSecret = protocol.decapsulate(state.pinUv.keyAgreement, r.keyAgreement);
  // Step 5.
  if (!protocol.verify(sharedSecret, concat(r.newPinEnc, r.pinHashEnc), r.pinUvAuthParam)) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'pinUvAuthParam is not the MAC of newPinEnc || pinHashEnc under the shared secret');
  }
  // Steps 6-8.
  verifyPinHashEnc(state, protocol, sharedSecret, r.pinHashEnc);
  // Steps 9-12, 14.
  const settings = readDeviceSettings(state);
  const pin = acceptPaddedPin(decryptNewPin(protocol, sharedSecret, r.newPinEnc), settings.minPinLength);
  // Step 13: a forced change must change the PIN.
  if (settings.forcePinChange && settings.pinHash && timingSafeEqual(pin.hash, settings.pinHash)) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION, 'forcePINChange is set: the new PIN must differ from the current one');
  }
  // Steps 15-18.
  updateDeviceSettings(state, { pinHash: pin.hash, pinCodePoints: pin.codePoints, forcePinChange: false, pinRetries: MAX_PIN_RETRIES });
  // Step 19: every existing pinUvAuthToken is invalidated.
  resetPinUvAuthToken(state.pinUv);
  return undefined;
}
