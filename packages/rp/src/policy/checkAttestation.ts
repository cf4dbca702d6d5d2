/**
 * The registration-time attestation check of a passkey profile with `attestationEnforcement: registrationOnly`
 * (entra-docs concept-fido2-hardware-vendor: a packed statement chaining to the MDS roots, FIDO2 certification
 * at any level, metadata declaring FIDO 2.0+, UV or clientPIN, resident keys, hmac-secret or PRF;
 * how-to-enable-authenticator-passkey for Microsoft Authenticator; how-to-authentication-entra-passkeys-on-windows
 * for Windows Hello). Also the formats Entra accepts when attestation is not enforced.
 * @module
 */
import { decodeBase64 } from '../encoding/base64url.js';
import { parseCertificate, type ParsedCertificate } from '../cert/parseCertificate.js';
import { verifyCertificatePath } from '../cert/verifyCertificatePath.js';
import { PolicyReasonCode as C, describeAaguid, reason, type AaguidNaming } from './policyReason.js';
import type { PasskeyProfile, PolicyMetadataStatement, PolicyReason } from './types.js';

/** Windows Hello (hardware, VBS, software) AAGUIDs: attestation is not supported during the Entra preview. */
export const WINDOWS_HELLO_AAGUIDS: readonly string[] = [
  '08987058-cadc-4b81-b6e1-30de50dcbe96',
  '9ddd1817-af5a-4672-a2b9-3e3dd95000a9',
  '6028b017-b1d4-4c02-b4b3-afcdafc96bb2',
];

/** Microsoft Authenticator AAGUIDs (Android, iOS): attested by App Attest / Play Integrity, not through MDS. */
export const MICROSOFT_AUTHENTICATOR_AAGUIDS: readonly string[] = ['de1e552d-db1d-4423-a619-566b625cdc84', '90a3ccdf-635c-4729-a248-9b709135078f'];

/** The attestation facts of a verified registration the check reads (a `VerifiedAttestation` satisfies it). */
export interface PolicyAttestation {
  fmt: string;
  type: string;
  trusted: boolean;
  /** DER certificates, attestation certificate first. */
  trustPath: readonly Uint8Array[];
}

/** What the check needs besides the profile. */
export interface AttestationCheckContext extends AaguidNaming {
  aaguid: string;
  backupEligible: boolean;
  attestation: PolicyAttestation;
  now: Date;
}

/**
 * With attestation not enforced, Entra accepts `none`, `tpm`, `packed` (AttCA) and "custom attestation formats
 * <= 32 characters" (VENDOR). vfido reads "custom formats" as every other format identifier of at most 32 characters
 * (fido-u2f, android-key, apple, ...). Packed **self** attestation is accepted too (UNCERTAIN): VENDOR qualifies
 * packed as "(AttCA)" and a 2019 report (trezor/trezor-firmware#747) says Azure AD refused self attestation, but the
 * Windows Hello preview (2026) supports the Windows Hello Software Authenticator, whose only attestation type in MDS
 * is basic_surrogate (packed self), with attestation off.
 * @returns a deny reason, or undefined when the format is accepted
 */
export function checkAcceptedFormat(attestation: PolicyAttestation): PolicyReason | undefined {
  const { fmt } = attestation;
  if (fmt.length > 32) {
    return reason('deny', C.ATTESTATION_FORMAT_NOT_ACCEPTED, `attestation format '${fmt.slice(0, 40)}...' is longer than the 32 characters entra accepts`);
  }
  return undefined;
}

const capabilityGaps = (statement: PolicyMetadataStatement): string[] => {
  const info = statement.authenticatorGetInfo;
  const record = typeof info === 'object' && info !== null ? (info as Record<string, unknown>) : {};
  const versions = Array.isArray(record.versions) ? record.versions : [];
  const extensions = Array.isArray(record.extensions) ? record.extensions : [];
  const options = typeof record.options === 'object' && record.options !== null ? (record.options as Record<string, unknown>) : {};
  const gaps: string[] = [];
  if (!versions.some((v) => typeof v === 'string' && v.startsWith('FIDO_2_'))) gaps.push('FIDO 2.0 or later');
  if (options.uv === undefined && options.clientPin === undefined) gaps.push('user verification or a client PIN');
  if (options.rk !== true) gaps.push('resident keys (discoverable credentials)');
  if (!extensions.includes('hmac-secret') && !extensions.includes('prf')) gaps.push('the hmac-secret or PRF extension');
  return gaps;
};

const parseAll = (ders: readonly Uint8Array[]): ParsedCertificate[] | undefined => {
  try {
    return ders.map((d) => parseCertificate(d));
  } catch {
    return undefined;
  }
};

