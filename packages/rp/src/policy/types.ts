/**
 * Microsoft Graph shapes of the Entra ID passkey (FIDO2) policy, as the policy simulator reads them:
 * `fido2AuthenticationMethodConfiguration`, `passkeyProfile`, `fido2KeyRestrictions`,
 * `passkeyAuthenticationMethodTarget` (Graph v1.0 resources, ms.date 03/04/2026), and the verdict the
 * simulator returns. Property names are Graph's, so a tenant's `GET .../authenticationMethodConfigurations/fido2`
 * output can be pasted into a policy file.
 * @see https://learn.microsoft.com/graph/api/resources/fido2authenticationmethodconfiguration
 * @see https://learn.microsoft.com/graph/api/resources/passkeyprofile
 * @module
 */

/** `fido2KeyRestrictions`: an AAGUID allow list or block list (Graph v1.0). */
export interface Fido2KeyRestrictions {
  /** Whether the list is applied at all. */
  isEnforced: boolean;
  /** `allow`: only the listed AAGUIDs; `block`: every AAGUID except the listed ones. */
  enforcementType: 'allow' | 'block';
  /** AAGUIDs, any case; compared in lowercase hyphenated 8-4-4-4-12 form. */
  aaGuids: string[];
}

/**
 * `passkeyProfile`. `passkeyTypes` is Graph's comma-joined flags value: `deviceBound`, `synced` or
 * `"deviceBound,synced"`. `attestationEnforcement: registrationOnly` checks attestation when a passkey is
 * registered, never at sign-in.
 */
export interface PasskeyProfile {
  id: string;
  name: string;
  passkeyTypes: string;
  attestationEnforcement: 'disabled' | 'registrationOnly';
  keyRestrictions: Fido2KeyRestrictions;
}

/** `passkeyAuthenticationMethodTarget`: a group (or `all_users`) and the profiles that apply to it. */
export interface PasskeyAuthenticationMethodTarget {
  /** Group object id, or `all_users`. vfido compares it with the caller's group ids as plain strings. */
  id: string;
  targetType?: 'group';
  isRegistrationRequired?: boolean;
  /** Ids of the {@link PasskeyProfile}s scoped to this target. */
  allowedPasskeyProfiles?: string[];
}

/** `excludeTarget`: a group whose members cannot register or sign in with passkeys. */
export interface ExcludeTarget {
  id: string;
  targetType?: 'group';
}

/**
 * `fido2AuthenticationMethodConfiguration` (id `Fido2`). The legacy tenant-wide `isAttestationEnforced` and
 * `keyRestrictions` apply only while `passkeyProfiles` is empty (a tenant that has not opted in to profiles);
 * once profiles exist they replace the legacy fields.
 */
export interface Fido2AuthenticationMethodConfiguration {
  '@odata.type'?: string;
  id?: string;
  /** `enabled` or `disabled`; absent counts as `enabled` (Graph documents no default). */
  state?: 'enabled' | 'disabled';
  /** Whether users can register passkeys themselves (global, not per profile); absent counts as true. */
  isSelfServiceRegistrationAllowed?: boolean;
  /** Legacy (deprecated, removal October 2027): tenant-wide attestation enforcement. */
  isAttestationEnforced?: boolean;
  /** Legacy (deprecated, removal October 2027): tenant-wide AAGUID restriction. */
  keyRestrictions?: Fido2KeyRestrictions;
  /** Id of the non-deletable default profile. */
  defaultPasskeyProfile?: string | null;
  includeTargets: PasskeyAuthenticationMethodTarget[];
  excludeTargets?: ExcludeTarget[];
  passkeyProfiles?: PasskeyProfile[];
}

/** A passkey's type as the policy sees it. vfido derives it from the backup-eligibility (BE) flag. */
export type PasskeyType = 'deviceBound' | 'synced';

/** Whether a reason denied the passkey, explains an admission, or warns. */
export type PolicyReasonKind = 'deny' | 'admit' | 'warning';

/** One explained step of a verdict. */
export interface PolicyReason {
  /** Stable code, see {@link PolicyReasonCode}. */
  code: string;
  /** A sentence an administrator understands. */
  message: string;
  kind: PolicyReasonKind;
  /** The profile the reason is about, when it is about one. */
  profile?: { id: string; name: string };
}

/** Outcome of {@link evaluatePasskeyPolicy}. */
export interface PolicyVerdict {
  admitted: boolean;
  phase: 'registration' | 'signIn';
  /** The passkey's type as classified (from BE). */
  passkeyType: PasskeyType;
  /** AAGUID, lowercase hyphenated. */
  aaguid: string;
  /** The profile that admitted the passkey (the first in evaluation order), when admitted. */
  matchedProfile?: { id: string; name: string };
  /** Denials (every failed check of every scoped profile), the admission, and warnings. */
  reasons: PolicyReason[];
}

/**
 * Metadata the attestation check reads (FIDO Metadata Statement 3.0 section 4). `TrustStore` satisfies
 * {@link PolicyTrustView} once an MDS3 BLOB is loaded into it.
 */
export interface PolicyMetadataStatement {
  readonly [member: string]: unknown;
  description: string;
  attestationRootCertificates: string[];
}

/** The view of FIDO MDS3 metadata the policy needs; `TrustStore` (with `addMdsBlob`) satisfies it structurally. */
export interface PolicyTrustView {
  /** The AAGUID's metadata statement, or undefined when the loaded BLOB does not list it. */
  metadataStatement(aaguid: string): PolicyMetadataStatement | undefined;
  /** The AAGUID's latest status (MDS 3.0 3.1.4), when the view tracks status reports. */
  authenticatorStatus?(aaguid: string): { latest: string; revoked: boolean; reports?: readonly { status: string }[] } | undefined;
}
