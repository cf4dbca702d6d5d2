/**
 * Errors of the loopback CTAPHID transport (vfido-local, not CTAP statuses; STYLE.md section 3).
 * @module
 */
import { VfidoError } from '../errors/vfidoError.js';

/** Stable codes of {@link TransportError}. */
export type TransportErrorCode = 'ERR_TRANSPORT_OPTIONS' | 'ERR_ADDRESS_IN_USE' | 'ERR_LISTEN';

/** A loopback server could not start: bad options, address taken, or another listen failure (`cause` kept). */
export class TransportError extends VfidoError<TransportErrorCode> {
  override readonly name = 'TransportError';
}
