/**
 * X.509 certificate parsing for attestation trust paths (RFC 5280 section 4; WebAuthn L3 8.x "x5c").
 *
 * Structure comes from @peculiar/asn1-x509 (version, names, extensions, validity); keys and signature
 * checks come from node:crypto's `X509Certificate` (OpenSSL), which is synchronous and fast.
 * @module
 */
import { X509Certificate as NodeCertificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { BasicConstraints, Certificate, id_ce_basicConstraints, type Name } from '@peculiar/asn1-x509';

/** One X.509 extension as raw bytes. */
export interface CertificateExtension {
  oid: string;
  critical: boolean;
  /** The extnValue OCTET STRING contents (the DER of the extension's own value). */
  value: Uint8Array;
}

/** A parsed certificate with the facts the attestation verifiers need. */
export interface ParsedCertificate {
  der: Uint8Array;
  /** X.509 version as a number: 1, 2 or 3. */
  version: number;
  notBefore: Date;
  notAfter: Date;
  /** Subject attributes as (OID, value) pairs, in order. Empty for an empty subject. */
  subjectAttributes: readonly (readonly [oid: string, value: string])[];
  /** Human-readable subject (OpenSSL one-line form), for messages. */
  subject: string;
  issuer: string;
  extensions: readonly CertificateExtension[];
  /** Basic Constraints cA, or `undefined` when the extension is absent. */
  basicConstraintsCa: boolean | undefined;
  publicKey: KeyObject;
  asn: Certificate;
  node: NodeCertificate;
}

/** Thrown when bytes are not an X.509 certificate. */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
}

const nameAttributes = (name: Name): [string, string][] => {
  const out: [string, string][] = [];
  for (const rdn of name) for (const atv of rdn) out.push([atv.type, atv.value.toString()]);
  return out;
};

/**
 * Parses a DER certificate.
 * @throws CertificateError when `der` is not a certificate
 */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  let asn: Certificate;
  let node: NodeCertificate;
  let publicKey: KeyObject;
  try {
    asn = AsnConvert.parse(der, Certificate);
    node = new NodeCertificate(der);
    publicKey = node.publicKey; // throws for key types OpenSSL cannot load
  } catch (cause) {
    throw new CertificateError('not a DER X.509 certificate', { cause });
  }
  const tbs = asn.tbsCertificate;
  const extensions: CertificateExtension[] = (tbs.extensions ?? []).map((e) => ({
    oid: e.extnID,
    critical: e.critical,
    value: new Uint8Array(e.extnValue.buffer),
  }));
  const bc = extensions.find((e) => e.oid === id_ce_basicConstraints);
  let basicConstraintsCa: boolean | undefined;
  if (bc) {
    try {
      basicConstraintsCa = AsnConvert.parse(bc.value, BasicConstraints).cA;
    } catch (cause) {
      throw new CertificateError('basic constraints extension is malformed', { cause });
    }
  }
  return {
    der,
    version: tbs.version + 1,
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    subjectAttributes: nameAttributes(tbs.subject),
    // node:crypto reports an empty Name as undefined (TPM AIK certificates have an empty subject).
    subject: (node.subject ?? '').replace(/\n/g, ', '),
    issuer: (node.issuer ?? '').replace(/\n/g, ', '),
    extensions,
    basicConstraintsCa,
    publicKey,
    asn,
    node,
  };
}

/** Returns the extension with `oid`, if present. */
export function findExtension(cert: ParsedCertificate, oid: string): CertificateExtension | undefined {
  return cert.extensions.find((e) => e.oid === oid);
}

/** A short identification of a certificate for messages: subject plus serial. */
export function describeCertificate(cert: ParsedCertificate): string {
  return `${cert.subject || '(empty subject)'} [serial ${cert.node.serialNumber.toLowerCase()}]`;
}
