import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, CertificatePolicies, SubjectAlternativeName, UserNotice } from '@peculiar/asn1-x509';
import { createKeyPair, spkiOf } from '../../crypto/keyPair.js';
import { vendorCa } from '../../ca/testCa.js';
import { issueAikCertificate, VFIDO_TPM_IDENTITY } from './aikCertificate.js';

const SEED = 'aik-cert-test';
const AAGUID = Uint8Array.from(Buffer.from('08987058cadc4b81b6e130de50dcbe96', 'hex'));
const hex = (b: ArrayBuffer | Uint8Array): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

async function issue(): Promise<{ der: Uint8Array; cert: x509.X509Certificate; aikSpki: Uint8Array }> {
  const ca = await vendorCa('microsoft', SEED);
  const aik = createKeyPair(-65535, SEED, 'tpm-aik/test', 2048);
  const der = await issueAikCertificate(ca, aik.publicKey, AAGUID, SEED);
  return { der, cert: new x509.X509Certificate(der), aikSpki: spkiOf(aik) };
}

describe('issueAikCertificate (WebAuthn L3 8.3.1)', () => {
  let issued: Awaited<ReturnType<typeof issue>>;
  beforeAll(async () => {
    issued = await issue();
  });

  it('is a v3 certificate with an empty subject, certifying the AIK, chained to the vfido TEST CA', async () => {
    const { der, cert, aikSpki } = issued;
    const asn = AsnConvert.parse(der, Certificate);
    expect(asn.tbsCertificate.version).toBe(2); // v3
    expect(asn.tbsCertificate.subject.length).toBe(0);
    expect(cert.subject).toBe('');
    expect(hex(cert.publicKey.rawData)).toBe(hex(aikSpki));
    const ca = await vendorCa('microsoft', SEED);
    const intermediate = new x509.X509Certificate(ca.intermediate.der);
    expect(cert.issuer).toBe(intermediate.subject);
    expect(intermediate.subject).toMatch(/vfido TEST/);
    expect(await cert.verify({ publicKey: intermediate, signatureOnly: true })).toBe(true);
  });

  it('has a critical SAN directoryName with TPM manufacturer, model and version, one RDN each', async () => {
    const { cert } = issued;
    const ext = cert.getExtension('2.5.29.17');
    expect(ext?.critical).toBe(true);
    const san = AsnConvert.parse(ext!.value, SubjectAlternativeName);
    expect(san.length).toBe(1);
    const dn = san[0]!.directoryName!;
    expect(dn.map((rdn) => rdn.length)).toEqual([1, 1, 1]);
    expect(dn.map((rdn) => [rdn[0]!.type, rdn[0]!.value.utf8String])).toEqual([
      ['2.23.133.2.1', VFIDO_TPM_IDENTITY.manufacturer],
      ['2.23.133.2.2', VFIDO_TPM_IDENTITY.model],
      ['2.23.133.2.3', VFIDO_TPM_IDENTITY.version],
    ]);
    expect(VFIDO_TPM_IDENTITY.manufacturer).toBe('id:FFFFF1D0');
  });

  it('has EKU tcg-kp-AIKCertificate, CA:false, digitalSignature and the aaguid extension', async () => {
    const { cert } = issued;
    const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
    expect(eku?.usages).toContain('2.23.133.8.3');
    const bc = cert.getExtension(x509.BasicConstraintsExtension);
    expect(bc?.ca).toBe(false);
    expect(bc?.critical).toBe(true);
    const ku = cert.getExtension(x509.KeyUsagesExtension);
    expect(ku?.critical).toBe(true);
    expect(ku?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    const aaguid = cert.getExtension('1.3.6.1.4.1.45724.1.1.4');
    expect(aaguid?.critical).toBe(false); // 8.3.1: MUST NOT be critical
    expect(hex(aaguid!.value)).toBe('0410' + hex(AAGUID));
    expect(cert.getExtension(x509.SubjectKeyIdentifierExtension)).toBeDefined();
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)).toBeDefined();
  });

  it('carries the Windows Hello certificate policy with its user notice, critical', async () => {
    const { cert } = issued;
    const ext = cert.getExtension('2.5.29.32');
    expect(ext?.critical).toBe(true);
    const policies = AsnConvert.parse(ext!.value, CertificatePolicies);
    expect(policies[0]!.policyIdentifier).toBe('1.3.6.1.4.1.311.21.31');
    const qualifier = policies[0]!.policyQualifiers![0]!;
    expect(qualifier.policyQualifierId).toBe('1.3.6.1.5.5.7.2.2');
    const notice = AsnConvert.parse(qualifier.qualifier, UserNotice);
    expect(notice.explicitText?.bmpString).toBe('TCPA  Trusted  Platform  Identity');
  });

  it('is reproducible under a seed', async () => {
    const a = issued;
    const b = await issue();
    expect(hex(a.der)).toBe(hex(b.der));
  });
});
