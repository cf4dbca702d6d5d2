/**
 * The PIN retry counters and lockouts (CTAP 2.1 6.5.2.2 "PIN-Entry and User Verification Retries
 * Counters"): a persisted pinRetries counter of at most 8, decremented before each PIN check; three
 * wrong PINs in a row block PIN entry until a power cycle; none left blocks it until a reset.
 * Shared by changePIN (6.5.5.6 steps 3, 6-8), getPinToken (6.5.5.7.1 steps 5, 8-10) and
 * getPinUvAuthTokenUsingPinWithPermissions (6.5.5.7.2 steps 5, 8-10).
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import type { AuthenticatorState } from '../command.js';
import { CtapError, CtapStatus } from '../status.js';
import { MAX_PIN_RETRIES, MAX_UV_RETRIES, readDeviceSettings, updateDeviceSettings } from './deviceSettings.js';
import { regenerateKeyAgreement } from './pinUvAuthToken.js';

/** Wrong PINs in a row after which PIN entry needs a power cycle (CTAP 2.1 6.5.5.6 step 7.1.2: "3 consecutive mismatches"). */
export const MAX_CONSECUTIVE_PIN_FAILURES = 3;

type State = Pick<AuthenticatorState, 'preset' | 'store' | 'pinUv'>;

/**
 * Whether PIN entry is possible before the shared secret is even computed: a PIN is set, pinRetries
 * is not 0 (step "If the pinRetries counter is 0, return CTAP2_ERR_PIN_BLOCKED") and there were not
 * three wrong PINs since power-up (the block 6.5.5.6 step 7.1.2 announces lasts "until power cycle";
 * blocked attempts cost no retry, so platform malware cannot use up the counter).
 * @throws CtapError CTAP2_ERR_PIN_NOT_SET, CTAP2_ERR_PIN_BLOCKED, CTAP2_ERR_PIN_AUTH_BLOCKED
 */
export function assertPinEntryAllowed(state: State): void {
  const settings = readDeviceSettings(state);
  if (!settings.pinHash) throw new CtapError(CtapStatus.CTAP2_ERR_PIN_NOT_SET, 'no PIN is set on this authenticator: set one with setPIN first');
  if (settings.pinRetries === 0) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_BLOCKED, 'the PIN is blocked (no retries left): only authenticatorReset can unblock it, wiping every credential');
  }
  if (state.pinUv.consecutivePinFailures >= MAX_CONSECUTIVE_PIN_FAILURES) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED, `${MAX_CONSECUTIVE_PIN_FAILURES} wrong PINs in a row: power-cycle the authenticator (unplug it) before trying again`);
  }
}

/**
 * Check pinHashEnc against the stored PIN: decrement pinRetries and persist it first, then compare;
 * on a mismatch (or a pinHashEnc that does not decrypt) regenerate the key-agreement key and fail;
 * on a match restore pinRetries and uvRetries to their maximum (6.5.2.2: "Each correct PIN entry
 * resets the pinRetries and the uvRetries counters").
 * @param protocol - the request's PIN/UV auth protocol
 * @param sharedSecret - from decapsulating the platform's key-agreement key
 * @param pinHashEnc - encrypt(shared secret, LEFT(SHA-256(PIN), 16))
 * @throws CtapError CTAP2_ERR_PIN_BLOCKED (that was the last retry), CTAP2_ERR_PIN_AUTH_BLOCKED (third
 *   mismatch in a row), CTAP2_ERR_PIN_INVALID (otherwise)
 */
export function verifyPinHashEnc(state: State, protocol: PinUvAuthProtocol, sharedSecret: Uint8Array, pinHashEnc: Uint8Array): void {
  const settings = readDeviceSettings(state);
  const stored = settings.pinHash;
  if (!stored) throw new CtapError(CtapStatus.CTAP2_ERR_PIN_NOT_SET, 'no PIN is set on this authenticator: set one with setPIN first');
  const retriesLeft = Math.max(0, settings.pinRetries - 1);
  updateDeviceSettings(state, { pinRetries: retriesLeft });
  let candidate: Uint8Array | undefined;
  try {
    candidate = protocol.decrypt(sharedSecret, pinHashEnc);
  } catch {
    candidate = undefined; // "If an error results, or a mismatch is detected"
  }
  if (candidate === undefined || candidate.length !== stored.length || !timingSafeEqual(candidate, stored)) {
    regenerateKeyAgreement(state.pinUv);
    const consecutive = ++state.pinUv.consecutivePinFailures;
    if (retriesLeft === 0) {
      throw new CtapError(CtapStatus.CTAP2_ERR_PIN_BLOCKED, 'wrong PIN, and that was the last retry: the PIN is blocked until authenticatorReset');
    }
    if (consecutive >= MAX_CONSECUTIVE_PIN_FAILURES) {
      throw new CtapError(
        CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED,
        `wrong PIN (${consecutive} in a row, ${retriesLeft} retries left): power-cycle the authenticator before trying again`,
      );
    }
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_INVALID, `wrong PIN: ${retriesLeft} retries left; get a new key agreement key before retrying`);
  }
  state.pinUv.consecutivePinFailures = 0;
  updateDeviceSettings(state, { pinRetries: MAX_PIN_RETRIES, uvRetries: MAX_UV_RETRIES });
}
