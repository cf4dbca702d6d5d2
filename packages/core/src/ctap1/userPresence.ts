/**
 * Test-of-user-presence for CTAP1/U2F: the scripted user touches the key or not. U2F has no
 * keepalive: a key without a touch answers SW_CONDITIONS_NOT_SATISFIED at once and the host polls
 * (FIDO U2F Raw Message Formats v1.2, "Registration Response Message: Error: Test-of-User-Presence
 * Required", likewise for authentication).
 * @module
 */
import { CtapError } from '../ctap2/status.js';
import type { AuthenticatorState } from '../ctap2/command.js';
import { Ctap1Error, StatusWord } from './status.js';

/**
 * Ask the scripted user for presence; a refusal or a timeout is SW_CONDITIONS_NOT_SATISFIED.
 * Starts a ceremony first, so a `user.once(...)` script applies to this request.
 * @param state - the authenticator
 * @param command - the U2F command asking, for the message
 * @throws Ctap1Error SW_CONDITIONS_NOT_SATISFIED when the user does not touch the key
 */
export function testOfUserPresence(state: Pick<AuthenticatorState, 'user'>, command: string): void {
  state.user.beginCeremony();
  try {
    state.user.confirmPresence();
  } catch (cause) {
    if (!(cause instanceof CtapError)) throw cause;
    throw new Ctap1Error(StatusWord.SW_CONDITIONS_NOT_SATISFIED, `${command} needs test-of-user-presence and the user did not touch the key (${cause.message}); the host retries until touched`, { cause });
  }
}
