/**
 * Errors of the browser bridge (every driver) (STYLE.md section 3: stable codes, actionable messages).
 * @module
 */
import { VfidoError } from '@vfido/core';

/** Codes of {@link BridgeError}. */
export type BridgeErrorCode = 'ERR_BACKEND_UNSUPPORTED' | 'ERR_TARGET_INVALID' | 'ERR_DETACHED' | 'ERR_BACKEND_SYNC' | 'ERR_PRESET_APPROXIMATED';

/**
 * A bridge failure: wrong backend for the browser, a target that is neither context nor page, use after detach,
 * a `cdp` backend that cannot be the preset while `allowApproximation: false`.
 */
export class BridgeError extends VfidoError<BridgeErrorCode> {
  override readonly name = 'BridgeError';
}
