import 'reflect-metadata';
import { createHash, verify, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { createKeyPair, type KeyPair } from '../crypto/keyPair.js';
import type { Preset } from '../presets/types.js';
import { attestationRootsPem, FIDO_AAGUID_OID } from '../ca/testCa.js';
import { buildPacked } from './packed.js';
import { buildFidoU2f, FORMAT } from './fidoU2f.js';
import type { AttestationRequest } from './types.js';
import { publicJwkOf } from '../crypto/publicJwk.js';

const AAGUID = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';
const PRESET = { id: 'yubikey-5-u2f-test', name: 'YubiKey 5', aaguid: AAGUID, vendor: 'yubico', attestation: { format: 'fido-u2f', type: 'basic' } } as unknown as Preset;

/** authData as a U2F-backed registration has it: zero AAGUID (WebAuthn L3 8.6). */
function request(key: KeyPair, seed = 'u2f-test'): AttestationRequest {
  const credentialId = new Uint8Array(64).map((_, i) => i);
  const credentialPublicKey = new Uint8Array([0xa1, 0x01, 0x02]);
  const aaguid = new Uint8Array(16);
  const authData = Buffer.concat([
    createHash('sha256').update('example.com').digest(),
    Buffer.from([0x41, 0, 0, 0, 0]),
    aaguid,
    Buffer.from([0, credentialId.length]),
    credentialId,
    credentialPublicKey,
  ]);
  const clientDataHash = createHash('sha256').update('{"type":"webauthn.create"}').digest();
  return { preset: PRESET, authData, clientDataHash, credentialKey: key, credentialPublicKey, credentialId, aaguid, seed };
}

describe('fido-u2f', () => {
  it('signs the U2F registration data with a P-256 attestation certificate that chains to the root', async () => {
    const key = createKeyPair(-7, undefined, 'cred');
    const r = request(key);
    const st = await buildFidoU2f(r);
    expect(st.fmt).toBe(FORMAT);
    expect([...st.attStmt.keys()].sort()).toEqual(['sig', 'x5c']);
    const x5c = st.attStmt.get('x5c') as Uint8Array[];
    expect(x5c).toHaveLength(1); // 8.6: a single-element array

    // Rebuild verificationData independently (8.6 verification steps 3-5).
    const jwk = publicJwkOf(key.publicKey);
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]);
    const data = Buffer.concat([Buffer.from([0]), r.authData.subarray(0, 32), r.clientDataHash, r.credentialId, point]);
    const cert = new NodeX509(x5c[0] as Uint8Array);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(verify('sha256', data, cert.publicKey, st.attStmt.get('sig') as Uint8Array)).toBe(true);

    const [rootPem] = await attestationRootsPem('yubico', 'u2f-test');
    const root = new NodeX509(rootPem ?? '');
    expect(cert.verify(root.publicKey)).toBe(true);
    expect(cert.checkIssued(root)).toBe(true);
    // Like the real Yubico U2F certificate, it names the model's AAGUID.
    const ext = new x509.X509Certificate(x5c[0] as Uint8Array).getExtension(FIDO_AAGUID_OID);
    expect(Buffer.from(ext?.value ?? new ArrayBuffer(0)).subarray(2).toString('hex')).toBe(AAGUID.replace(/-/g, ''));
  });

  it('uses the same attestation key as packed for the preset', async () => {
    const key = createKeyPair(-7, undefined, 'cred2');
    const u2f = await buildFidoU2f(request(key));
    const packedReq = { ...request(key), preset: { ...PRESET, attestation: { format: 'packed', type: 'basic' } } as Preset };
    const packed = await buildPacked(packedReq);
    const u2fKey = new NodeX509((u2f.attStmt.get('x5c') as Uint8Array[])[0] as Uint8Array).publicKey;
    const packedKey = new NodeX509((packed.attStmt.get('x5c') as Uint8Array[])[0] as Uint8Array).publicKey;
    expect(u2fKey.equals(packedKey)).toBe(true);
  });

  it('rejects non-ES256 credentials with ERR_ATTESTATION_UNSUPPORTED', async () => {
    for (const alg of [-8, -35, -257] as const) {
      await expect(buildFidoU2f(request(createKeyPair(alg, 'u2f-algs', `k${alg}`)))).rejects.toMatchObject({
        name: 'AttestationBuildError',
        code: 'ERR_ATTESTATION_UNSUPPORTED',
      });
    }
  });
});
