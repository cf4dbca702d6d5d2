/**
 * Entra ID passkey (FIDO2) policy evaluation for one user and one passkey, at registration or at sign-in
 * (learn.microsoft.com/entra/identity/authentication/how-to-authentication-passkey-profiles, 03/08/2026;
 * how-to-authentication-synced-passkeys; how-to-enable-authenticator-passkey). The rules:
 * - an excluded group blocks registration and sign-in; a user in no included group cannot use passkeys;
 * - a passkey is admitted when it fully satisfies at least one profile scoped to the user, in no particular order;
 * - `passkeyTypes` and `keyRestrictions` are checked at registration and again at every sign-in;
 * - `attestationEnforcement: registrationOnly` is checked at registration only.
 *
 * Synced vs device-bound: Entra does not document how it tells them apart. vfido reads the WebAuthn
 * backup-eligibility flag (BE = 1: synced; BE = 0: device-bound).
 * @module
 */
import { checkAcceptedFormat, checkAttestation, type PolicyAttestation } from './checkAttestation.js';
import { PolicyError } from './policyError.js';
import { PolicyReasonCode as C, canonicalAaguid, describeAaguid, passkeyTypeLabel, reason } from './policyReason.js';
import type { Fido2AuthenticationMethodConfiguration, PasskeyProfile, PasskeyType, PolicyReason, PolicyTrustView, PolicyVerdict } from './types.js';
import { validateFido2Configuration } from './validateFido2Configuration.js';

/** The group id Graph uses for "All users". */
export const ALL_USERS = 'all_users';

/** What evaluation reads of a verified registration (`RegistrationVerification` satisfies it). */
export interface PolicyRegistration {
  credential: { aaguid: string; backupEligible: boolean; attestation: PolicyAttestation };
}

/** What evaluation reads of a stored credential at sign-in (`RegisteredCredential` satisfies it). */
export interface PolicySignInCredential {
  /** The AAGUID stored at registration (assertions carry none). */
  aaguid: string;
  /** BE: from the assertion's authenticator data, or the stored record (it never changes). */
  backupEligible: boolean;
}

/** Options common to both phases. */
export interface PolicyEvaluationOptions {
  /** The user's group ids; `all_users` targets match every user anyway. */
  groups: readonly string[];
  /** FIDO MDS3 metadata (a `TrustStore` with a BLOB loaded); needed when a profile enforces attestation. */
  trust?: PolicyTrustView | undefined;
  /** Names AAGUIDs in messages (e.g. `aaguidName` from `@vfido/core`); falls back to the MDS description. */
  aaguidNames?: ((aaguid: string) => string | undefined) | undefined;
  /** Clock for certificate validity. Default `new Date()`. */
  now?: Date | undefined;
}

/** The user and passkey to evaluate. */
export type PolicyEvaluationInput = PolicyEvaluationOptions &
  ({ phase: 'registration'; registration: PolicyRegistration } | { phase: 'signIn'; credential: PolicySignInCredential });

/** The profile a tenant without passkey profiles is evaluated with: its legacy tenant-wide settings. */
function legacyProfile(config: Fido2AuthenticationMethodConfiguration): PasskeyProfile {
  const enforced = config.isAttestationEnforced === true;
  return {
    id: 'legacy',
    name: 'tenant-wide FIDO2 settings (no passkey profiles)',
    // Migration to profiles enables synced passkeys only where attestation was not enforced (entra-policy.md 1.6).
    passkeyTypes: enforced ? 'deviceBound' : 'deviceBound,synced',
    attestationEnforcement: enforced ? 'registrationOnly' : 'disabled',
    keyRestrictions: config.keyRestrictions ?? { isEnforced: false, enforcementType: 'block', aaGuids: [] },
  };
}

/** The profiles scoped to the user, in target order, without repeats. */
function scopedProfiles(config: Fido2AuthenticationMethodConfiguration, targets: readonly { allowedPasskeyProfiles?: string[] }[]): PasskeyProfile[] {
  const profiles = config.passkeyProfiles ?? [];
  if (profiles.length === 0) return [legacyProfile(config)];
  const ids: string[] = [];
  for (const target of targets) {
    const allowed = target.allowedPasskeyProfiles?.length ? target.allowedPasskeyProfiles : [config.defaultPasskeyProfile ?? ''];
    for (const id of allowed) if (!ids.includes(id)) ids.push(id);
  }
  return ids.map((id) => profiles.find((p) => p.id === id)).filter((p): p is PasskeyProfile => p !== undefined);
}

const typesOf = (profile: PasskeyProfile): PasskeyType[] =>
  profile.passkeyTypes.split(',').map((t) => t.trim()).filter((t): t is PasskeyType => t === 'deviceBound' || t === 'synced');

/**
 * Evaluates the passkey policy for one user and one passkey. The passkey type is read from the backup-eligibility
 * flag (BE = 1: synced); Entra does not document how it decides, and without attestation the flag is a claim.
 * @param config the FIDO2 method configuration (Graph shape), or a policy file's `{ fido2 }`
 * @param input the user's groups, the phase, and the verified registration or the stored credential
 * @returns the verdict, with a reason for every failed check, or the admission and its warnings
 * @example
 * const verdict = evaluatePasskeyPolicy(policy.fido2, { groups: ['admins'], phase: 'registration', registration: reg, trust });
 * if (!verdict.admitted) console.log(verdict.reasons.map((r) => r.message).join('\n'));
 * @throws PolicyError ERR_POLICY_INVALID / ERR_POLICY_LIMIT / ERR_POLICY_REFERENCE for a configuration Entra would
 *   refuse, ERR_POLICY_INPUT for a credential whose AAGUID is not a UUID
 */
