/**
 * authenticatorGetNextAssertion (0x08), CTAP 2.1 section 6.3.
 * @module
 */
import { CtapError, CtapStatus } from '../status.js';
import type { CommandHandler } from '../command.js';
import { assertionResponse } from './getAssertion.js';

/** Handle authenticatorGetNextAssertion: the next credential of the last getAssertion, within 30 s. */
export const getNextAssertion: CommandHandler = async (state) => {
  const pending = state.pending;
  if (!pending || pending.credentials.length === 0 || Date.now() > pending.expiresAt) {
    state.pending = undefined;
    throw new CtapError(CtapStatus.CTAP2_ERR_NOT_ALLOWED, 'no assertion is pending: call getAssertion first (state expires after 30 s)');
  }
  const credential = pending.credentials.shift()!;
  pending.expiresAt = Date.now() + 30_000;
  return assertionResponse(state, credential, pending.rpId, pending.clientDataHash, pending.flags, true, pending.extensions);
};
