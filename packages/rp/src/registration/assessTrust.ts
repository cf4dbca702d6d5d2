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
 * A zero AAGUID (fido-u2f, or any format whose authenticator reports none) names no model: MDS3 lists such
 * models by `attestationCertificateKeyIdentifiers`, so the attestation certificate's key identifier picks the
 * MDS entry (its roots and status reports) instead. Per Metadata Statement 3.0 the identifier is RFC 5280
 * 4.2.1.2 method 1 (SHA-1 of the subjectPublicKey bits); the certificate's own SKI extension, when it differs,
 * is tried too.
 * @module
 */
import { publicKeyId, subjectKeyIdExtension } from '../cert/keyIdentifier.js';
import type { ParsedCertificate } from '../cert/parseCertificate.js';
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
 * @throws VerificationError ERR_AUTHENTICATOR_REVOKED when the store's metadata revokes the AAGUID (or, for a zero
 *   AAGUID, the attestation certificate's key identifier);
 *   ERR_ATTESTATION_UNTRUSTED when scoped anchors exist and the path does not reach them; when the chain ends at a
 *   root named like a trusted one but with another key, `details.chainRoot` and `details.trustedRoot` name both
 */
export function assessTrust(output: AttestationOutput, store: TrustStore | undefined, query: TrustQuery): boolean {
  const leaf = output.trustPath[0];
  const keyIds = leaf !== undefined && isZeroAaguid(query.aaguid) ? attestationKeyIds(leaf) : [];
  if (store) {
    assertNotRevoked(store.authenticatorStatus(query.aaguid), query.aaguid);
    for (const keyId of keyIds) assertNotRevoked(store.authenticatorStatusForKeyId(keyId), query.aaguid, keyId);
  }
  if (!store || output.trustPath.length === 0) return false;
  const anchors = store.anchorsFor({ aaguid: query.aaguid, format: query.fmt, keyIds });
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
      { details: { aaguid: query.aaguid, fmt: query.fmt, ...(keyIds.length > 0 ? { keyIds } : {}), ...(result.mismatch ?? {}) } },
    );
  }
  return false;
}

/** True for the all-zero AAGUID (U2F authenticators, and any that report none). */
const isZeroAaguid = (aaguid: string): boolean => /^[0-]+$/.test(aaguid);

/** The attestation certificate's key identifiers: method 1 (MDS3), then its SKI extension when that differs. */
function attestationKeyIds(leaf: ParsedCertificate): string[] {
  const method1 = publicKeyId(leaf);
  const extension = subjectKeyIdExtension(leaf);
  return extension === undefined || extension === method1 ? [method1] : [method1, extension];
}
