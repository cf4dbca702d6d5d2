/**
 * Test-only X.509 builder (RFC 5280) on @peculiar/asn1-x509 and node:crypto, so tests can make certificates
 * that break exactly one requirement (version, subject, extension criticality, CA flag, validity).
 * @module
 */
import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
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
  TBSCertificate,
  Validity,
} from '@peculiar/asn1-x509';
import { generateKey, type TestKey } from './keys.js';

/** Subject/issuer as RDNs of [oid, value] pairs. */
export type TestName = [oid: string, value: string][][];

/** Common attribute OIDs. */
export const Oid = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3' } as const;

/** A raw extension for {@link makeCertificate}. */
export interface TestExtension {
  oid: string;
  critical?: boolean;
  /** DER of the extension value (placed inside extnValue). */
  value: Uint8Array;
}

/** Options of {@link makeCertificate}. */
export interface CertificateOptions {
  subject: TestName;
  /** Key certified. */
  publicKey: KeyObject;
  /** Issuer; absent means self-signed with `signer`. */
  issuer?: TestCertificate;
  /** Key that signs when self-signed (defaults to a fresh P-256 key for self-signed certs). */
  signer?: TestKey;
  extensions?: TestExtension[];
  notBefore?: Date;
  notAfter?: Date;
  /** X.509 version number (1-3); default 3. */
  version?: number;
}

/** A built certificate with the key that can issue from it. */
export interface TestCertificate {
  der: Uint8Array;
  subject: TestName;
  key: TestKey | undefined;
}

const toName = (name: TestName): Name =>
  new Name(
    name.map(
      (rdn) =>
        new RelativeDistinguishedName(
          rdn.map(
            ([type, v]) =>
              new AttributeTypeAndValue({ type, value: new AttributeValue(type === Oid.C ? { printableString: v } : { utf8String: v }) }),
          ),
        ),
    ),
  );

const sigAlg = (key: TestKey): { oid: string; hash: string; params?: null } =>
  key.publicKey.asymmetricKeyType === 'rsa'
    ? { oid: '1.2.840.113549.1.1.11', hash: 'sha256', params: null }
    : key.publicKey.asymmetricKeyDetails?.namedCurve === 'secp384r1'
      ? { oid: '1.2.840.10045.4.3.3', hash: 'sha384' }
      : { oid: '1.2.840.10045.4.3.2', hash: 'sha256' };

/** Builds and signs a certificate. */
export function makeCertificate(opts: CertificateOptions): TestCertificate {
  const signer = opts.issuer?.key ?? opts.signer;
  if (!signer) throw new Error('makeCertificate: issuer has no key and no signer given');
  const alg = sigAlg(signer);
  const algorithm = new AlgorithmIdentifier(alg.params === null ? { algorithm: alg.oid, parameters: null } : { algorithm: alg.oid });
  const spki = AsnConvert.parse(opts.publicKey.export({ format: 'der', type: 'spki' }), SubjectPublicKeyInfo);
  const version = (opts.version ?? 3) - 1;
  const tbs = new TBSCertificate({
    version,
    serialNumber: new Uint8Array([0x01, ...randomBytes(8)]).buffer,
    signature: algorithm,
    issuer: toName(opts.issuer?.subject ?? opts.subject),
    validity: new Validity({
      notBefore: opts.notBefore ?? new Date('2024-01-01T00:00:00Z'),
      notAfter: opts.notAfter ?? new Date('2034-01-01T00:00:00Z'),
    }),
    subject: toName(opts.subject),
    subjectPublicKeyInfo: spki,
  });
  if (opts.extensions && opts.extensions.length > 0 && version === 2) {
    tbs.extensions = new Extensions(
      opts.extensions.map((e) => new Extension({ extnID: e.oid, critical: e.critical ?? false, extnValue: new OctetString(e.value) })),
    );
  }
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = sign(alg.hash, tbsDer, signer.privateKey);
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: new Uint8Array(signature).buffer });
  return { der: new Uint8Array(AsnConvert.serialize(cert)), subject: opts.subject, key: undefined };
}

/** DER of a Basic Constraints value. */
export function basicConstraints(cA: boolean): TestExtension {
  return { oid: '2.5.29.19', critical: true, value: new Uint8Array(AsnConvert.serialize(new BasicConstraints({ cA }))) };
}

/** DER of an Extended Key Usage value. */
export function extendedKeyUsage(oids: string[]): TestExtension {
  return { oid: '2.5.29.37', value: new Uint8Array(AsnConvert.serialize(new ExtendedKeyUsage(oids))) };
}

/** A SAN holding one directoryName. */
export function subjectAltNameDirectory(name: TestName, critical = true): TestExtension {
  const san = new SubjectAlternativeName([new GeneralName({ directoryName: toName(name) })]);
  return { oid: '2.5.29.17', critical, value: new Uint8Array(AsnConvert.serialize(san)) };
}

/** A SAN holding dNSNames. */
export function subjectAltNameDns(names: string[]): TestExtension {
  const san = new SubjectAlternativeName(names.map((dNSName) => new GeneralName({ dNSName })));
  return { oid: '2.5.29.17', value: new Uint8Array(AsnConvert.serialize(san)) };
}

/** The FIDO AAGUID extension (1.3.6.1.4.1.45724.1.1.4) holding `aaguid` as an OCTET STRING. */
export function aaguidExtension(aaguid: Uint8Array, critical = false): TestExtension {
  return { oid: '1.3.6.1.4.1.45724.1.1.4', critical, value: new Uint8Array([0x04, aaguid.byteLength, ...aaguid]) };
}

/** A test CA: a self-signed root (P-256 by default) and its key. */
export function makeTestCa(name = 'vfido test root', alg = -7, validity?: { notBefore: Date; notAfter: Date }): TestCertificate {
  const key = generateKey(alg);
  const cert = makeCertificate({
    subject: [[[Oid.C, 'US']], [[Oid.O, 'vfido tests']], [[Oid.CN, name]]],
    publicKey: key.publicKey,
    signer: key,
    extensions: [basicConstraints(true)],
    ...validity,
  });
  return { ...cert, key };
}

/** An intermediate CA issued by `issuer`. */
export function makeIntermediateCa(issuer: TestCertificate, name = 'vfido test intermediate', isCa = true): TestCertificate {
  const key = generateKey(-7);
  const cert = makeCertificate({
    subject: [[[Oid.O, 'vfido tests']], [[Oid.CN, name]]],
    publicKey: key.publicKey,
    issuer,
    extensions: [basicConstraints(isCa)],
  });
  return { ...cert, key };
}

/** PEM text of a DER certificate. */
export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

