/**
 * Options and result of {@link verifyAuthentication} (WebAuthn L3 7.2; credential record in 7.1 step 27).
 * @module
 */
import type { CborValue } from '../cbor/cborValue.js';
import type { ChallengeExpectation } from '../clientData/verifyClientData.js';
import type { AuthenticationResponseJSON } from '../responseJson.js';
import type { PasskeyPolicyOption } from '../policy/applyPasskeyPolicy.js';
import type { PolicyVerdict } from '../policy/types.js';

/** The stored credential record fields the assertion is checked against. */
export interface StoredCredential {
  /** Credential ID, base64url (as returned by `verifyRegistration`). */
  id: string;
  /** COSE_Key bytes. */
  publicKey: Uint8Array;
  /** Last stored signature counter. */
  signCount: number;
  /** BE at registration; when given, the assertion's BE must equal it (L3 7.2 step 19). */
  backupEligible?: boolean;
  /** AAGUID stored at registration; needed by `options.policy` (key restrictions apply at every sign-in). */
  aaguid?: string;
}

/** Options of {@link verifyAuthentication}. */
export interface VerifyAuthenticationOptions {
  /** The credential's `toJSON()` output, or its JSON text. */
  response: AuthenticationResponseJSON | string;
  /** The challenge issued (base64url), or a predicate over `clientData.challenge`. */
  expectedChallenge: ChallengeExpectation;
  /** Allowed origins, exact match. */
  expectedOrigin: string | readonly string[];
  /** Allowed RP IDs. */
  expectedRpId: string | readonly string[];
  /** The stored credential record for `response.id`. */
  credential: StoredCredential;
  /** Require the UV flag. Default false. */
  requireUserVerification?: boolean;
  /** Require the UP flag. Default true (L3 7.2 step 16); false only for deliberate silent assertions. */
  requireUserPresence?: boolean;
  /** Fail with ERR_COUNTER_REGRESSION instead of returning `cloneWarning: true`. Default false. */
  requireCounterIncrease?: boolean;
  /** Top-level origins allowed when authenticating from a cross-origin iframe. */
  expectedTopOrigin?: string | readonly string[];
  /** Reserved for time-dependent checks; not used by assertion verification today. */
  now?: Date;
  /** An Entra passkey policy to re-check at sign-in (type and AAGUID; attestation is registration-only). */
  policy?: PasskeyPolicyOption;
}

/** Result of {@link verifyAuthentication}. Store `newSignCount` and `backupState` back into the record. */
export interface AuthenticationVerification {
  newSignCount: number;
  userVerified: boolean;
  backupState: boolean;
  backupEligible: boolean;
  /**
   * True when the counter did not increase (and was not zero on both sides): a signal, not proof, that the
   * credential was cloned (L3 7.2 step 22). Whether to fail the ceremony is the RP's decision.
   */
  cloneWarning: boolean;
  /** The expected RP ID that matched. */
  rpId: string;
  /** `clientData.origin`. */
  origin: string;
  /** `response.userHandle` (base64url), when the authenticator returned one. */
  userHandle?: string;
  clientExtensionResults: Record<string, unknown>;
  authenticatorExtensionResults: Record<string, CborValue>;
  /** The passkey policy verdict, when `options.policy` was given. A denial does not throw. */
  policy?: PolicyVerdict;
}
