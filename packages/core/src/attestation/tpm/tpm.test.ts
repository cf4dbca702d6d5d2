import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { Encoder } from 'cbor-x';
import * as x509 from '@peculiar/x509';
import { SettingsService } from '@simplewebauthn/server';
import { createKeyPair, type KeyPair } from '../../crypto/keyPair.js';
import { CtapError } from '../../ctap2/status.js';
import { vendorCa } from '../../ca/testCa.js';
import type { Preset } from '../../presets/types.js';
import type { AttestationRequest } from '../types.js';
import { buildTpm, FORMAT } from './tpm.js';
import { getPreset } from '../../presets/index.js';
import { verifyStatementWithSwa } from '../../../test-utils/swaAttestation.js';
import { publicJwkOf } from '../../crypto/publicJwk.js';

const SEED = 'tpm-builder-test';
const RP_ID = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = Buffer.from('vfido tpm challenge').toString('base64url');

/** The shipped preset, so the builder is tested with the data users get. */
const PRESET: Preset = getPreset('windows-hello-hardware');

/** Plain CBOR as WebAuthn expects (see platform-notes: cbor-x defaults are not). */
const ENCODER_OPTIONS = { useRecords: false, mapsAsObjects: false, useTag259ForMaps: false, variableMapSize: true, tagUint8Array: false };
const encoder = new Encoder(ENCODER_OPTIONS);
const sha256 = (data: Uint8Array | string): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** COSE_Key of an RS256 or ES256 credential (RFC 9053 7.1 / RFC 8230 4), canonical key order. */
function coseKey(key: KeyPair): Uint8Array {
  const jwk = publicJwkOf(key.publicKey);
  const bytes = (v: string | undefined): Buffer => Buffer.from(v ?? '', 'base64url');
  const map =
    key.alg === -257
      ? new Map<number, unknown>([[1, 3], [3, -257], [-1, bytes(jwk.n)], [-2, bytes(jwk.e)]])
      : new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, bytes(jwk.x)], [-3, bytes(jwk.y)]]);
  return new Uint8Array(encoder.encode(map));
}

interface Registration {
  request: AttestationRequest;
  clientDataJSON: Uint8Array;
}

/** A makeCredential as vfido's authenticator would assemble it (WebAuthn L3 6.5.1 / 6.5.2). */
function registration(credentialKey: KeyPair, preset: Preset = PRESET, seed: string | undefined = SEED): Registration {
  const aaguid = Uint8Array.from(Buffer.from(preset.aaguid.replace(/-/g, ''), 'hex'));
  const credentialId = sha256(`credential ${credentialKey.alg}`);
  const credentialPublicKey = coseKey(credentialKey);
  const authData = Buffer.concat([
    sha256(RP_ID),
    Buffer.from([0x45, 0, 0, 0, 0]), // UP | UV | AT, signCount 0 (as every real sample)
    aaguid,
    Buffer.from([0, credentialId.length]),
    credentialId,
    credentialPublicKey,
  ]);
  const clientDataJSON = new TextEncoder().encode(JSON.stringify({ type: 'webauthn.create', challenge: CHALLENGE, origin: ORIGIN, crossOrigin: false }));
  const request: AttestationRequest = {
    preset,
    authData: new Uint8Array(authData),
    clientDataHash: sha256(clientDataJSON),
    credentialKey,
    credentialPublicKey,
    credentialId,
    aaguid,
    seed,
  };
  return { request, clientDataJSON };
}

const rsaKey = createKeyPair(-257, SEED, 'credential/rsa');
const ecKey = createKeyPair(-7, SEED, 'credential/ec');

