import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash, verify } from 'node:crypto';
import { Encoder } from 'cbor-x';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AttestationApplicationId, AuthorizationList, KeyDescription } from '@peculiar/asn1-android';
import { SettingsService } from '@simplewebauthn/server';
import { createKeyPair, spkiOf, type KeyPair } from '../crypto/keyPair.js';
import { CtapError } from '../ctap2/status.js';
import { vendorCa } from '../ca/testCa.js';
import type { Preset } from '../presets/types.js';
import type { AttestationRequest } from './types.js';
import { buildAndroidKey, FORMAT } from './androidKey.js';
import { getPreset } from '../presets/index.js';
import { verifyStatementWithSwa } from '../../test-utils/swaAttestation.js';
import { publicJwkOf } from '../crypto/publicJwk.js';

/**
 * Real Pixel 8a attestation leaf (x5c[0]) and its clientDataJSON. Data only, from
 * github.com/MasterKale/SimpleWebAuthn (commit 803d1da)
 * packages/server/src/registration/verifications/verifyAttestationAndroidKey.test.ts ::
 * "should verify Android Keystore response from a Pixel 8a in January 2025".
 */
const PIXEL_8A_CLIENT_DATA_JSON = 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoidDRMV0kwaVlKU1RXUGw5V1hVZE5oZEhBbnJQRExGOWVXQVA5bEhnbUhQOCIsIm9yaWdpbiI6Imh0dHA6Ly9sb2NhbGhvc3Q6ODAwMCIsImNyb3NzT3JpZ2luIjpmYWxzZX0';
const PIXEL_8A_LEAF =
    'MIICzDCCAnKgAwIBAgIBATAKBggqhkjOPQQDAjA5MSkwJwYDVQQDEyBkNjAyYTAzYTY3MmQ4NjViYTVhNDg1ZTMzYTIwN2M3MzEM' +
    'MAoGA1UEChMDVEVFMB4XDTcwMDEwMTAwMDAwMFoXDTQ4MDEwMTAwMDAwMFowHzEdMBsGA1UEAxMUQW5kcm9pZCBLZXlzdG9yZSBL' +
    'ZXkwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATXVi3+n+rBsrP3A4Pj9P8e6PNh3eNdC38PaFiCZyMWdUVA6PbE6985PSUDDcnk' +
    '3Knnpyc66J/HFOu/geuqiWtAo4IBgzCCAX8wDgYDVR0PAQH/BAQDAgeAMIIBawYKKwYBBAHWeQIBEQSCAVswggFXAgIBLAoBAQIC' +
    'ASwKAQEEIFZS4txFVJqW+Wr6IlUC+H+twIpgvAITksC+jFBi/V9eBAAwd7+FPQgCBgGUcHc4or+FRWcEZTBjMT0wGwQWY29tLmdv' +
    'b2dsZS5hbmRyb2lkLmdzZgIBIzAeBBZjb20uZ29vZ2xlLmFuZHJvaWQuZ21zAgQO6jzjMSIEIPD9bFtBDyXLJcO1M0bIly+uMPju' +
    'dBHfkQSArWstYNuDMIGpoQUxAwIBAqIDAgEDowQCAgEApQUxAwIBBKoDAgEBv4N4AwIBA7+DeQMCAQq/hT4DAgEAv4VATDBKBCCd' +
    '4l+wK7VTDUQUnRSEN8guJn5VcyJTCqbwOwrC6Skx2gEB/woBAAQg6y0px0ZXc5v2bsVb45w+6IiMbXzp3gyHIWKS1mbz6gu/hUEF' +
    'AgMCSfC/hUIFAgMDFwW/hU4GAgQBNP35v4VPBgIEATT9+TAKBggqhkjOPQQDAgNIADBFAiEAzNz6wyTo4t5ixo9G4zXPwh4zSB9F' +
    '854sU/KDGTf0dxYCICaQVSWzWgTZLQYv13MXJJee8S8/luQB3W5lPPzP0exs';

