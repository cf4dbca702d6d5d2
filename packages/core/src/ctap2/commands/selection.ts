/**
 * authenticatorSelection (0x0B), CTAP 2.1 section 6.9: the user touches the authenticator to pick it.
 * @module
 */
import type { CommandHandler } from '../command.js';

/** Handle authenticatorSelection. */
export const selection: CommandHandler = async (state) => {
  state.user.beginCeremony();
  state.user.confirmPresence();
  return undefined;
};
