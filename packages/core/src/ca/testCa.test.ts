import 'reflect-metadata';
import { createHash, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it, vi } from 'vitest';
import { createKeyPair } from '../crypto/keyPair.js';
import {
  aaguidExtension,
  attestationRootsPem,
  DEFAULT_CA_SEED,
  FIDO_AAGUID_OID,
  issueLeaf,
  vendorCa,
} from './testCa.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('vendorCa', () => {
  it('builds a root -> intermediate chain marked as vfido TEST, CA:true with keyCertSign', async () => {
    const ca = await vendorCa('yubico', 'ca-test');
    const root = new x509.X509Certificate(ca.root.der);
    const inter = new x509.X509Certificate(ca.intermediate.der);
    for (const cert of [root, inter]) {
      expect(cert.subject).toContain('vfido');
      expect(cert.subject).toContain('TEST');
      expect(cert.subject).toContain('NOT A REAL YUBICO CA');
      const bc = cert.getExtension(x509.BasicConstraintsExtension);
      expect(bc?.ca).toBe(true);
      expect(bc?.critical).toBe(true);
      const ku = cert.getExtension(x509.KeyUsagesExtension);
      expect((ku?.usages ?? 0) & x509.KeyUsageFlags.keyCertSign).toBeTruthy();
      expect(cert.notBefore.toISOString()).toBe('2024-01-01T00:00:00.000Z');
      expect(cert.notAfter.getUTCFullYear()).toBe(2049);
    }
    expect(root.getExtension(x509.BasicConstraintsExtension)?.pathLength).toBe(1);
    expect(inter.getExtension(x509.BasicConstraintsExtension)?.pathLength).toBe(0);
    expect(inter.issuer).toBe(root.subject);
    // Independent check with node:crypto's X509 parser.
    const nodeRoot = new NodeX509(ca.root.der);
    const nodeInter = new NodeX509(ca.intermediate.der);
    expect(nodeRoot.verify(nodeRoot.publicKey)).toBe(true);
    expect(nodeInter.verify(nodeRoot.publicKey)).toBe(true);
    expect(nodeInter.checkIssued(nodeRoot)).toBe(true);
    expect(nodeRoot.ca && nodeInter.ca).toBe(true);
    // The key pair is the certified key.
    expect(nodeInter.publicKey.equals(ca.intermediate.keyPair.publicKey)).toBe(true);
    expect(ca.root.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('caches per (vendor, seed) and uses the default seed when none is given', async () => {
    expect(await vendorCa('yubico')).toBe(await vendorCa('yubico'));
    expect(await vendorCa('yubico', DEFAULT_CA_SEED)).toBe(await vendorCa('yubico'));
    expect(await vendorCa('yubico', 'a')).not.toBe(await vendorCa('yubico', 'b'));
  });

  it('is reproducible in a fresh module instance and differs across seeds and vendors', async () => {
    const first = await vendorCa('feitian', 'repro-seed');
    vi.resetModules();
    const fresh = await import('./testCa.js');
    const second = await fresh.vendorCa('feitian', 'repro-seed');
    expect(second).not.toBe(first);
    expect(Buffer.from(second.root.der).equals(Buffer.from(first.root.der))).toBe(true);
    expect(Buffer.from(second.intermediate.der).equals(Buffer.from(first.intermediate.der))).toBe(true);
    const other = await vendorCa('feitian', 'another-seed');
    expect(Buffer.from(other.root.der).equals(Buffer.from(first.root.der))).toBe(false);
    const otherVendor = await vendorCa('solokeys', 'repro-seed');
    expect(Buffer.from(otherVendor.root.der).equals(Buffer.from(first.root.der))).toBe(false);
  });

  it('produces the same default yubico root in every process (golden fingerprint)', async () => {
    // Recorded once; a change here means every published default test root changed.
    const [pem] = await attestationRootsPem('yubico');
    const der = new x509.X509Certificate(pem ?? '').rawData;
    expect(sha256(new Uint8Array(der))).toBe(GOLDEN_DEFAULT_YUBICO_ROOT_SHA256);
  });
});

describe('issueLeaf', () => {
  it('issues a CA:false leaf signed by the intermediate with the requested extensions', async () => {
    const ca = await vendorCa('yubico', 'leaf-test');
    const key = createKeyPair(-7, 'leaf-test', 'leaf');
    const aaguid = new Uint8Array(16).map((_, i) => i + 1);
    const der = await issueLeaf(
      ca,
      {
        subject: 'C=SE, O=vfido test: Yubico AB, OU=Authenticator Attestation, CN=vfido TEST leaf',
        publicKey: key.publicKey,
        extensions: [aaguidExtension(aaguid)],
        extendedKeyUsage: ['2.23.133.8.3'],
      },
      'leaf-test',
    );
    const leaf = new x509.X509Certificate(der);
    expect(leaf.subject).toBe('C=SE, O=vfido test: Yubico AB, OU=Authenticator Attestation, CN=vfido TEST leaf');
    expect(leaf.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual(['2.23.133.8.3']);
    const ext = leaf.getExtension(FIDO_AAGUID_OID);
    expect(ext?.critical).toBe(false);
    expect(Buffer.from(ext?.value ?? new ArrayBuffer(0)).toString('hex')).toBe('0410' + Buffer.from(aaguid).toString('hex'));
    const nodeLeaf = new NodeX509(der);
    expect(nodeLeaf.verify(ca.intermediate.keyPair.publicKey)).toBe(true);
    expect(nodeLeaf.publicKey.equals(key.publicKey)).toBe(true);
    // Chain builds up to the root with @peculiar/x509.
    const chain = await new x509.X509ChainBuilder({
      certificates: [new x509.X509Certificate(ca.intermediate.der), new x509.X509Certificate(ca.root.der)],
    }).build(leaf);
    expect(chain.map((c) => c.subject)).toEqual([
      leaf.subject,
      new x509.X509Certificate(ca.intermediate.der).subject,
      new x509.X509Certificate(ca.root.der).subject,
    ]);
    // Deterministic: same inputs give the same DER; a different key gives a different serial.
    const again = await issueLeaf(ca, { subject: leaf.subject, publicKey: key.publicKey, extensions: [aaguidExtension(aaguid)], extendedKeyUsage: ['2.23.133.8.3'] }, 'leaf-test');
    expect(Buffer.from(again).equals(Buffer.from(der))).toBe(true);
    const otherKey = createKeyPair(-7, 'leaf-test', 'leaf-2');
    const other = new x509.X509Certificate(await issueLeaf(ca, { subject: leaf.subject, publicKey: otherKey.publicKey }, 'leaf-test'));
    expect(other.serialNumber).not.toBe(leaf.serialNumber);
  });

  it('supports an empty subject and RSA subject keys (TPM AIK shape)', async () => {
    const ca = await vendorCa('microsoft', 'tpm-shape');
    const rsa = createKeyPair(-257, 'tpm-shape', 'aik');
    const der = await issueLeaf(ca, { subject: '', publicKey: rsa.publicKey, extendedKeyUsage: ['2.23.133.8.3'] });
    const leaf = new x509.X509Certificate(der);
    expect(leaf.subject).toBe('');
    expect(new NodeX509(der).verify(ca.intermediate.keyPair.publicKey)).toBe(true);
  });

  it('rejects an AAGUID that is not 16 bytes with a typed error', () => {
    expect(() => aaguidExtension(new Uint8Array(15))).toThrow(expect.objectContaining({ code: 'ERR_CA_INPUT' }));
  });
});

const GOLDEN_DEFAULT_YUBICO_ROOT_SHA256 = 'f092e88de5cf0512bd54c8cef75871e285b873f6f741887aadd8b3c14ef37f68';
