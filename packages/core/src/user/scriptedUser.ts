/**
 * The scripted person in front of the virtual authenticator: answers user-presence and
 * user-verification prompts (CTAP 2.1 6.1.2 steps 11-12, 6.2.2 steps 9-10), types the PIN into the
 * WebAuthn client when the authenticator verifies users with a client PIN (CTAP 2.1 6.5), and
 * picks an account when several match. Everything succeeds by default.
 * @module
 */
import { CtapError, CtapStatus } from '../ctap2/status.js';

/** What the user does when asked to touch the authenticator (user presence, UP). */
export type PresenceOutcome = 'accept' | 'refuse' | 'timeout';
/** What happens when the authenticator verifies the user (PIN/biometric, UV). */
export type VerificationOutcome = 'accept' | 'fail' | 'refuse' | 'timeout';

/**
 * The PIN a {@link ScriptedUser} knows unless told otherwise. The WebAuthn client sets it on a
 * security key that has no PIN yet (as a browser's "create a PIN" dialog does) and types it
 * whenever the key asks for one.
 */
export const DEFAULT_TEST_PIN = '123456';

/**
 * What the user does at the client's PIN dialog: types a PIN (`accept`: the scripted PIN, `fail`:
 * a wrong one), cancels (`refuse`) or walks away (`timeout`).
 */
export type PinEntry = { outcome: 'accept'; pin: string } | { outcome: 'fail'; pin: string } | { outcome: 'refuse' } | { outcome: 'timeout' };

/** An account offered to the user when several credentials match (CTAP 2.1 6.2.2 step 11). */
export interface AccountChoice {
  credentialId: Uint8Array;
  rpId: string;
  userHandle?: Uint8Array;
  userName?: string;
  userDisplayName?: string;
}

/** Picks the index of the account to use, or undefined to refuse. */
export type AccountChooser = (accounts: AccountChoice[]) => number | undefined | Promise<number | undefined>;

/** One-call behaviour, consumed by the next ceremony. */
export interface UserScript {
  presence?: PresenceOutcome;
  verification?: VerificationOutcome;
}

/**
 * A user whose answers are set by the test: persistently (`presence`, `verification`, `pin`) or for
 * the next ceremony only (`once`).
 *
 * `verification` covers both ways of verifying a user: the authenticator's built-in method
 * (fingerprint, face, device passcode) and the client PIN of security keys. With a client PIN,
 * `'fail'` types a wrong PIN (each costs one of the key's PIN retries), `'refuse'` cancels the PIN
 * dialog and `'timeout'` leaves it open until it times out. When the key has no PIN yet and the
 * relying party requires verification, the client asks the user to create one: the user creates
 * `pin`, except that `'fail'` mistypes the confirmation, so no PIN is set and the ceremony fails.
 * A relying party that only prefers verification gets none from a key without a PIN (as in Chrome).
 */
export class ScriptedUser {
  /** Persistent answer to presence prompts. */
  presence: PresenceOutcome = 'accept';
  /** Persistent answer to verification prompts (built-in UV and client PIN entry). */
  verification: VerificationOutcome = 'accept';
  /**
   * The client PIN this user knows and, on a key without a PIN, creates: 4 to 63 bytes of UTF-8
   * (CTAP 2.1 6.5.5.5). Default {@link DEFAULT_TEST_PIN}.
   */
  pin: string = DEFAULT_TEST_PIN;
  /** Chooses among several accounts; undefined lets the authenticator return them all in order. */
  chooseAccount: AccountChooser | undefined;
  readonly #queue: UserScript[] = [];
  #current: UserScript | undefined;
  /** A WebAuthn client holds the current script for the several CTAP commands of one ceremony. */
  #held = false;

  /** Script the next ceremony only, e.g. `user.once({ verification: 'fail' })`. Calls queue up. */
  once(script: UserScript): this {
    this.#queue.push(script);
    return this;
  }

