/**
 * Authenticator status from FIDO MDS3 status reports (MDS 3.0 section 3.1.4 `AuthenticatorStatus`):
 * which statuses revoke a model, and which report is the latest.
 * @module
 */
import { VerificationError } from '../errors.js';
import type { AuthenticatorStatusSummary, StatusReport } from './mdsTypes.js';

/**
 * Statuses after which a relying party must not accept new registrations from the model
 * (MDS 3.0 3.1.4: "the authenticator should not be trusted" / keys or UV compromised).
 */
export const REVOKING_STATUSES: readonly string[] = [
  'REVOKED',
  'ATTESTATION_KEY_COMPROMISE',
  'USER_VERIFICATION_BYPASS',
  'USER_KEY_REMOTE_COMPROMISE',
  'USER_KEY_PHYSICAL_COMPROMISE',
];

/**
 * Summarizes status reports: the latest is the one with the greatest `effectiveDate` (undated reports
 * count as oldest); among reports sharing that date a revoking one wins, otherwise the first listed.
 */
export function summarizeStatus(reports: readonly StatusReport[]): AuthenticatorStatusSummary | undefined {
  let latest: StatusReport | undefined;
  for (const report of reports) {
    if (!latest) {
      latest = report;
      continue;
    }
    const date = report.effectiveDate ?? '';
    const best = latest.effectiveDate ?? '';
    if (date > best || (date === best && REVOKING_STATUSES.includes(report.status) && !REVOKING_STATUSES.includes(latest.status))) {
      latest = report;
    }
  }
  if (!latest) return undefined;
  return { latest: latest.status, revoked: REVOKING_STATUSES.includes(latest.status), reports };
}

/**
 * Rejects a registration from a model whose metadata marks it compromised (WebAuthn L3 7.1 step 23:
 * trust decisions use metadata "from a trusted source"; MDS 3.0 3.1.4).
 * @param status the AAGUID's status summary, or `undefined` when the store has no metadata for it
 * @param aaguid the credential's AAGUID, for the message
 * @param keyId the attestation certificate key identifier the status was found by (U2F entries), for the message
 * @throws VerificationError ERR_AUTHENTICATOR_REVOKED when `status.revoked`
 */
export function assertNotRevoked(status: AuthenticatorStatusSummary | undefined, aaguid: string, keyId?: string): void {
  if (!status?.revoked) return;
  const model = keyId === undefined ? aaguid : `with attestation key id ${keyId}`;
  throw new VerificationError('ERR_AUTHENTICATOR_REVOKED', `authenticator model ${model} is ${status.latest} in the metadata; registration refused`, {
    details: { aaguid, status: status.latest, ...(keyId === undefined ? {} : { keyId }) },
  });
}