export function evaluatePasskeyPolicy(
  config: Fido2AuthenticationMethodConfiguration | { fido2: Fido2AuthenticationMethodConfiguration },
  input: PolicyEvaluationInput,
): PolicyVerdict {
  const valid = validateFido2Configuration('fido2' in config ? config.fido2 : config).config;
  const credential = input.phase === 'registration' ? input.registration.credential : input.credential;
  const aaguid = canonicalAaguid(credential.aaguid);
  if (!aaguid) throw new PolicyError('ERR_POLICY_INPUT', `credential aaguid '${credential.aaguid}' is not a uuid`);
  const passkeyType: PasskeyType = credential.backupEligible ? 'synced' : 'deviceBound';
  const naming = { aaguidNames: input.aaguidNames, trust: input.trust };
  const model = describeAaguid(aaguid, naming);
  const verdict = (admitted: boolean, reasons: PolicyReason[], matched?: PasskeyProfile): PolicyVerdict => {
    const out: PolicyVerdict = { admitted, phase: input.phase, passkeyType, aaguid, reasons };
    if (matched) out.matchedProfile = { id: matched.id, name: matched.name };
    return out;
  };
  const denied = (code: (typeof C)[keyof typeof C], message: string) => verdict(false, [reason('deny', code, message)]);

  if (valid.state === 'disabled') return denied(C.METHOD_DISABLED, 'the Passkey (FIDO2) authentication method is disabled in this tenant');
  const inGroup = (id: string) => id === ALL_USERS || input.groups.includes(id);
  const excluded = (valid.excludeTargets ?? []).find((t) => inGroup(t.id));
  if (excluded) return denied(C.USER_EXCLUDED, `the user is in excluded group '${excluded.id}', which blocks passkey registration and sign-in`);
  const targets = valid.includeTargets.filter((t) => inGroup(t.id));
  if (targets.length === 0) {
    const groups = input.groups.length ? input.groups.map((g) => `'${g}'`).join(', ') : 'no groups';
    return denied(C.USER_NOT_TARGETED, `passkeys are not enabled for this user: none of their groups (${groups}) is an included target`);
  }
  if (input.phase === 'registration' && valid.isSelfServiceRegistrationAllowed === false) {
    return denied(C.SELF_SERVICE_REGISTRATION_DISABLED, 'self-service passkey registration is turned off for the tenant (isSelfServiceRegistrationAllowed: false)');
  }

  const denials: PolicyReason[] = [];
  for (const profile of scopedProfiles(valid, targets)) {
    const failed: PolicyReason[] = [];
    const types = typesOf(profile);
    if (!types.includes(passkeyType)) {
      const flag = passkeyType === 'synced' ? 'backup eligible' : 'not backup eligible';
      failed.push(reason('deny', C.PASSKEY_TYPE_NOT_ALLOWED,
        `${passkeyTypeLabel(passkeyType)} passkey (${flag}) from ${model} is not allowed by profile '${profile.name}', which allows ${types.map(passkeyTypeLabel).join(' and ')} passkeys only`, profile));
    }
    const kr = profile.keyRestrictions;
    if (kr.isEnforced) {
      const listed = kr.aaGuids.includes(aaguid);
      const atSignIn = input.phase === 'signIn' ? ' (key restrictions apply at every sign-in, also to passkeys registered earlier)' : '';
      if (kr.enforcementType === 'allow' && !listed) failed.push(reason('deny', C.AAGUID_NOT_ALLOWED, `${model} is not in the allow list of profile '${profile.name}'${atSignIn}`, profile));
      if (kr.enforcementType === 'block' && listed) failed.push(reason('deny', C.AAGUID_BLOCKED, `${model} is in the block list of profile '${profile.name}'${atSignIn}`, profile));
    }
    if (input.phase === 'registration') {
      const ctx = { ...naming, aaguid, backupEligible: credential.backupEligible, attestation: input.registration.credential.attestation, now: input.now ?? new Date() };
      if (profile.attestationEnforcement === 'registrationOnly') failed.push(...checkAttestation(profile, ctx));
      else {
        const format = checkAcceptedFormat(ctx.attestation);
        if (format) failed.push({ ...format, profile: { id: profile.id, name: profile.name } });
      }
    }
    if (failed.length > 0) {
      denials.push(...failed);
      continue;
    }
    const attested = profile.attestationEnforcement === 'registrationOnly';
    const checks = [`${passkeyTypeLabel(passkeyType)} passkeys allowed`];
    if (kr.isEnforced) checks.push(kr.enforcementType === 'allow' ? 'AAGUID in the allow list' : 'AAGUID not in the block list');
    if (attested) checks.push(input.phase === 'registration' ? 'attestation verified' : 'attestation is not re-checked at sign-in');
    const reasons = [reason('admit', C.PROFILE_SATISFIED, `the passkey from ${model} satisfies profile '${profile.name}' (${checks.join(', ')})`, profile)];
    if (!attested && (kr.isEnforced || types.length < 2)) {
      reasons.push(reason('warning', C.AAGUID_UNVERIFIED,
        `profile '${profile.name}' does not enforce attestation, so the AAGUID and the passkey type are the authenticator's unverified claims; AAGUIDs can be spoofed`, profile));
    }
    return verdict(true, reasons, profile);
  }
  return verdict(false, denials);
}
