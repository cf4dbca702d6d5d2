/**
 * TrustStore scoping and certificate path validation (L3 7.1 steps 23-24; RFC 5280 6 simplified).
 */
import { describe, expect, it } from 'vitest';
import { makeCertificate, makeIntermediateCa, makeTestCa, Oid, toPem } from '../../test-utils/certificates.js';
import { generateKey } from '../../test-utils/keys.js';
import { parseCertificate } from '../cert/parseCertificate.js';
import { verifyCertificatePath } from '../cert/verifyCertificatePath.js';
import { isVerificationError } from '../errors.js';
import { TrustStore } from './trustStore.js';

const root = makeTestCa('root A');
const other = makeTestCa('root B');
const inter = makeIntermediateCa(root);
const leafKey = generateKey(-7);
const leaf = makeCertificate({ subject: [[[Oid.CN, 'leaf']]], publicKey: leafKey.publicKey, issuer: inter });
const p = (d: Uint8Array) => parseCertificate(d);
const at = new Date('2026-01-01T00:00:00Z');

describe('TrustStore', () => {
  it('accepts PEM (several blocks) and bare base64 DER', () => {
    const store = new TrustStore().addRoots(toPem(root.der) + toPem(other.der)).addRoots(Buffer.from(inter.der).toString('base64'));
    expect(store.size).toBe(3);
  });

  it('returns anchors by AAGUID, by format, and global ones', () => {
    const store = new TrustStore()
      .addRoots(toPem(root.der), { aaguid: 'A0B1C2D3E4F5061728394A5B6C7D8E9F' })
      .addRoots(toPem(other.der), { format: 'tpm' })
      .addRoots(toPem(inter.der));
    const subjects = (q: { aaguid?: string; format?: string }) => store.anchorsFor(q).map((a) => a.certificate.subject);
    expect(subjects({ aaguid: 'a0b1c2d3-e4f5-0617-2839-4a5b6c7d8e9f', format: 'packed' })).toHaveLength(2);
    expect(subjects({ aaguid: '00000000-0000-0000-0000-000000000000', format: 'tpm' })).toHaveLength(2);
    expect(subjects({ format: 'packed' })).toEqual([parseCertificate(inter.der).subject]);
  });

  it('requires both fields of a scope that names both', () => {
    const store = new TrustStore().addRoots(toPem(root.der), { aaguid: 'a0b1c2d3-e4f5-0617-2839-4a5b6c7d8e9f', format: 'packed' });
    expect(store.anchorsFor({ aaguid: 'a0b1c2d3-e4f5-0617-2839-4a5b6c7d8e9f', format: 'tpm' })).toHaveLength(0);
    expect(store.anchorsFor({ aaguid: 'a0b1c2d3-e4f5-0617-2839-4a5b6c7d8e9f', format: 'packed' })).toHaveLength(1);
  });

  it('rejects input that is not a certificate, and malformed AAGUID scopes', () => {
    for (const bad of [() => new TrustStore().addRoots('not a cert'), () => new TrustStore().addRoots(toPem(root.der), { aaguid: 'xyz' })]) {
      try {
        bad();
        expect.unreachable();
      } catch (e) {
        expect(isVerificationError(e, 'ERR_TRUST_ANCHOR_INVALID')).toBe(true);
      }
    }
  });
});

describe('verifyCertificatePath', () => {
  it('chains leaf -> intermediate -> anchor, in any x5c order', () => {
    expect(verifyCertificatePath([p(leaf.der), p(inter.der)], [p(root.der)], at).trusted).toBe(true);
    expect(verifyCertificatePath([p(leaf.der), p(inter.der), p(root.der)], [p(root.der)], at).trusted).toBe(true);
  });

  it('trusts a certificate that is itself an anchor', () => {
    expect(verifyCertificatePath([p(inter.der)], [p(inter.der)], at).trusted).toBe(true);
  });

  it('does not trust a chain missing its intermediate or ending at another root', () => {
    expect(verifyCertificatePath([p(leaf.der)], [p(root.der)], at)).toMatchObject({ trusted: false });
    expect(verifyCertificatePath([p(leaf.der), p(inter.der)], [p(other.der)], at)).toMatchObject({ trusted: false });
  });

  it('checks validity at the given time for every certificate on the path', () => {
    expect(verifyCertificatePath([p(leaf.der), p(inter.der)], [p(root.der)], new Date('2040-01-01T00:00:00Z')).reason).toMatch(/expired/);
    expect(verifyCertificatePath([p(leaf.der), p(inter.der)], [p(root.der)], new Date('2020-01-01T00:00:00Z')).reason).toMatch(/not valid before/);
  });

  it('refuses an intermediate that is not a CA', () => {
    const notCa = makeIntermediateCa(root, 'not a ca', false);
    const l = makeCertificate({ subject: [[[Oid.CN, 'leaf2']]], publicKey: leafKey.publicKey, issuer: notCa });
    expect(verifyCertificatePath([p(l.der), p(notCa.der)], [p(root.der)], at).reason).toMatch(/not a CA/);
  });

  it('refuses a forged issuer name (same subject, different key)', () => {
    const impostor = makeTestCa('root A');
    const forged = makeCertificate({ subject: [[[Oid.CN, 'leaf3']]], publicKey: leafKey.publicKey, issuer: impostor });
    expect(verifyCertificatePath([p(forged.der)], [p(root.der)], at).trusted).toBe(false);
  });
});
