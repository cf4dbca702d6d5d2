/**
 * Errors of the WebDriver BiDi driver (STYLE.md section 3: stable codes, actionable messages).
 * @module
 */
import { VfidoError } from '@vfido/core';

/** Codes of {@link BidiError}. */
export type BidiErrorCode = 'ERR_BIDI_CONNECTION' | 'ERR_BIDI_COMMAND';

/**
 * A WebDriver BiDi failure: the WebSocket could not be opened or closed under us (`ERR_BIDI_CONNECTION`), or the
 * browser answered a command with an error (`ERR_BIDI_COMMAND`; the message names the command, the BiDi error code
 * and the browser's message).
 */
export class BidiError extends VfidoError<BidiErrorCode> {
  override readonly name = 'BidiError';
}
