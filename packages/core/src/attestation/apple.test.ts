import 'reflect-metadata';
import { createHash, X509Certificate as NodeX509 } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';
import { decode } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import { createKeyPair, type KeyPair } from '../crypto/keyPair.js';
import type { Preset } from '../presets/types.js';
import { attestationRootsPem } from '../ca/testCa.js';
import { APPLE_NONCE_OID, buildApple, FORMAT } from './apple.js';
import type { AttestationRequest } from './types.js';
import { REAL_DEVICE_DIR } from '../../../../test/vectors/realDevices.js';
import { publicJwkOf } from '../crypto/publicJwk.js';

const PRESET = { id: 'apple-test', name: 'Apple test', aaguid: '00000000-0000-0000-0000-000000000000', vendor: 'apple', attestation: { format: 'apple', type: 'anonca' } } as unknown as Preset;
const sha256 = (...parts: Uint8Array[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();

function request(key: KeyPair, seed = 'apple-test'): AttestationRequest {
  const credentialId = new Uint8Array(20).fill(9);
  const credentialPublicKey = new Uint8Array([0xa1, 0x01, 0x02]);
  const aaguid = new Uint8Array(16);
  const authData = Buffer.concat([sha256(Buffer.from('example.com')), Buffer.from([0x45, 0, 0, 0, 0]), aaguid, Buffer.from([0, 20]), credentialId, credentialPublicKey]);
  return { preset: PRESET, authData, clientDataHash: sha256(Buffer.from('cd')), credentialKey: key, credentialPublicKey, credentialId, aaguid, seed };
}

describe('apple anonymous attestation', () => {
  it('certifies the credential key with the nonce extension, chained to the apple test root', async () => {
    const key = createKeyPair(-7, undefined, 'cred');
    const r = request(key);
    const st = await buildApple(r);
    expect(st.fmt).toBe(FORMAT);
    expect([...st.attStmt.keys()]).toEqual(['x5c']);
    const x5c = st.attStmt.get('x5c') as Uint8Array[];
    expect(x5c).toHaveLength(2);
    const leaf = new NodeX509(x5c[0] as Uint8Array);
    // 8.8 verification step 4: the credential public key equals the certificate's subject key.
    expect(leaf.publicKey.equals(key.publicKey)).toBe(true);
    // Step 2-3: nonce = SHA-256(authData || clientDataHash) in SEQUENCE { [1] EXPLICIT OCTET STRING }.
    const cert = new x509.X509Certificate(x5c[0] as Uint8Array);
    const ext = cert.getExtension(APPLE_NONCE_OID);
    const nonce = sha256(r.authData, r.clientDataHash);
    expect(Buffer.from(ext?.value ?? new ArrayBuffer(0)).toString('hex')).toBe('3024a1220420' + nonce.toString('hex'));
    // Subject CN is the hex SHA-256 of the uncompressed point, as in the real sample.
    const jwk = publicJwkOf(key.publicKey);
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]);
    expect(cert.subjectName.getField('CN')).toEqual([sha256(point).toString('hex')]);
    expect(cert.subjectName.getField('OU')).toEqual(['AAA Certification']);
    expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);

    const [rootPem] = await attestationRootsPem('apple', 'apple-test');
    const root = new NodeX509(rootPem ?? '');
    const inter = new NodeX509(x5c[1] as Uint8Array);
    expect(leaf.verify(inter.publicKey) && inter.verify(root.publicKey)).toBe(true);
    expect(root.subject).toContain('NOT A REAL APPLE CA');
  });

  it('matches the extension layout of a real Apple attestation (fixtures/apple.json)', () => {
    const fixture = JSON.parse(readFileSync(`${REAL_DEVICE_DIR}apple.json`, 'utf8')) as {
      fixtures: { attestationObject: string; clientDataJSON: string }[];
    };
    const fx = fixture.fixtures[0];
    if (fx === undefined) throw new Error('fixture missing');
    const ao = decode(Buffer.from(fx.attestationObject, 'base64url')) as { authData: Uint8Array; attStmt: { x5c: Uint8Array[] } };
    const real = new x509.X509Certificate(ao.attStmt.x5c[0] as Uint8Array).getExtension(APPLE_NONCE_OID);
    const nonce = sha256(ao.authData, sha256(Buffer.from(fx.clientDataJSON, 'base64url')));
    expect(Buffer.from(real?.value ?? new ArrayBuffer(0)).toString('hex')).toBe('3024a1220420' + nonce.toString('hex'));
  });

  it('issues a different certificate per credential and the same one for the same inputs', async () => {
    const key = createKeyPair(-7, 'apple-det', 'k1');
    const a = await buildApple(request(key));
    const b = await buildApple(request(key));
    const c = await buildApple(request(createKeyPair(-7, 'apple-det', 'k2')));
    const leaf = (s: typeof a): string => Buffer.from((s.attStmt.get('x5c') as Uint8Array[])[0] as Uint8Array).toString('hex');
    expect(leaf(a)).toBe(leaf(b));
    expect(leaf(a)).not.toBe(leaf(c));
  });
});