const SEED = 'android-key-test';
const RP_ID = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = Buffer.from('vfido android challenge').toString('base64url');
const KEY_DESCRIPTION_OID = '1.3.6.1.4.1.11129.2.1.17';

/** The shipped preset, so the builder is tested with the data users get. */
const PRESET: Preset = getPreset('android-key');

/** Plain CBOR as WebAuthn expects (see platform-notes: cbor-x defaults are not). */
const ENCODER_OPTIONS = { useRecords: false, mapsAsObjects: false, useTag259ForMaps: false, variableMapSize: true, tagUint8Array: false };
const encoder = new Encoder(ENCODER_OPTIONS);
const sha256 = (data: Uint8Array | string): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());
const hex = (b: Uint8Array | ArrayBuffer): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

/** COSE_Key of the credential (RFC 9053 7.1 / RFC 8230 4). */
function coseKey(key: KeyPair): Uint8Array {
  const jwk = publicJwkOf(key.publicKey);
  const bytes = (v: string | undefined): Buffer => Buffer.from(v ?? '', 'base64url');
  const map =
    key.alg === -257
      ? new Map<number, unknown>([[1, 3], [3, -257], [-1, bytes(jwk.n)], [-2, bytes(jwk.e)]])
      : new Map<number, unknown>([[1, 2], [3, key.alg], [-1, key.alg === -7 ? 1 : 2], [-2, bytes(jwk.x)], [-3, bytes(jwk.y)]]);
  return new Uint8Array(encoder.encode(map));
}

function registration(credentialKey: KeyPair): { request: AttestationRequest; clientDataJSON: Uint8Array } {
  const aaguid = Uint8Array.from(Buffer.from(PRESET.aaguid.replace(/-/g, ''), 'hex'));
  const credentialId = sha256(`android credential ${credentialKey.alg}`);
  const credentialPublicKey = coseKey(credentialKey);
  const authData = Buffer.concat([sha256(RP_ID), Buffer.from([0x45, 0, 0, 0, 0]), aaguid, Buffer.from([0, 32]), credentialId, credentialPublicKey]);
  const clientDataJSON = new TextEncoder().encode(JSON.stringify({ type: 'webauthn.create', challenge: CHALLENGE, origin: ORIGIN, crossOrigin: false }));
  const request: AttestationRequest = {
    preset: PRESET,
    authData: new Uint8Array(authData),
    clientDataHash: sha256(clientDataJSON),
    credentialKey,
    credentialPublicKey,
    credentialId,
    aaguid,
    seed: SEED,
  };
  return { request, clientDataJSON };
}

/** The KeyDescription of an attestation leaf, read with @peculiar/asn1-android (test-side parser). */
function keyDescriptionOf(leaf: Uint8Array): KeyDescription {
  const ext = new x509.X509Certificate(leaf).getExtension(KEY_DESCRIPTION_OID);
  if (!ext) throw new Error('no key description extension');
  return AsnConvert.parse(ext.value, KeyDescription);
}

/** Which AuthorizationList tags are present (by field name), sorted. */
const present = (list: AuthorizationList): string[] =>
  Object.entries(list).filter(([, v]) => v !== undefined).map(([k]) => k).sort();

const ecKey = createKeyPair(-7, SEED, 'credential/ec');