describe('buildTpm (WebAuthn L3 8.3)', () => {
  beforeAll(async () => {
    await buildTpm(registration(rsaKey).request); // AIK keygen + certificate, once
  });

  it('returns fmt tpm and attStmt { alg, sig, ver, x5c, pubArea, certInfo } in canonical order', async () => {
    const { fmt, attStmt } = await buildTpm(registration(rsaKey).request);
    expect(fmt).toBe(FORMAT);
    expect(FORMAT).toBe('tpm');
    expect([...attStmt.keys()]).toEqual(['alg', 'sig', 'ver', 'x5c', 'pubArea', 'certInfo']);
    expect(attStmt.get('ver')).toBe('2.0');
    expect(attStmt.get('alg')).toBe(-65535);
  });

  it('puts [AIK certificate, vendor intermediate] in x5c, chaining to the vfido TEST root', async () => {
    const { attStmt } = await buildTpm(registration(rsaKey).request);
    const [leaf, intermediate] = attStmt.get('x5c') as Uint8Array[];
    const ca = await vendorCa('microsoft', SEED);
    expect(hex(intermediate!)).toBe(hex(ca.intermediate.der));
    const root = new x509.X509Certificate(ca.root.der);
    const inter = new x509.X509Certificate(intermediate!);
    const aik = new x509.X509Certificate(leaf!);
    expect(await aik.verify({ publicKey: inter, signatureOnly: true })).toBe(true);
    expect(await inter.verify({ publicKey: root, signatureOnly: true })).toBe(true);
    expect(aik.subject).toBe('');
  });

  it('signs certInfo with SHA-1 for -65535 and SHA-256 for -257, hashing extraData the same way', async () => {
    for (const [statementAlg, hash, size] of [[-65535, 'sha1', 20], [-257, 'sha256', 32], [undefined, 'sha256', 32]] as const) {
      const preset: Preset = { ...PRESET, attestation: { format: 'tpm', type: 'attca', ...(statementAlg ? { statementAlg } : {}) } };
      const { request } = registration(rsaKey, preset);
      const { attStmt } = await buildTpm(request);
      expect(attStmt.get('alg')).toBe(statementAlg ?? -257);
      const certInfo = attStmt.get('certInfo') as Uint8Array;
      // extraData: TPM2B_DATA after magic(4) type(2) qualifiedSigner(2+34)
      expect(Buffer.from(certInfo).readUInt16BE(42)).toBe(size);
      const expected = createHash(hash).update(request.authData).update(request.clientDataHash).digest();
      expect(hex(certInfo.subarray(44, 44 + size))).toBe(expected.toString('hex'));
      const aikKey = createPublicKey({
        key: Buffer.from(new x509.X509Certificate((attStmt.get('x5c') as Uint8Array[])[0]!).publicKey.rawData),
        format: 'der',
        type: 'spki',
      });
      expect(verify(hash, certInfo, aikKey, attStmt.get('sig') as Uint8Array)).toBe(true);
    }
  });

  it('reuses one AIK per (preset, seed) and is reproducible under a seed', async () => {
    const a = await buildTpm(registration(rsaKey).request);
    const b = await buildTpm(registration(rsaKey).request);
    expect(hex(encoder.encode(a.attStmt))).toBe(hex(encoder.encode(b.attStmt)));
    const other = await buildTpm(registration(rsaKey, { ...PRESET, id: 'another-tpm' }).request);
    expect(hex((other.attStmt.get('x5c') as Uint8Array[])[0]!)).not.toBe(hex((a.attStmt.get('x5c') as Uint8Array[])[0]!));
  });

  it('rejects a statement alg other than -65535/-257 and credential keys a TPM cannot hold', async () => {
    const badAlg: Preset = { ...PRESET, attestation: { format: 'tpm', type: 'attca', statementAlg: -7 } };
    await expect(buildTpm(registration(rsaKey, badAlg).request)).rejects.toMatchObject({ code: 'CTAP2_ERR_UNSUPPORTED_ALGORITHM' });
    const ed = createKeyPair(-8, SEED, 'credential/ed');
    const request = { ...registration(rsaKey).request, credentialKey: ed };
    await expect(buildTpm(request)).rejects.toBeInstanceOf(CtapError);
  });

  describe('interop: @simplewebauthn/server verifyRegistrationResponse', () => {
    beforeAll(async () => {
      SettingsService.setRootCertificates({ identifier: 'tpm', certificates: [(await vendorCa('microsoft', SEED)).root.pem] });
    });

    for (const [label, key] of [['RS256 credential', rsaKey], ['ES256 credential', ecKey]] as const) {
      it(`verifies a ${label} with an RS1 statement`, async () => {
        const { request, clientDataJSON } = registration(key);
        const { fmt, attStmt } = await buildTpm(request);
        const result = await verifyStatementWithSwa({
          statement: { fmt, attStmt },
          authData: request.authData,
          credentialId: request.credentialId,
          clientDataJSON,
          expectedChallenge: CHALLENGE,
          expectedOrigin: ORIGIN,
          expectedRPID: RP_ID,
          supportedAlgorithmIDs: [-7, -257],
        });
        expect(result.verified).toBe(true);
        expect(result.registrationInfo?.fmt).toBe('tpm');
        expect(result.registrationInfo?.aaguid).toBe(PRESET.aaguid);
      });
    }
  });
});
