/**
 * Options and result of {@link verifyAuthentication} (WebAuthn L3 7.2; credential record in 7.1 step 27).
 * @module
 */
import type { CborValue } from '../cbor/cborValue.js';
import type { ChallengeExpectation } from '../clientData/verifyClientData.js';
import type { AuthenticationResponseJSON } from '../responseJson.js';
import type { PasskeyPolicyOption } from '../policy/applyPasskeyPolicy.js';
import type { PolicyVerdict } from '../policy/types.js';
import type { CredentialRecord } from '../record/credentialRecord.js';

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
  /**
   * The stored credential record for `response.id` (e.g. from `credentialRecordFromJSON`). `id`, `publicKey` and
   * `signCount` are required; with `backupEligible` the assertion's BE must match it.
   */
  credential: CredentialRecord;
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

/** Result of {@link verifyAuthentication}. Store `credentialRecord` (the updated record) back. */
export interface AuthenticationVerification {
  /**
   * The input record updated as L3 7.2 asks at its end: `signCount` = `newSignCount`, `backupState` from BS, and
   * `uvInitialized` set once the UV flag is seen. Store it in place of the old one.
   */
  credentialRecord: CredentialRecord;
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