describe('buildAndroidKey (WebAuthn L3 8.4)', () => {
  let request: AttestationRequest;
  let clientDataJSON: Uint8Array;
  let attStmt: Map<string | number, unknown>;
  let x5c: Uint8Array[];
  beforeAll(async () => {
    ({ request, clientDataJSON } = registration(ecKey));
    const statement = await buildAndroidKey(request);
    expect(statement.fmt).toBe(FORMAT);
    attStmt = statement.attStmt;
    x5c = attStmt.get('x5c') as Uint8Array[];
  });

  it('returns { alg, sig, x5c } with alg = the credential alg and sig over authData || clientDataHash', () => {
    expect(FORMAT).toBe('android-key');
    expect([...attStmt.keys()]).toEqual(['alg', 'sig', 'x5c']);
    expect(attStmt.get('alg')).toBe(-7);
    const data = Buffer.concat([request.authData, request.clientDataHash]);
    expect(verify('sha256', data, ecKey.publicKey, attStmt.get('sig') as Uint8Array)).toBe(true);
  });

  it('certifies the credential key itself in a CN=Android Keystore Key leaf', () => {
    const leaf = new x509.X509Certificate(x5c[0]!);
    expect(leaf.subject).toBe('CN=Android Keystore Key');
    expect(hex(leaf.publicKey.rawData)).toBe(hex(spkiOf(ecKey)));
    expect(leaf.serialNumber).toBe('01');
    expect(leaf.notBefore.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(leaf.notAfter.toISOString()).toBe('2048-01-01T00:00:00.000Z');
    expect(leaf.getExtension(KEY_DESCRIPTION_OID)?.critical).toBe(false);
  });

  it('chains leaf -> intermediate -> root of the vendor test CA (x5c carries all three)', async () => {
    const ca = await vendorCa(PRESET.vendor, SEED);
    expect(x5c.map(hex)).toEqual([hex(x5c[0]!), hex(ca.intermediate.der), hex(ca.root.der)]);
    const [leaf, inter, root] = x5c.map((der) => new x509.X509Certificate(der));
    expect(await leaf!.verify({ publicKey: inter!, signatureOnly: true })).toBe(true);
    expect(await inter!.verify({ publicKey: root!, signatureOnly: true })).toBe(true);
    expect(root!.subject).toMatch(/vfido TEST/);
  });

  it('has a KeyDescription that passes the WebAuthn 8.4.1 checks', () => {
    const kd = keyDescriptionOf(x5c[0]!);
    expect(hex(kd.attestationChallenge.buffer)).toBe(hex(request.clientDataHash));
    expect(kd.softwareEnforced.allApplications).toBeUndefined();
    expect(kd.teeEnforced.allApplications).toBeUndefined();
    expect(kd.teeEnforced.origin).toBe(0); // KM_ORIGIN_GENERATED
    expect([...kd.teeEnforced.purpose!]).toContain(2); // KM_PURPOSE_SIGN
    expect(kd.attestationSecurityLevel).toBe(1); // TrustedEnvironment
    expect(kd.keymasterSecurityLevel).toBe(1);
    expect(kd.uniqueId.byteLength).toBe(0);
    expect(Math.abs(Number(kd.softwareEnforced.creationDateTime) - Date.now())).toBeLessThan(60_000);
  });

  it('describes RSA and P-384 keys with their own algorithm, size and digest', async () => {
    for (const [alg, algorithm, keySize, digest, hash] of [[-257, 1, 2048, 4, 'sha256'], [-35, 3, 384, 5, 'sha384']] as const) {
      const key = createKeyPair(alg, SEED, `credential/${alg}`);
      const { request: req } = registration(key);
      const { attStmt: st } = await buildAndroidKey(req);
      const tee = keyDescriptionOf((st.get('x5c') as Uint8Array[])[0]!).teeEnforced;
      expect([tee.algorithm, tee.keySize, [...tee.digest!]]).toEqual([algorithm, keySize, [digest]]);
      expect(st.get('alg')).toBe(alg);
      expect(verify(hash, Buffer.concat([req.authData, req.clientDataHash]), key.publicKey, st.get('sig') as Uint8Array)).toBe(true);
    }
  });

  it('rejects credential algorithms KeyMint attestation is not emulated for', async () => {
    const { request: req } = registration(createKeyPair(-8, SEED, 'credential/ed'));
    await expect(buildAndroidKey(req)).rejects.toBeInstanceOf(CtapError);
    await expect(buildAndroidKey(req)).rejects.toMatchObject({ code: 'CTAP2_ERR_UNSUPPORTED_ALGORITHM' });
  });

  describe('against the real Pixel 8a sample, read by the same parser', () => {
    const real = keyDescriptionOf(Uint8Array.from(Buffer.from(PIXEL_8A_LEAF, 'base64')));

    it('the parser reads the real sample (its challenge is its clientDataHash)', () => {
      expect(hex(real.attestationChallenge.buffer)).toBe(hex(sha256(Buffer.from(PIXEL_8A_CLIENT_DATA_JSON, 'base64url'))));
      expect(real.attestationVersion).toBe(300);
    });

    it('same versions, security levels and set of tags in both authorization lists', () => {
      const ours = keyDescriptionOf(x5c[0]!);
      const head = (kd: KeyDescription): unknown[] => [kd.attestationVersion, kd.attestationSecurityLevel, kd.keymasterVersion, kd.keymasterSecurityLevel, kd.uniqueId.byteLength];
      expect(head(ours)).toEqual(head(real));
      expect(present(ours.softwareEnforced)).toEqual(present(real.softwareEnforced));
      expect(present(ours.teeEnforced)).toEqual(present(real.teeEnforced));
    });

    it('same TEE-enforced key characteristics for an ES256 key', () => {
      const ours = keyDescriptionOf(x5c[0]!).teeEnforced;
      const pick = (l: AuthorizationList): unknown[] => [
        [...l.purpose!], l.algorithm, l.keySize, [...l.digest!], l.ecCurve, l.userAuthType, l.authTimeout, l.origin,
        Number(l.osVersion), Number(l.osPatchLevel), Number(l.vendorPatchLevel), Number(l.bootPatchLevel),
        l.rootOfTrust!.deviceLocked, l.rootOfTrust!.verifiedBootState,
        l.rootOfTrust!.verifiedBootKey.byteLength, l.rootOfTrust!.verifiedBootHash!.byteLength,
      ];
      expect(pick(ours)).toEqual(pick(real.teeEnforced));
    });

    it('same attestationApplicationId (Google Play services)', () => {
      const appId = (kd: KeyDescription): AttestationApplicationId =>
        AsnConvert.parse(kd.softwareEnforced.attestationApplicationId!.buffer, AttestationApplicationId);
      // asn1-schema hands OCTET STRINGs inside SET OF / SEQUENCE back as plain ArrayBuffers
      const raw = (v: unknown): Uint8Array => new Uint8Array(v instanceof ArrayBuffer ? v : (v as { buffer: ArrayBuffer }).buffer);
      const norm = (a: AttestationApplicationId): unknown => ({
        packages: a.packageInfos.map((p) => [Buffer.from(raw(p.packageName)).toString(), Number(p.version)]),
        digests: a.signatureDigests.map((d) => hex(raw(d))),
      });
      const ours = keyDescriptionOf(x5c[0]!);
      expect(norm(appId(ours))).toEqual(norm(appId(real)));
      expect(hex(ours.softwareEnforced.attestationApplicationId!.buffer)).toBe(hex(real.softwareEnforced.attestationApplicationId!.buffer));
    });
  });

  it('interop: @simplewebauthn/server verifies it against the vendor test root', async () => {
    const ca = await vendorCa(PRESET.vendor, SEED);
    SettingsService.setRootCertificates({ identifier: 'android-key', certificates: [new Uint8Array(ca.root.der)] });
    const result = await verifyStatementWithSwa({
      statement: { fmt: FORMAT, attStmt },
      authData: request.authData,
      credentialId: request.credentialId,
      clientDataJSON,
      expectedChallenge: CHALLENGE,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
    });
    expect(result.verified).toBe(true);
    expect(result.registrationInfo?.fmt).toBe('android-key');
  });
});
