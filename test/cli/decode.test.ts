/**
 * `vfido decode` on the real-device samples in test/vectors/real-devices (captured by other
 * projects from real authenticators) and on each input kind and encoding.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { aaguidName, decodeCbor, parseAuthenticatorData } from '@vfido/core';
import { REAL_DEVICE_DIR, loadRealDevice } from '../vectors/realDevices.js';
import { vfido } from './vfido.js';

interface Summary {
  fmt: string;
  aaguid: string;
  signCount: number;
  x5c?: { ext_fido_gen_ce_aaguid?: string | null }[];
}

const files = readdirSync(REAL_DEVICE_DIR).filter((f) => f.endsWith('.json') && f !== 'attestation-roots.json').sort();

describe.concurrent('vfido decode: real-device samples', () => {
  it.each(files)('%s: fmt, AAGUID with its model name, certificates', async (file) => {
    const samples = loadRealDevice(file.replace(/\.json$/, ''));
    const json = await vfido(['decode', join(REAL_DEVICE_DIR, file), '--json']);
    expect(json.code, json.stderr).toBe(0);
    const decoded = JSON.parse(json.stdout) as { kind: string; value: { attestationObject: { fmt: string; attStmt: { x5c?: { extensions: Record<string, string> }[] }; authData: { signCount: number; flags: { byte: string }; attestedCredentialData: { aaguid: string } } } }[] };
    expect(decoded.kind).toBe('sample file');
    expect(decoded.value).toHaveLength(samples.length);
    samples.forEach((sample, i) => {
      const summary = sample.decoded_summary as unknown as Summary;
      const att = decoded.value[i]!.attestationObject;
      expect(att.fmt).toBe(summary.fmt);
      expect(att.authData.signCount).toBe(summary.signCount);
      const name = aaguidName(summary.aaguid);
      expect(att.authData.attestedCredentialData.aaguid).toBe(`${summary.aaguid} (${name ?? (/^[0-]+$/.test(summary.aaguid) ? 'zero: no model disclosed' : 'unknown model')})`);
      const extAaguid = summary.x5c?.[0]?.ext_fido_gen_ce_aaguid;
      if (extAaguid) {
        const ext = att.attStmt.x5c?.[0]?.extensions['id-fido-gen-ce-aaguid (1.3.6.1.4.1.45724.1.1.4)'];
        expect(ext?.slice(0, 36).replace(/-/g, '')).toBe(extAaguid.slice(4));
      }
    });
  });
});

describe.concurrent('vfido decode: input kinds and encodings', () => {
  it('a sample file as text names every model and format', async () => {
    const r = await vfido(['decode', join(REAL_DEVICE_DIR, 'tpm-windows-hello.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^sample file\n/);
    expect(r.stdout.match(/aaguid: 08987058-cadc-4b81-b6e1-30de50dcbe96 \(Windows Hello\)/g)).toHaveLength(2);
    expect(r.stdout).toContain('fmt: tpm');
    expect(r.stdout).toContain('2.23.133.8.3 (tcg-kp-AIKCertificate)');
  });

  const sample = loadRealDevice('packed-yubico')[0]!;
  const attObj = decodeCbor(new Uint8Array(Buffer.from(sample.attestationObject, 'base64url'))) as Map<string, unknown>;
  const authData = attObj.get('authData') as Uint8Array;

  it('attestationObject as inline base64url', async () => {
    const r = await vfido(['decode', sample.attestationObject]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^attestationObject \(base64url\)/);
    expect(r.stdout).toContain('Security Key by Yubico');
    expect(r.stdout).toContain('byte: 0x41 (UP AT)');
  });

  it('authenticatorData as hex on stdin', async () => {
    const r = await vfido(['decode', '-', '--json'], { input: Buffer.from(authData).toString('hex') });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ kind: 'authenticatorData', encoding: 'hex', value: { signCount: 28 } });
    expect(out.value.attestedCredentialData.credentialPublicKey).toMatchObject({ kty: '2 (EC2)', alg: 'ES256 (-7)', crv: '1 (P-256)', valid: true });
  });

  it('clientDataJSON as padded base64', async () => {
    const r = await vfido(['decode', '--json', sample.clientDataJSON]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'clientDataJSON', value: { type: 'webauthn.create', origin: 'https://dev.dontneeda.pw' } });
  });

  it('a COSE key and a PEM certificate', async () => {
    const x5c = ((attObj.get('attStmt') as Map<string, unknown>).get('x5c') as Uint8Array[])[0]!;
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(x5c).toString('base64')}\n-----END CERTIFICATE-----\n`;
    const coseKey = parseAuthenticatorData(authData).attestedCredentialData!.credentialPublicKey;
    const [cert, chain, key] = await Promise.all([
      vfido(['decode', '-'], { input: pem }),
      vfido(['decode', '--json', '-'], { input: JSON.stringify([Buffer.from(x5c).toString('base64')]) }),
      vfido(['decode', '--json', Buffer.from(coseKey).toString('base64url')]),
    ]);
    expect(JSON.parse(key.stdout)).toMatchObject({ kind: 'coseKey', value: { kty: '2 (EC2)', alg: 'ES256 (-7)', valid: true } });
    expect(cert.code, cert.stderr).toBe(0);
    expect(cert.stdout).toContain('subject: C=SE, O=Yubico AB, OU=Authenticator Attestation, CN=Yubico U2F EE Serial 719807075');
    expect(cert.stdout).toContain('issuer: CN=Yubico U2F Root CA Serial 457200631');
    expect(cert.stdout).toContain('id-fido-gen-ce-aaguid (1.3.6.1.4.1.45724.1.1.4): 6d44ba9b-f6ec-2e49-b930-0c8fe920cb73');
    expect(JSON.parse(chain.stdout).kind).toBe('certificate chain (x5c)');
  });
});
