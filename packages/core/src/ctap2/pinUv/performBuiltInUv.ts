/**
 * performBuiltInUv (CTAP 2.1 6.5.2.2 / 6.5.5.7.3): the scripted user stands in for the model's
 * biometric or on-device passcode. A failed match decrements the persisted uvRetries counter, a
 * success restores it; none left (or a blocked PIN, 6.5.2.2: "both ClientPin as well as built-in
 * user verification are disabled") means no attempt at all. One attempt per call: vfido's
 * maxUvAttemptsForInternalRetries is 1, so `internalRetry` changes nothing.
 * @module
 */
import type { AuthenticatorState } from '../command.js';
import { CtapError, CtapStatus } from '../status.js';
import { MAX_UV_RETRIES, readDeviceSettings, updateDeviceSettings } from './deviceSettings.js';

/** Why built-in user verification did not succeed. */
export type BuiltInUvFailure =
  /** uvRetries is 0 (before or after this attempt). */
  | 'uvBlocked'
  /** The PIN is blocked, which disables built-in UV too. */
  | 'pinBlocked'
  /** The user did not act in time (user action timeout). */
  | 'timeout'
  /** The user cancelled. */
  | 'refused'
  /** The biometric / passcode did not match; uvRetries was decremented and is not 0. */
  | 'mismatch';

/** Outcome of {@link performBuiltInUv}: success, or why not with the scripted user's error. */
export type BuiltInUvOutcome = { ok: true } | { ok: false; reason: BuiltInUvFailure; cause?: CtapError };

/**
 * Verify the user with the built-in method. The caller has started the ceremony
 * (`state.user.beginCeremony()`) and maps a failure to its own status codes.
 */
export function performBuiltInUv(state: Pick<AuthenticatorState, 'preset' | 'store' | 'pinUv' | 'user'>): BuiltInUvOutcome {
  const settings = readDeviceSettings(state);
  if (settings.pinHash && settings.pinRetries === 0) return { ok: false, reason: 'pinBlocked' };
  if (settings.uvRetries === 0) return { ok: false, reason: 'uvBlocked' };
  try {
    state.user.verifyUser();
  } catch (error) {
    if (!(error instanceof CtapError)) throw error;
    if (error.status === CtapStatus.CTAP2_ERR_USER_ACTION_TIMEOUT) return { ok: false, reason: 'timeout', cause: error };
    if (error.status === CtapStatus.CTAP2_ERR_OPERATION_DENIED || error.status === CtapStatus.CTAP2_ERR_KEEPALIVE_CANCEL) {
      return { ok: false, reason: 'refused', cause: error };
    }
    const left = settings.uvRetries - 1;
    updateDeviceSettings(state, { uvRetries: left });
    state.pinUv.consecutiveUvFailures++;
    return { ok: false, reason: left === 0 ? 'uvBlocked' : 'mismatch', cause: error };
  }
  state.pinUv.consecutiveUvFailures = 0;
  if (settings.uvRetries !== MAX_UV_RETRIES) updateDeviceSettings(state, { uvRetries: MAX_UV_RETRIES });
  return { ok: true };
}

/**
 * A failed built-in UV during makeCredential (CTAP 2.1 6.1.2 step 11.2.3) or getAssertion (6.2.2
 * step 6.2.3) as the CTAP error those steps return.
 */
export function builtInUvErrorForOperation(reason: BuiltInUvFailure, cause?: CtapError): CtapError {
  switch (reason) {
    case 'timeout':
      return new CtapError(CtapStatus.CTAP2_ERR_USER_ACTION_TIMEOUT, 'user verification timed out', { cause });
    case 'uvBlocked':
      return new CtapError(CtapStatus.CTAP2_ERR_PIN_BLOCKED, 'built-in user verification is blocked (uvRetries is 0): verify with the PIN to restore it', { cause });
    case 'pinBlocked':
      return new CtapError(CtapStatus.CTAP2_ERR_PIN_BLOCKED, 'the PIN is blocked, which disables built-in user verification too: reset the authenticator', { cause });
    default:
      return new CtapError(CtapStatus.CTAP2_ERR_OPERATION_DENIED, reason === 'refused' ? 'the user cancelled user verification' : 'built-in user verification failed', { cause });
  }
}
