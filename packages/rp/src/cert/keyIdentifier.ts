/**
 * Key identifiers for naming CA keys in messages (RFC 5280 4.2.1.1 authority key identifier, 4.2.1.2 subject
 * key identifier; method (1) of 4.2.1.2, SHA-1 of the subjectPublicKey BIT STRING, when a certificate has none).
 * @module
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { AuthorityKeyIdentifier, SubjectKeyIdentifier, id_ce_authorityKeyIdentifier, id_ce_subjectKeyIdentifier } from '@peculiar/asn1-x509';
import { digest } from '../crypto/hash.js';
import { toHex } from '../encoding/bytes.js';
import { findExtension, type ParsedCertificate } from './parseCertificate.js';

/** The certificate's own key identifier, lowercase hex: its SKI extension, else SHA-1 of its public key bits. */
export function subjectKeyId(cert: ParsedCertificate): string {
  return subjectKeyIdExtension(cert) ?? publicKeyId(cert);
}

/** The value of the certificate's subject key identifier extension, lowercase hex, when it has a well-formed one. */
export function subjectKeyIdExtension(cert: ParsedCertificate): string | undefined {
  const ext = findExtension(cert, id_ce_subjectKeyIdentifier);
  if (!ext) return undefined;
  try {
    return toHex(new Uint8Array(AsnConvert.parse(ext.value, SubjectKeyIdentifier).buffer));
  } catch {
    return undefined;
  }
}

/**
 * RFC 5280 4.2.1.2 method (1), lowercase hex: SHA-1 of the subjectPublicKey BIT STRING's value (no tag, length or
 * unused-bits octet), whatever the certificate's SKI extension says.
 */
export function publicKeyId(cert: ParsedCertificate): string {
  return toHex(digest('sha1', new Uint8Array(cert.asn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)));
}

/** The key identifier of the certificate's issuer (its AKI `keyIdentifier`), lowercase hex, when it has one. */
export function authorityKeyId(cert: ParsedCertificate): string | undefined {
  const ext = findExtension(cert, id_ce_authorityKeyIdentifier);
  if (!ext) return undefined;
  try {
    const aki = AsnConvert.parse(ext.value, AuthorityKeyIdentifier);
    return aki.keyIdentifier ? toHex(new Uint8Array(aki.keyIdentifier.buffer)) : undefined;
  } catch {
    return undefined;
  }
}
