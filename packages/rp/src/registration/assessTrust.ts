/**
 * Attestation trust assessment (WebAuthn L3 7.1 steps 23-24).
 *
 * Policy: the trust store's anchors that apply to the credential's AAGUID or format (or are global) are tried.
 * - chain reaches an anchor: `trusted: true`;
 * - it does not, and some applicable anchor is *scoped* to this AAGUID or format: ERR_ATTESTATION_UNTRUSTED
 *   (the RP declared which roots this authenticator model or format must chain to);
 * - it does not, and only global anchors (or none) apply: `trusted: false`, left to RP policy.
 * Self and None attestation carry no chain and are always `trusted: false`.
 * Before any of this, an AAGUID whose MDS status (from `TrustStore.addMdsBlob`) revokes the model is
 * rejected with ERR_AUTHENTICATOR_REVOKED, whatever the attestation format (MDS 3.0 3.1.4).
 * @module
 */
import { verifyCertificatePath } from '../cert/verifyCertificatePath.js';
import { VerificationError } from '../errors.js';
import { assertNotRevoked } from '../trust/authenticatorStatus.js';
import { isScopedAnchor, type TrustStore } from '../trust/trustStore.js';
import type { AttestationOutput } from './formats/types.js';

/** What the trust assessment needs to know about the credential. */
export interface TrustQuery {
  fmt: string;
  aaguid: string;
  now: Date;
}

/**
 * Decides whether an attestation's trust path reaches an acceptable anchor.
 * @throws VerificationError ERR_AUTHENTICATOR_REVOKED when the store's metadata revokes the AAGUID;
 *   ERR_ATTESTATION_UNTRUSTED when scoped anchors exist and the path does not reach them; when the chain ends at a
 *   root named like a trusted one but with another key, `details.chainRoot` and `details.trustedRoot` name both
 */
export function assessTrust(output: AttestationOutput, store: TrustStore | undefined, query: TrustQuery): boolean {
  if (store) assertNotRevoked(store.authenticatorStatus(query.aaguid), query.aaguid);
  if (!store || output.trustPath.length === 0) return false;
  const anchors = store.anchorsFor({ aaguid: query.aaguid, format: query.fmt });
  if (anchors.length === 0) return false;
  const result = verifyCertificatePath(
    output.trustPath,
    anchors.map((a) => a.certificate),
    query.now,
  );
  if (result.trusted) return true;
  if (anchors.some(isScopedAnchor)) {
    throw new VerificationError(
      'ERR_ATTESTATION_UNTRUSTED',
      `${query.fmt} attestation does not chain to the trust anchors configured for aaguid ${query.aaguid} / format ${query.fmt}: ${result.reason ?? 'unknown reason'}`,
      { details: { aaguid: query.aaguid, fmt: query.fmt, ...(result.mismatch ?? {}) } },
    );
  }
  return false;
}