  /**
   * Start a ceremony: takes the next one-call script off the queue. Called by the authenticator for
   * each makeCredential / getAssertion; does nothing while a client holds a ceremony.
   */
  beginCeremony(): void {
    if (!this.#held) this.#current = this.#queue.shift();
  }

  /**
   * Called by a WebAuthn client when one WebAuthn ceremony starts: takes the next one-call script
   * and keeps it for every CTAP command of the ceremony (PIN entry, token, makeCredential...) until
   * {@link ScriptedUser.endClientCeremony}, so one `once()` script covers one WebAuthn call.
   */
  beginClientCeremony(): void {
    this.#current = this.#queue.shift();
    this.#held = true;
  }

  /** Called by the WebAuthn client when its ceremony has finished, successfully or not. */
  endClientCeremony(): void {
    this.#held = false;
    this.#current = undefined;
  }

  /**
   * The client's PIN dialog: what the user types (CTAP 2.1 6.5.5.7.2 platform side). A `'fail'`
   * outcome types a PIN that differs from {@link ScriptedUser.pin} in its last character.
   */
  enterPin(): PinEntry {
    const outcome = this.#current?.verification ?? this.verification;
    if (outcome === 'fail') return { outcome, pin: mistyped(this.pin) };
    if (outcome === 'accept') return { outcome, pin: this.pin };
    return { outcome };
  }

  /**
   * The client's "create a PIN" dialog on a key without one (CTAP 2.1 6.5.5.5 platform side): the
   * user creates {@link ScriptedUser.pin}; `'fail'` means the confirmation did not match, so the
   * dialog cannot finish (reported as `'fail'` without a PIN).
   */
  createPin(): { outcome: 'accept'; pin: string } | { outcome: 'fail' } | { outcome: 'refuse' } | { outcome: 'timeout' } {
    const outcome = this.#current?.verification ?? this.verification;
    if (outcome === 'accept') return { outcome, pin: this.pin };
    return { outcome };
  }

  /**
   * Ask for user presence.
   * @throws CtapError CTAP2_ERR_OPERATION_DENIED (refused) or CTAP2_ERR_USER_ACTION_TIMEOUT
   */
  confirmPresence(): void {
    const outcome = this.#current?.presence ?? this.presence;
    if (outcome === 'refuse') throw new CtapError(CtapStatus.CTAP2_ERR_OPERATION_DENIED, 'the user declined the presence check');
    if (outcome === 'timeout') throw new CtapError(CtapStatus.CTAP2_ERR_USER_ACTION_TIMEOUT, 'the user did not touch the authenticator in time');
  }

  /**
   * Verify the user with the built-in method (CTAP 2.1 6.5.2.2 performBuiltInUv). The gesture is
   * made at the authenticator and counts as user presence (CTAP 2.1 6.1.2 step 13), so a user who
   * refuses presence (or does not act in time) does not verify either.
   * @throws CtapError CTAP2_ERR_UV_INVALID (wrong biometric/PIN), CTAP2_ERR_OPERATION_DENIED, CTAP2_ERR_USER_ACTION_TIMEOUT
   */
  verifyUser(): void {
    this.confirmPresence();
    const outcome = this.#current?.verification ?? this.verification;
    if (outcome === 'fail') throw new CtapError(CtapStatus.CTAP2_ERR_UV_INVALID, 'user verification failed (scripted)');
    if (outcome === 'refuse') throw new CtapError(CtapStatus.CTAP2_ERR_OPERATION_DENIED, 'the user cancelled user verification');
    if (outcome === 'timeout') throw new CtapError(CtapStatus.CTAP2_ERR_USER_ACTION_TIMEOUT, 'user verification timed out');
  }
}

/** `pin` with its last character changed: a wrong PIN of the same length. */
function mistyped(pin: string): string {
  const chars = [...pin];
  const last = chars.pop() ?? '';
  return chars.join('') + (last === '0' ? '1' : '0');
}