/** True when the trust path reaches one of the statement's `attestationRootCertificates` at `now`. */
function chainsToStatement(statement: PolicyMetadataStatement, trustPath: readonly Uint8Array[], now: Date): boolean {
  const chain = parseAll(trustPath);
  const roots = parseAll(statement.attestationRootCertificates.map((b64) => decodeBase64(b64) ?? new Uint8Array()));
  return chain !== undefined && roots !== undefined && verifyCertificatePath(chain, roots, now).trusted;
}

/**
 * Checks a registration against a profile that enforces attestation.
 * @param profile the profile (its `attestationEnforcement` is `registrationOnly`)
 * @param ctx the credential's AAGUID, BE flag and verified attestation, the MDS view and the clock
 * @returns the first failed requirement as a deny reason, or an empty list when the attestation satisfies the profile
 */
export function checkAttestation(profile: PasskeyProfile, ctx: AttestationCheckContext): PolicyReason[] {
  const deny = (code: (typeof C)[keyof typeof C], message: string): PolicyReason[] => [reason('deny', code, message, profile)];
  const where = `profile '${profile.name}' enforces attestation`;
  const model = describeAaguid(ctx.aaguid, ctx);
  const { fmt, type } = ctx.attestation;
  if (WINDOWS_HELLO_AAGUIDS.includes(ctx.aaguid)) {
    return deny(C.ATTESTATION_WINDOWS_HELLO_PREVIEW, `${where}, but ${model} is a Windows Hello passkey, which cannot be attested during the preview; allow it in a profile that does not enforce attestation`);
  }
  if (ctx.backupEligible) {
    return deny(C.ATTESTATION_SYNCED, `${where}, and synced passkeys do not support attestation (${model} is backup eligible)`);
  }
  const isAuthenticator = MICROSOFT_AUTHENTICATOR_AAGUIDS.includes(ctx.aaguid);
  if (type === 'none' || fmt === 'none') {
    const hint = isAuthenticator ? '; Microsoft Authenticator passkeys made cross-device (hybrid) cannot be attested: register directly in the Authenticator app' : '';
    return deny(C.ATTESTATION_MISSING, `${where}, but ${model} sent no attestation (format 'none')${hint}`);
  }
  if (type === 'self') return deny(C.ATTESTATION_SELF, `${where}, but ${model} sent self attestation, which has no certificate chain`);
  const statement = ctx.trust?.metadataStatement(ctx.aaguid);
  if (isAuthenticator) {
    // Entra checks Authenticator with App Attest / Play Integrity; vfido stands in with the RP's trust decision.
    const trusted = statement && statement.attestationRootCertificates.length > 0 ? chainsToStatement(statement, ctx.attestation.trustPath, ctx.now) : ctx.attestation.trusted;
    return trusted ? [] : deny(C.ATTESTATION_UNTRUSTED, `${where}, but the attestation of ${model} does not chain to a trusted root`);
  }
  if (fmt !== 'packed') return deny(C.ATTESTATION_FORMAT_NOT_PACKED, `${where}, which needs a packed attestation with a certificate chain; ${model} sent '${fmt}'`);
  if (!ctx.trust) return deny(C.MDS_NOT_CONFIGURED, `${where}, but no FIDO MDS BLOB is loaded to check ${model} against`);
  if (!statement) return deny(C.AAGUID_NOT_IN_MDS, `${where}, but ${model} is not in the FIDO metadata service (MDS)`);
  const status = ctx.trust.authenticatorStatus?.(ctx.aaguid);
  if (status?.revoked) return deny(C.AUTHENTICATOR_REVOKED, `${where}, and the FIDO MDS reports ${model} as ${status.latest}`);
  // Any FIDO certification level counts, even if a later report (e.g. UPDATE_AVAILABLE) is the latest.
  const certified = (status?.reports ?? (status ? [{ status: status.latest }] : [])).some((r) => r.status.startsWith('FIDO_CERTIFIED'));
  if (status && !certified) {
    return deny(C.AUTHENTICATOR_NOT_CERTIFIED, `${where}, which needs a FIDO2 certification (any level); the FIDO MDS lists ${model} as ${status.latest}`);
  }
  if (!chainsToStatement(statement, ctx.attestation.trustPath, ctx.now)) {
    return deny(C.ATTESTATION_UNTRUSTED, `${where}, but the attestation of ${model} does not chain to a root its FIDO MDS entry lists`);
  }
  const gaps = capabilityGaps(statement);
  if (gaps.length > 0) return deny(C.METADATA_CAPABILITY_MISSING, `${where}, and the FIDO MDS entry of ${model} does not declare ${gaps.join(', ')}`);
  return [];
}
