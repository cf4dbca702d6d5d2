/**
 * TPM attestation (AIK) certificate requirements (WebAuthn L3 8.3.1; TCG EK Credential Profile 2.0
 * section 3.2.9 for the Subject Alternative Name).
 * @module
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { ExtendedKeyUsage, SubjectAlternativeName, id_ce_extKeyUsage, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import { findExtension, type ParsedCertificate } from '../../../cert/parseCertificate.js';
import { malformed } from '../attStmtFields.js';
import { TCG_KP_AIK_CERTIFICATE } from './constants.js';

const FORMAT = 'tpm';

/** TCG attribute OIDs carried in the AIK certificate's SAN directoryName. */
export const TcgAttribute = {
  manufacturer: '2.23.133.2.1',
  model: '2.23.133.2.2',
  version: '2.23.133.2.3',
} as const;

/** TPM identity read from the AIK certificate's SAN. */
export interface TpmIdentity {
  /** tcg-at-tpmManufacturer, e.g. `id:53544D20` (STM). */
  manufacturer: string;
  model: string;
  version: string;
}

/**
 * Checks an AIK certificate: version 3, empty subject, a critical SAN with the TPM manufacturer, model and
 * version attributes, EKU containing tcg-kp-AIKCertificate (2.23.133.8.3), and not a CA.
 * Both SAN layouts seen in the field are accepted: one RDN per attribute and one RDN holding all three.
 * @returns the TPM identity from the SAN
 * @throws VerificationError ERR_ATTESTATION_MALFORMED naming the unmet requirement
 */
export function checkAikCertificate(cert: ParsedCertificate): TpmIdentity {
  if (cert.version !== 3) throw malformed(FORMAT, `AIK certificate is X.509 v${cert.version}; v3 required (8.3.1)`);
  if (cert.subjectAttributes.length !== 0) throw malformed(FORMAT, 'AIK certificate subject must be empty (8.3.1)');

  const sanExt = findExtension(cert, id_ce_subjectAltName);
  if (!sanExt) throw malformed(FORMAT, 'AIK certificate has no subject alternative name (8.3.1)');
  if (!sanExt.critical) throw malformed(FORMAT, 'AIK certificate subject alternative name must be critical (empty subject)');
  const attributes = new Map<string, string>();
  try {
    for (const name of AsnConvert.parse(sanExt.value, SubjectAlternativeName)) {
      for (const rdn of name.directoryName ?? []) for (const atv of rdn) attributes.set(atv.type, atv.value.toString());
    }
  } catch (cause) {
    throw malformed(FORMAT, 'AIK certificate subject alternative name is malformed', cause);
  }
  const identity: Partial<TpmIdentity> = {};
  for (const [key, oid] of Object.entries(TcgAttribute) as [keyof TpmIdentity, string][]) {
    const value = attributes.get(oid);
    if (value === undefined) throw malformed(FORMAT, `AIK certificate subject alternative name lacks tpm ${key} (${oid})`);
    identity[key] = value;
  }

  const ekuExt = findExtension(cert, id_ce_extKeyUsage);
  let usages: string[] = [];
  try {
    if (ekuExt) usages = [...AsnConvert.parse(ekuExt.value, ExtendedKeyUsage)];
  } catch (cause) {
    throw malformed(FORMAT, 'AIK certificate extended key usage is malformed', cause);
  }
  if (!usages.includes(TCG_KP_AIK_CERTIFICATE)) {
    throw malformed(FORMAT, `AIK certificate extended key usage must include tcg-kp-AIKCertificate (${TCG_KP_AIK_CERTIFICATE})`);
  }
  if (cert.basicConstraintsCa === true) throw malformed(FORMAT, 'AIK certificate must not be a CA (basic constraints cA true)');
  return identity as TpmIdentity;
}
