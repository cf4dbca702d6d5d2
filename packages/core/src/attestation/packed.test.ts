import 'reflect-metadata';
import { createHash, verify, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it, vi } from 'vitest';
import { createKeyPair, type KeyPair } from '../crypto/keyPair.js';
import type { Preset } from '../presets/types.js';
import { attestationRootsPem, FIDO_AAGUID_OID } from '../ca/testCa.js';
import { buildPacked, FORMAT } from './packed.js';
import type { AttestationRequest } from './types.js';

const AAGUID = 'ee882879-721c-4913-9775-3dfcce97072a';
const aaguidBytes = (u: string): Uint8Array => new Uint8Array(Buffer.from(u.replace(/-/g, ''), 'hex'));

function preset(type: Preset['attestation']['type'], id = 'yubikey-5-test'): Preset {
  return { id, name: 'YubiKey 5 Series, test', aaguid: AAGUID, vendor: 'yubico', attestation: { format: 'packed', type } } as unknown as Preset;
}

/** authData: rpIdHash | flags AT+UP | signCount | aaguid | L | credentialId | (placeholder COSE key). */
function request(p: Preset, key: KeyPair, seed: string | undefined = 'packed-test'): AttestationRequest {
  const credentialId = new Uint8Array(32).fill(7);
  const credentialPublicKey = new Uint8Array([0xa1, 0x01, 0x02]);
  const aaguid = aaguidBytes(p.aaguid);
  const authData = Buffer.concat([
    createHash('sha256').update('example.com').digest(),
    Buffer.from([0x41, 0, 0, 0, 1]),
    aaguid,
    Buffer.from([0, credentialId.length]),
    credentialId,
    credentialPublicKey,
  ]);
  const clientDataHash = createHash('sha256').update('{"type":"webauthn.create"}').digest();
  return { preset: p, authData, clientDataHash, credentialKey: key, credentialPublicKey, credentialId, aaguid, seed };
}

const signed = (r: AttestationRequest): Buffer => Buffer.concat([r.authData, r.clientDataHash]);

describe('packed self attestation', () => {
  it('signs authData||clientDataHash with the credential key and reports its alg (ES256)', async () => {
    const key = createKeyPair(-7, undefined, 'cred');
    const r = request(preset('self'), key);
    const st = await buildPacked(r);
    expect(st.fmt).toBe(FORMAT);
    expect([...st.attStmt.keys()].sort()).toEqual(['alg', 'sig']);
    expect(st.attStmt.get('alg')).toBe(-7);
    expect(verify('sha256', signed(r), key.publicKey, st.attStmt.get('sig') as Uint8Array)).toBe(true);
  });

  it('works for EdDSA and RS256 credentials', async () => {
    for (const [alg, hash] of [[-8, null], [-257, 'sha256']] as const) {
      const key = createKeyPair(alg, 'self-algs', `cred${alg}`);
      const r = request(preset('self'), key);
      const st = await buildPacked(r);
      expect(st.attStmt.get('alg')).toBe(alg);
      expect(verify(hash, signed(r), key.publicKey, st.attStmt.get('sig') as Uint8Array)).toBe(true);
    }
  });
});

