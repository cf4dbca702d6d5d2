/**
 * The `policy` option of `verifyRegistration` and `verifyAuthentication`: evaluates an Entra passkey policy on
 * the credential the ceremony just verified (see {@link evaluatePasskeyPolicy}).
 * @module
 */
import { evaluatePasskeyPolicy, type PolicyRegistration, type PolicySignInCredential } from './evaluatePasskeyPolicy.js';
import { PolicyError } from './policyError.js';
import type { Fido2AuthenticationMethodConfiguration, PolicyTrustView, PolicyVerdict } from './types.js';

/** A policy to evaluate during a ceremony, and the user it applies to. */
export interface PasskeyPolicyOption {
  /** The FIDO2 method configuration, or a parsed policy file (`{ fido2 }`). */
  config: Fido2AuthenticationMethodConfiguration | { fido2: Fido2AuthenticationMethodConfiguration };
  /** The user's group ids. */
  groups: readonly string[];
  /** MDS metadata for attestation enforcement; default: the ceremony's `trustStore`. */
  trust?: PolicyTrustView;
  /** Names AAGUIDs in reasons (e.g. `aaguidName` from `@vfido/core`). */
  aaguidNames?: (aaguid: string) => string | undefined;
}

/**
 * Evaluates `option` for a verified registration.
 * @param option the policy and the user's groups
 * @param registration the verification result (its `credential`)
 * @param trustStore the ceremony's trust store, used as the MDS view unless `option.trust` is given
 * @param now the ceremony's clock
 * @throws PolicyError for a configuration Entra would refuse
 */
export function policyForRegistration(option: PasskeyPolicyOption, registration: PolicyRegistration, trustStore: PolicyTrustView | undefined, now: Date): PolicyVerdict {
  return evaluatePasskeyPolicy(option.config, {
    phase: 'registration', registration, groups: option.groups, trust: option.trust ?? trustStore, aaguidNames: option.aaguidNames, now,
  });
}

/**
 * Evaluates `option` at sign-in.
 * @param option the policy and the user's groups
 * @param credential the stored AAGUID (required) and the assertion's BE flag
 * @throws PolicyError ERR_POLICY_INPUT when the stored credential has no `aaguid`; otherwise as {@link evaluatePasskeyPolicy}
 */
export function policyForSignIn(option: PasskeyPolicyOption, credential: { aaguid?: string | undefined; backupEligible: boolean }): PolicyVerdict {
  if (credential.aaguid === undefined) {
    throw new PolicyError('ERR_POLICY_INPUT', 'sign-in policy needs credential.aaguid: store the aaguid from verifyRegistration with the credential');
  }
  const signIn: PolicySignInCredential = { aaguid: credential.aaguid, backupEligible: credential.backupEligible };
  return evaluatePasskeyPolicy(option.config, { phase: 'signIn', credential: signIn, groups: option.groups, trust: option.trust, aaguidNames: option.aaguidNames });
}
