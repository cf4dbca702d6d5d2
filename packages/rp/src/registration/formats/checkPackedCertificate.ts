/**
 * Certificate requirements for packed attestation statements (WebAuthn L3 8.2.1).
 * @module
 */
import { certificateAaguid } from '../../cert/fidoAaguidExtension.js';
import type { ParsedCertificate } from '../../cert/parseCertificate.js';
import { bytesEqual, formatUuid } from '../../encoding/bytes.js';
import { quote } from '../../errors.js';
import { malformed } from './attStmtFields.js';

const OID = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3' } as const;

/**
 * Checks an attestation certificate against L3 8.2.1: version 3; subject C (a two-letter ISO 3166 code), O,
 * OU = "Authenticator Attestation" and CN present; if the AAGUID extension is present it is not critical and equals `aaguid`; Basic Constraints
 * cA is false (an absent extension means not a CA, RFC 5280 4.2.1.9).
 * @param fmt format name for messages
 * @throws VerificationError ERR_ATTESTATION_MALFORMED naming the unmet requirement
 */
export function checkPackedCertificate(fmt: string, cert: ParsedCertificate, aaguid: Uint8Array): void {
  if (cert.version !== 3) throw malformed(fmt, `attestation certificate is X.509 v${cert.version}; v3 required (8.2.1)`);
  const attr = (oid: string): string[] => cert.subjectAttributes.filter(([o]) => o === oid).map(([, v]) => v);
  for (const [name, oid] of Object.entries(OID)) {
    if (attr(oid).length === 0) throw malformed(fmt, `attestation certificate subject has no ${name} (8.2.1)`);
  }
  // Subject-C is an ISO 3166 code; X.520 countryName is the two-letter (alpha-2) form (PrintableString SIZE(2)).
  if (!attr(OID.C).every((c) => /^[A-Z]{2}$/.test(c))) {
    throw malformed(fmt, `attestation certificate subject C must be a two-letter ISO 3166 code (8.2.1), got ${quote(attr(OID.C).join(','), 20)}`);
  }
  if (!attr(OID.OU).includes('Authenticator Attestation')) {
    throw malformed(fmt, `attestation certificate subject OU must be 'Authenticator Attestation' (8.2.1)`);
  }
  checkAaguidExtension(fmt, cert, aaguid, true);
  if (cert.basicConstraintsCa === true) throw malformed(fmt, 'attestation certificate must not be a CA (basic constraints cA true)');
}

/**
 * If `cert` carries `id-fido-gen-ce-aaguid`, checks that it equals `aaguid` (and, when `mustNotBeCritical`,
 * that it is not critical).
 * @throws VerificationError ERR_ATTESTATION_MALFORMED
 */
export function checkAaguidExtension(fmt: string, cert: ParsedCertificate, aaguid: Uint8Array, mustNotBeCritical: boolean): void {
  let ext;
  try {
    ext = certificateAaguid(cert);
  } catch (cause) {
    throw malformed(fmt, 'attestation certificate aaguid extension is malformed', cause);
  }
  if (!ext) return;
  if (mustNotBeCritical && ext.critical) throw malformed(fmt, 'attestation certificate aaguid extension must not be critical');
  if (!bytesEqual(ext.aaguid, aaguid)) {
    throw malformed(
      fmt,
      `attestation certificate aaguid ${formatUuid(ext.aaguid)} does not match authenticator data aaguid ${formatUuid(aaguid)}`,
    );
  }
}