describe('packed basic attestation (x5c)', () => {
  it('signs with a batch key certified per WebAuthn L3 8.2.1 and chains to the vendor test root', async () => {
    const r = request(preset('basic'), createKeyPair(-7, undefined, 'cred'));
    const st = await buildPacked(r);
    expect([...st.attStmt.keys()].sort()).toEqual(['alg', 'sig', 'x5c']);
    expect(st.attStmt.get('alg')).toBe(-7);
    const x5c = st.attStmt.get('x5c') as Uint8Array[];
    expect(x5c).toHaveLength(2);
    const leaf = new NodeX509(x5c[0] as Uint8Array);
    expect(verify('sha256', signed(r), leaf.publicKey, st.attStmt.get('sig') as Uint8Array)).toBe(true);

    const cert = new x509.X509Certificate(x5c[0] as Uint8Array);
    expect(cert.subjectName.getField('C')).toEqual(['SE']);
    expect(cert.subjectName.getField('O')[0]).toMatch(/^vfido test: Yubico AB$/);
    expect(cert.subjectName.getField('OU')).toEqual(['Authenticator Attestation']);
    expect(cert.subjectName.getField('CN')[0]).toContain('YubiKey 5 Series, test');
    expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    // version v3: tbsCertificate opens with [0] EXPLICIT INTEGER 2
    expect(Buffer.from(x5c[0] as Uint8Array).subarray(8, 13).toString('hex')).toBe('a003020102');
    const ext = cert.getExtension(FIDO_AAGUID_OID);
    expect(ext?.critical).toBe(false);
    expect(Buffer.from(ext?.value ?? new ArrayBuffer(0))).toEqual(Buffer.concat([Buffer.from([0x04, 0x10]), aaguidBytes(AAGUID)]));

    const [rootPem] = await attestationRootsPem('yubico', 'packed-test');
    const root = new x509.X509Certificate(rootPem ?? '');
    const chain = await new x509.X509ChainBuilder({ certificates: [new x509.X509Certificate(x5c[1] as Uint8Array), root] }).build(cert);
    expect(chain).toHaveLength(3);
    expect(Buffer.from(chain[2]?.rawData ?? new ArrayBuffer(0)).equals(Buffer.from(root.rawData))).toBe(true);
    const nodeRoot = new NodeX509(rootPem ?? '');
    const nodeInter = new NodeX509(x5c[1] as Uint8Array);
    expect(leaf.verify(nodeInter.publicKey) && nodeInter.verify(nodeRoot.publicKey)).toBe(true);
    const now = new Date('2026-11-15T00:00:00Z');
    for (const c of [leaf, nodeInter, nodeRoot]) expect(new Date(c.validFrom) <= now && now <= new Date(c.validTo)).toBe(true);
  });

  it('shares one batch certificate across credentials, per preset and seed', async () => {
    const a = await buildPacked(request(preset('basic'), createKeyPair(-7, undefined, 'a')));
    const b = await buildPacked(request(preset('attca'), createKeyPair(-7, undefined, 'b')));
    const leafA = (a.attStmt.get('x5c') as Uint8Array[])[0];
    expect((b.attStmt.get('x5c') as Uint8Array[])[0]).toBe(leafA);
    const other = await buildPacked(request(preset('basic', 'other-model'), createKeyPair(-7, undefined, 'c')));
    expect(Buffer.from((other.attStmt.get('x5c') as Uint8Array[])[0] as Uint8Array).equals(Buffer.from(leafA as Uint8Array))).toBe(false);
    const otherSeed = await buildPacked(request(preset('basic'), createKeyPair(-7, undefined, 'd'), 'another-seed'));
    expect(Buffer.from((otherSeed.attStmt.get('x5c') as Uint8Array[])[0] as Uint8Array).equals(Buffer.from(leafA as Uint8Array))).toBe(false);
  });

  it('gives byte-identical certificates for the same seed in a fresh module instance', async () => {
    const key = createKeyPair(-7, undefined, 'e');
    const first = await buildPacked(request(preset('basic'), key, 'fresh-seed'));
    vi.resetModules();
    const fresh = await import('./packed.js');
    const second = await fresh.buildPacked(request(preset('basic'), key, 'fresh-seed'));
    const x1 = first.attStmt.get('x5c') as Uint8Array[];
    const x2 = second.attStmt.get('x5c') as Uint8Array[];
    expect(x2[0]).not.toBe(x1[0]);
    expect(x1.map((c) => Buffer.from(c).toString('hex'))).toEqual(x2.map((c) => Buffer.from(c).toString('hex')));
  });

  it('puts the authData AAGUID in the certificate even when it differs from the preset (e.g. hybrid)', async () => {
    const r = { ...request(preset('basic'), createKeyPair(-7, undefined, 'f')), aaguid: new Uint8Array(16).fill(0xab) };
    const st = await buildPacked(r);
    const cert = new x509.X509Certificate((st.attStmt.get('x5c') as Uint8Array[])[0] as Uint8Array);
    expect(Buffer.from(cert.getExtension(FIDO_AAGUID_OID)?.value ?? new ArrayBuffer(0)).subarray(2)).toEqual(Buffer.alloc(16, 0xab));
  });

  it('rejects attestation type none and malformed input with typed errors', async () => {
    const key = createKeyPair(-7, undefined, 'g');
    await expect(buildPacked(request(preset('none'), key))).rejects.toMatchObject({ code: 'ERR_ATTESTATION_UNSUPPORTED' });
    await expect(buildPacked({ ...request(preset('basic'), key), authData: new Uint8Array(36) })).rejects.toMatchObject({ code: 'ERR_ATTESTATION_MALFORMED' });
    await expect(buildPacked({ ...request(preset('basic'), key), clientDataHash: new Uint8Array(31) })).rejects.toMatchObject({ code: 'ERR_ATTESTATION_MALFORMED' });
  });
});
