/**
 * Reason codes of passkey policy and authentication strength verdicts, and how an AAGUID is named in
 * their messages. Codes are stable: match on `code`, never on `message`.
 * @module
 */
import { normalizeAaguid } from '../encoding/bytes.js';
import type { PolicyReason, PolicyReasonKind, PolicyTrustView } from './types.js';

/** Every code a {@link PolicyReason} can carry. */
export const PolicyReasonCode = {
  /** The Passkey (FIDO2) method is disabled (`state: disabled`). */
  METHOD_DISABLED: 'METHOD_DISABLED',
  /** The user is in an excluded group: no registration and no sign-in, whatever the included groups say. */
  USER_EXCLUDED: 'USER_EXCLUDED',
  /** The user is in no included group (and `all_users` is not included). */
  USER_NOT_TARGETED: 'USER_NOT_TARGETED',
  /** `isSelfServiceRegistrationAllowed` is false: users cannot register passkeys themselves. */
  SELF_SERVICE_REGISTRATION_DISABLED: 'SELF_SERVICE_REGISTRATION_DISABLED',
  /** With attestation not enforced, the attestation format is not one Entra lists (none, tpm, packed, custom formats of at most 32 characters). */
  ATTESTATION_FORMAT_NOT_ACCEPTED: 'ATTESTATION_FORMAT_NOT_ACCEPTED',
  /** The passkey type (synced / device-bound) is not in the profile's `passkeyTypes`. */
  PASSKEY_TYPE_NOT_ALLOWED: 'PASSKEY_TYPE_NOT_ALLOWED',
  /** The AAGUID is not in the profile's allow list. */
  AAGUID_NOT_ALLOWED: 'AAGUID_NOT_ALLOWED',
  /** The AAGUID is in the profile's block list. */
  AAGUID_BLOCKED: 'AAGUID_BLOCKED',
  /** Attestation is enforced and the passkey carries none (`fmt: none`), e.g. a cross-device registration. */
  ATTESTATION_MISSING: 'ATTESTATION_MISSING',
  /** Attestation is enforced and the statement is self attestation (no certificate chain). */
  ATTESTATION_SELF: 'ATTESTATION_SELF',
  /** Attestation is enforced and the passkey is synced: synced passkeys do not support attestation. */
  ATTESTATION_SYNCED: 'ATTESTATION_SYNCED',
  /** Attestation is enforced for a Windows Hello AAGUID: not supported during the preview. */
  ATTESTATION_WINDOWS_HELLO_PREVIEW: 'ATTESTATION_WINDOWS_HELLO_PREVIEW',
  /** Attestation is enforced and the statement is not `packed` (Entra requires packed with an MDS chain). */
  ATTESTATION_FORMAT_NOT_PACKED: 'ATTESTATION_FORMAT_NOT_PACKED',
  /** Attestation is enforced and no FIDO MDS BLOB was given to check it against. */
  MDS_NOT_CONFIGURED: 'MDS_NOT_CONFIGURED',
  /** Attestation is enforced and the AAGUID has no entry in the MDS BLOB. */
  AAGUID_NOT_IN_MDS: 'AAGUID_NOT_IN_MDS',
  /** Attestation is enforced and the chain does not reach a root the MDS lists for this AAGUID. */
  ATTESTATION_UNTRUSTED: 'ATTESTATION_UNTRUSTED',
  /** Attestation is enforced and the MDS statement lacks a capability Entra requires. */
  METADATA_CAPABILITY_MISSING: 'METADATA_CAPABILITY_MISSING',
  /** Attestation is enforced and the MDS status reports show no FIDO certification (any level is enough). */
  AUTHENTICATOR_NOT_CERTIFIED: 'AUTHENTICATOR_NOT_CERTIFIED',
  /** Attestation is enforced and MDS reports the model revoked or compromised. */
  AUTHENTICATOR_REVOKED: 'AUTHENTICATOR_REVOKED',
  /** The passkey satisfies a profile (an admission). */
  PROFILE_SATISFIED: 'PROFILE_SATISFIED',
  /** Warning: attestation is not enforced, so the AAGUID and passkey type are unverified claims. */
  AAGUID_UNVERIFIED: 'AAGUID_UNVERIFIED',
  /** Warning: a legacy tenant-wide field is set but ignored because passkey profiles exist. */
  LEGACY_SETTING_IGNORED: 'LEGACY_SETTING_IGNORED',
  /** Authentication strength: the sign-in's method combination is not allowed. */
  STRENGTH_COMBINATION_NOT_ALLOWED: 'STRENGTH_COMBINATION_NOT_ALLOWED',
  /** Authentication strength: the FIDO2 AAGUID is not in the strength's `allowedAAGUIDs`. */
  STRENGTH_AAGUID_NOT_ALLOWED: 'STRENGTH_AAGUID_NOT_ALLOWED',
  /** Authentication strength: satisfied (an admission). */
  STRENGTH_SATISFIED: 'STRENGTH_SATISFIED',
} as const;

/** A stable reason code. */
export type PolicyReasonCodeValue = (typeof PolicyReasonCode)[keyof typeof PolicyReasonCode];

/** Builds a reason. */
export function reason(
  kind: PolicyReasonKind,
  code: PolicyReasonCodeValue,
  message: string,
  profile?: { id: string; name: string },
): PolicyReason {
  return profile ? { code, message, kind, profile: { id: profile.id, name: profile.name } } : { code, message, kind };
}

/** The all-zero AAGUID (WebAuthn L3 6.5.1: attestation none, or the model is not disclosed). */
export const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';

/** How to name an AAGUID in messages: a name table, then the MDS statement's `description`. */
export interface AaguidNaming {
  aaguidNames?: ((aaguid: string) => string | undefined) | undefined;
  trust?: PolicyTrustView | undefined;
}

/**
 * Canonical AAGUID form (lowercase hyphenated 8-4-4-4-12; braces and missing hyphens accepted), or undefined.
 * Entra does not document how it compares AAGUIDs; every Microsoft example uses this form.
 */
export function canonicalAaguid(aaguid: string): string | undefined {
  return normalizeAaguid(aaguid.trim().replace(/^\{|\}$/g, ''));
}

/**
 * `AAGUID <uuid> (<name>)` for messages; the name comes from `aaguidNames`, else from the MDS statement.
 * @param aaguid canonical AAGUID
 * @param naming name sources
 */
export function describeAaguid(aaguid: string, naming: AaguidNaming): string {
  if (aaguid === ZERO_AAGUID) return `AAGUID ${aaguid} (all zero: the authenticator did not disclose its model)`;
  let name: string | undefined;
  try {
    name = naming.aaguidNames?.(aaguid) ?? naming.trust?.metadataStatement(aaguid)?.description;
  } catch {
    name = undefined;
  }
  return name ? `AAGUID ${aaguid} (${name})` : `AAGUID ${aaguid} (unknown model)`;
}

/** `device-bound` / `synced`, for messages. */
export function passkeyTypeLabel(type: 'deviceBound' | 'synced'): string {
  return type === 'deviceBound' ? 'device-bound' : 'synced';
}
