/**
 * authenticatorReset (0x07), CTAP 2.1 section 6.6: only within 10 s of power-up, with user presence.
 * @module
 */
import { CtapError, CtapStatus } from '../status.js';
import type { CommandHandler } from '../command.js';
import { powerUpPinUvRuntime } from '../pinUv/pinUvAuthToken.js';

/** The reset window after power-up (CTAP 2.1 6.6: 10 seconds). */
export const RESET_WINDOW_MS = 10_000;

/** Handle authenticatorReset: wipes every credential and counter. */
export const reset: CommandHandler = async (state) => {
  if (Date.now() - state.poweredUpAt > RESET_WINDOW_MS) {
    throw new CtapError(CtapStatus.CTAP2_ERR_NOT_ALLOWED, 'reset is only allowed within 10 s of power-up: power-cycle the authenticator first');
  }
  state.user.beginCeremony();
  state.user.confirmPresence();
  state.store.clear();
  state.pending = undefined;
  // The PIN is gone with the store: no pinUvAuthToken made with it may outlive it (fresh key agreement too).
  state.pinUv = powerUpPinUvRuntime();
  return undefined;
};
