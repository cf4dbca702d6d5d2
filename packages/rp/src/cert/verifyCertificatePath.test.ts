/**
 * verifyCertificatePath's report of a chain that ends at a CA named like a trust anchor but with another key
 * (the shape of two test PKIs made from different seeds), built from certificates made here.
 */
import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import { makeIntermediateCa, makeTestCa } from '../../test-utils/certificates.js';
import { parseCertificate } from './parseCertificate.js';
import { verifyCertificatePath } from './verifyCertificatePath.js';

const NOW = new Date('2026-06-01T00:00:00Z');
/** RFC 5280 4.2.1.2 method (1), computed here from the DER: SHA-1 of the subjectPublicKey bits. */
const keyIdOf = (der: Uint8Array) =>
  createHash('sha1').update(new Uint8Array(AsnConvert.parse(der, Certificate).tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)).digest('hex');

describe('verifyCertificatePath: same name, other key', () => {
  const rootA = makeTestCa('shared root name');
  const rootB = makeTestCa('shared root name');
  const intermediateB = makeIntermediateCa(rootB);
  const leafB = makeIntermediateCa(intermediateB, 'leaf', false);
  const chain = [leafB, intermediateB].map((c) => parseCertificate(c.der));

  it('names both roots when the chain stops below a root of the anchor name (no AKI: the chain key is unknown)', () => {
    const result = verifyCertificatePath(chain, [parseCertificate(rootA.der)], NOW);
    expect(result.trusted).toBe(false);
    expect(result.mismatch).toEqual({
      chainRoot: { subject: 'C=US, O=vfido tests, CN=shared root name', keyId: undefined },
      trustedRoot: { subject: 'C=US, O=vfido tests, CN=shared root name', keyId: keyIdOf(rootA.der), serial: expect.stringMatching(/^[0-9a-f]+$/) },
    });
    expect(result.reason).toContain('did not sign it: a different key under the same name, or a bad signature');
  });

  it('names both keys when the other root itself is in x5c', () => {
    const result = verifyCertificatePath([...chain, parseCertificate(rootB.der)], [parseCertificate(rootA.der)], NOW);
    expect(result.mismatch?.chainRoot.keyId).toBe(keyIdOf(rootB.der));
    expect(result.mismatch?.trustedRoot.keyId).toBe(keyIdOf(rootA.der));
    expect(result.reason).toContain(`(key ${keyIdOf(rootB.der)}) but the trusted root of that name has key ${keyIdOf(rootA.der)}`);
  });

  it('reports nothing of the kind for an anchor of another name, and trusts the right root', () => {
    const other = verifyCertificatePath(chain, [parseCertificate(makeTestCa('another root').der)], NOW);
    expect(other.mismatch).toBeUndefined();
    expect(other.reason).toContain('no trust anchor or x5c certificate issued');
    expect(verifyCertificatePath(chain, [parseCertificate(rootB.der)], NOW).trusted).toBe(true);
  });
});
