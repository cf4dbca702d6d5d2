/**
 * Whether a sign-in satisfies a Conditional Access authentication strength (entra-docs
 * concept-authentication-strengths; concept-authentication-strength-advanced-options for FIDO2 AAGUIDs).
 * The strength is a separate filter from the passkey policy: a passkey sign-in must pass both.
 * @module
 */
import { builtInStrength, combinationKey, type AuthenticationStrengthPolicy } from './authenticationStrength.js';
import { PolicyError } from './policyError.js';
import { PolicyReasonCode as C, canonicalAaguid, describeAaguid, reason, type AaguidNaming } from './policyReason.js';
import type { PolicyReason } from './types.js';

/** The sign-in to test. */
export interface StrengthSignIn {
  /** The methods used, as a comma-joined `authenticationMethodModes` combination. Default `fido2` (a passkey). */
  combination?: string;
  /** The passkey's AAGUID, for `fido2` sign-ins. */
  aaguid?: string;
}

/** Outcome of {@link evaluateAuthenticationStrength}. */
export interface StrengthVerdict {
  satisfied: boolean;
  /** The strength evaluated. */
  strength: { id: string; displayName: string };
  reasons: PolicyReason[];
}

/**
 * Evaluates a sign-in against an authentication strength: the sign-in's combination must be one of
 * `allowedCombinations`, and a `fido2` sign-in must use an AAGUID in `allowedAAGUIDs` when a
 * `fido2CombinationConfiguration` lists any (an empty list restricts nothing).
 * @param strength a strength object, or a built-in by key (`multifactor`, `passwordlessMfa`, `phishingResistantMfa`), id or display name
 * @param signIn the combination used and, for passkeys, the AAGUID
 * @param naming optional `aaguidNames` / MDS `trust` to name AAGUIDs in messages
 * @example evaluateAuthenticationStrength('phishingResistantMfa', { aaguid: reg.credential.aaguid }).satisfied // true
 * @throws PolicyError ERR_POLICY_REFERENCE for an unknown built-in name
 */
export function evaluateAuthenticationStrength(
  strength: AuthenticationStrengthPolicy | string,
  signIn: StrengthSignIn,
  naming: AaguidNaming = {},
): StrengthVerdict {
  const policy = typeof strength === 'string' ? builtInStrength(strength) : strength;
  if (!policy) {
    throw new PolicyError('ERR_POLICY_REFERENCE', `unknown authentication strength '${strength as string}'; built-ins are multifactor, passwordlessMfa, phishingResistantMfa`);
  }
  const combination = signIn.combination ?? 'fido2';
  const key = combinationKey(combination);
  const out = (satisfied: boolean, reasons: PolicyReason[]): StrengthVerdict => ({ satisfied, strength: { id: policy.id, displayName: policy.displayName }, reasons });
  if (!policy.allowedCombinations.some((c) => combinationKey(c) === key)) {
    return out(false, [reason('deny', C.STRENGTH_COMBINATION_NOT_ALLOWED, `signing in with '${combination}' does not satisfy authentication strength '${policy.displayName}'`)]);
  }
  if (key === 'fido2') {
    const lists = (policy.combinationConfigurations ?? []).filter((c) => c.appliesToCombinations.includes('fido2') && c.allowedAAGUIDs.length > 0);
    const aaguid = signIn.aaguid === undefined ? undefined : canonicalAaguid(signIn.aaguid);
    if (lists.length > 0) {
      const model = aaguid ? describeAaguid(aaguid, naming) : 'a passkey of unknown AAGUID';
      if (!aaguid || !lists.every((c) => c.allowedAAGUIDs.map((a) => canonicalAaguid(a)).includes(aaguid))) {
        return out(false, [reason('deny', C.STRENGTH_AAGUID_NOT_ALLOWED,
          `${model} is not among the allowed FIDO2 keys of authentication strength '${policy.displayName}'; the user sees "You can't get there from here"`)]);
      }
    }
  }
  return out(true, [reason('admit', C.STRENGTH_SATISFIED, `signing in with '${combination}' satisfies authentication strength '${policy.displayName}'`)]);
}
