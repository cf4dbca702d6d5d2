/**
 * The scripted person in front of the virtual authenticator: answers user-presence and
 * user-verification prompts (CTAP 2.1 6.1.2 steps 11-12, 6.2.2 steps 9-10) and picks an account
 * when several match. Everything succeeds by default.
 * @module
 */
import { CtapError, CtapStatus } from '../ctap2/status.js';

/** What the user does when asked to touch the authenticator (user presence, UP). */
export type PresenceOutcome = 'accept' | 'refuse' | 'timeout';
/** What happens when the authenticator verifies the user (PIN/biometric, UV). */
export type VerificationOutcome = 'accept' | 'fail' | 'refuse' | 'timeout';

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
 * A user whose answers are set by the test: persistently (`presence`, `verification`) or for the
 * next ceremony only (`once`).
 */
export class ScriptedUser {
  /** Persistent answer to presence prompts. */
  presence: PresenceOutcome = 'accept';
  /** Persistent answer to verification prompts. */
  verification: VerificationOutcome = 'accept';
  /** Chooses among several accounts; undefined lets the authenticator return them all in order. */
  chooseAccount: AccountChooser | undefined;
  readonly #queue: UserScript[] = [];
  #current: UserScript | undefined;

  /** Script the next ceremony only, e.g. `user.once({ verification: 'fail' })`. Calls queue up. */
  once(script: UserScript): this {
    this.#queue.push(script);
    return this;
  }

  /** Start a ceremony: takes the next one-call script off the queue. Called by the authenticator. */
  beginCeremony(): void {
    this.#current = this.#queue.shift();
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
   * Verify the user with the built-in method (CTAP 2.1 6.5.5.x built-in UV).
   * @throws CtapError CTAP2_ERR_UV_INVALID (wrong biometric/PIN), CTAP2_ERR_OPERATION_DENIED, CTAP2_ERR_USER_ACTION_TIMEOUT
   */
  verifyUser(): void {
    const outcome = this.#current?.verification ?? this.verification;
    if (outcome === 'fail') throw new CtapError(CtapStatus.CTAP2_ERR_UV_INVALID, 'user verification failed (scripted)');
    if (outcome === 'refuse') throw new CtapError(CtapStatus.CTAP2_ERR_OPERATION_DENIED, 'the user cancelled user verification');
    if (outcome === 'timeout') throw new CtapError(CtapStatus.CTAP2_ERR_USER_ACTION_TIMEOUT, 'user verification timed out');
  }
}
