/**
 * Test-only: change one field of an X.509 certificate (RFC 5280 4.1) and have its issuer sign it
 * again, so the certificate stays correctly issued and only the changed field is wrong.
 * @module
 */
import 'reflect-metadata';
import { sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  Time,
  Version,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_subjectAltName,
  type TBSCertificate,
} from '@peculiar/asn1-x509';
import { KeyDescription, id_ce_keyDescription } from '@peculiar/asn1-android';

/** OIDs of the subject attributes packed attestation certificates need (WebAuthn L3 8.2.1). */
export const NameOid = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3' } as const;
/** id-fido-gen-ce-aaguid (WebAuthn L3 8.2.1). */
export const AAGUID_OID = '1.3.6.1.4.1.45724.1.1.4';
/** Apple anonymous attestation nonce extension (WebAuthn L3 8.8). */
export const APPLE_NONCE_OID = '1.2.840.113635.100.8.2';
/** TCG attributes of the AIK certificate SAN (TCG EK Credential Profile 2.0, 3.2.9). */
export const TcgOid = { manufacturer: '2.23.133.2.1', model: '2.23.133.2.2', version: '2.23.133.2.3', aikCertificate: '2.23.133.8.3' } as const;
/** id-kp-serverAuth (RFC 5280 4.2.1.12). */
export const SERVER_AUTH_OID = '1.3.6.1.5.5.7.3.1';

const der = (value: unknown): Uint8Array => new Uint8Array(AsnConvert.serialize(value));
const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

/**
 * Parses `certificate`, lets `edit` change its TBSCertificate, and signs it again with `issuerKey`
 * (ECDSA with SHA-256, as vfido's test CAs sign).
 */
export function reissue(certificate: Uint8Array, issuerKey: KeyObject, edit: (tbs: TBSCertificate) => void): Uint8Array {
  const cert = AsnConvert.parse(certificate, Certificate);
  edit(cert.tbsCertificate);
  cert.signatureValue = buffer(new Uint8Array(sign('sha256', der(cert.tbsCertificate), issuerKey)));
  return der(cert);
}

/** Replaces (or, with `undefined`, removes) every subject attribute `oid`; adds it as a new RDN when absent. */
export function setSubjectAttribute(tbs: TBSCertificate, oid: string, value: string | undefined, kind: 'utf8String' | 'printableString' = 'utf8String'): void {
  const rdns = [...tbs.subject].map((rdn) => new RelativeDistinguishedName([...rdn].filter((atv) => atv.type !== oid)));
  const kept = rdns.filter((rdn) => rdn.length > 0);
  if (value !== undefined) {
    kept.push(new RelativeDistinguishedName([new AttributeTypeAndValue({ type: oid, value: new AttributeValue({ [kind]: value }) })]));
  }
  tbs.subject = new Name(kept);
}

/** The extension `oid`, if present. */
export function getExtension(tbs: TBSCertificate, oid: string): Extension | undefined {
  return tbs.extensions?.find((e) => e.extnID === oid);
}

/** Removes extension `oid`. */
export function removeExtension(tbs: TBSCertificate, oid: string): void {
  tbs.extensions = new Extensions((tbs.extensions ?? []).filter((e) => e.extnID !== oid));
}

/** Sets extension `oid` to the DER `value` (replacing it in place, or appending it). */
export function setExtension(tbs: TBSCertificate, oid: string, value: Uint8Array, critical = false): void {
  const ext = new Extension({ extnID: oid, critical, extnValue: new OctetString(buffer(value)) });
  const list = [...(tbs.extensions ?? [])];
  const i = list.findIndex((e) => e.extnID === oid);
  if (i >= 0) list[i] = ext;
  else list.push(ext);
  tbs.extensions = new Extensions(list);
}

/** Sets the critical flag of extension `oid`. */
export function setCritical(tbs: TBSCertificate, oid: string, critical: boolean): void {
  const ext = getExtension(tbs, oid);
  if (!ext) throw new Error(`no extension ${oid}`);
  ext.critical = critical;
}

/** Basic Constraints with the given cA (critical, as vfido issues it). */
export function setBasicConstraints(tbs: TBSCertificate, cA: boolean): void {
  setExtension(tbs, id_ce_basicConstraints, der(new BasicConstraints({ cA })), true);
}

/** Extended Key Usage listing `oids`. */
export function setExtendedKeyUsage(tbs: TBSCertificate, oids: string[]): void {
  setExtension(tbs, id_ce_extKeyUsage, der(new ExtendedKeyUsage(oids)), false);
}

/** The id-fido-gen-ce-aaguid extension value: an OCTET STRING of the 16 AAGUID bytes. */
export function aaguidExtensionValue(aaguid: Uint8Array): Uint8Array {
  return der(new OctetString(buffer(aaguid)));
}

/** A TPM AIK subjectAltName (critical unless told) with the given TCG attributes, one RDN each. */
export function setTpmSubjectAltName(tbs: TBSCertificate, attributes: Partial<Record<'manufacturer' | 'model' | 'version', string>>, critical = true): void {
  const rdns = (Object.entries(attributes) as [keyof typeof TcgOid, string][]).map(
    ([key, value]) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type: TcgOid[key], value: new AttributeValue({ utf8String: value }) })]),
  );
  const san = new SubjectAlternativeName([new GeneralName({ directoryName: new Name(rdns) })]);
  setExtension(tbs, id_ce_subjectAltName, der(san), critical);
}

/** Sets the validity end. */
export function setNotAfter(tbs: TBSCertificate, date: Date): void {
  tbs.validity.notAfter = new Time({ utcTime: date });
}

/** Sets the validity start. */
export function setNotBefore(tbs: TBSCertificate, date: Date): void {
  tbs.validity.notBefore = new Time({ utcTime: date });
}

/** Sets the X.509 version (1, 2 or 3). */
export function setVersion(tbs: TBSCertificate, version: 1 | 2 | 3): void {
  tbs.version = version === 1 ? Version.v1 : version === 2 ? Version.v2 : Version.v3;
}

/** Replaces the subject public key. */
export function setSubjectPublicKey(tbs: TBSCertificate, publicKey: KeyObject): void {
  tbs.subjectPublicKeyInfo = AsnConvert.parse(publicKey.export({ format: 'der', type: 'spki' }), SubjectPublicKeyInfo);
}

/** Decodes, edits and re-encodes the Android key description extension (1.3.6.1.4.1.11129.2.1.17). */
export function editKeyDescription(tbs: TBSCertificate, edit: (kd: KeyDescription) => void): void {
  const ext = getExtension(tbs, id_ce_keyDescription);
  if (!ext) throw new Error('no key description extension');
  const kd = AsnConvert.parse(ext.extnValue.buffer, KeyDescription);
  edit(kd);
  setExtension(tbs, id_ce_keyDescription, der(kd), ext.critical);
}

/** Apple's nonce extension value: SEQUENCE { [1] EXPLICIT OCTET STRING nonce } (WebAuthn L3 8.8). */
export function appleNonceValue(nonce: Uint8Array): Uint8Array {
  const out = new Uint8Array(6 + nonce.length);
  out.set([0x30, 4 + nonce.length, 0xa1, 2 + nonce.length, 0x04, nonce.length]);
  out.set(nonce, 6);
  return out;
}
