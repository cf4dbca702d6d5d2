import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, createPublicKey, randomBytes, verify as nodeVerify } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import {
  MetadataService, SettingsService, verifyRegistrationResponse, type MetadataStatement as SwaMetadataStatement, type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { mdsBlob, mdsRootPem, MdsError, type MdsBlob, type MetadataBlobPayload, type MetadataStatement } from './index.js';
import { decodeCbor } from '../cbor/decodeCbor.js';
import { ZERO_AAGUID } from '../presets/presetVocabulary.js';
import { attestationRootsPem, DEFAULT_CA_SEED } from '../ca/testCa.js';
import { getPreset, presetIds, PresetError } from '../presets/index.js';
import { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { WebAuthnClient } from '../client/webAuthnClient.js';

const SEED = 'mds-test-seed';

const parts = (jwt: string) => {
  const [h, p, s] = jwt.split('.');
  if (h === undefined || p === undefined || s === undefined) throw new Error('not a compact jws');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg: string; typ: string; x5c: string[] },
    payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as MetadataBlobPayload,
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
};
const base64Of = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
const statementOf = (blob: MdsBlob, aaguid: string): MetadataStatement => {
  const entry = blob.payload.entries.find((e) => e.aaguid === aaguid);
  if (entry?.aaguid === undefined) throw new Error(`no entry for ${aaguid}`);
  return entry.metadataStatement as MetadataStatement;
};
/** The presets a default BLOB describes, in order: every one with an AAGUID, and the U2F-only ones (zero AAGUID, fido-u2f). */
const describedPresets = () => presetIds.map(getPreset).filter((p) => p.aaguid !== ZERO_AAGUID || p.attestation.format === 'fido-u2f');

/** Serve `body` on 127.0.0.1 at an OS-chosen port, like an MDS3 server (GET / returns the JWT). */
async function serve(body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/jwt' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}
const close = (server: Server) => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));

let blob: MdsBlob;
beforeAll(async () => {
  blob = await mdsBlob({ seed: SEED });
});

describe('JWS envelope (MDS 3.0 3.1.7, RFC 7515/7518)', () => {
  it('is a compact JWS with an ES256 header and an x5c of signer + intermediate', () => {
    const { header, payload } = parts(blob.jwt);
    expect(blob.jwt.split('.')).toHaveLength(3);
    expect(header).toEqual({ alg: 'ES256', typ: 'JWT', x5c: blob.signerChainPem.map(base64Of) });
    expect(header.x5c).toHaveLength(2);
    expect(header.x5c).not.toContain(base64Of(blob.rootPem)); // the root is never in x5c
    expect(payload).toEqual(blob.payload);
  });

  it('verifies with node:crypto (ieee-p1363 r||s) against the x5c signing certificate', () => {
    const { header, signingInput, signature } = parts(blob.jwt);
    expect(signature).toHaveLength(64); // raw R || S, not DER
    const leaf = new x509.X509Certificate(Buffer.from(header.x5c[0] ?? '', 'base64'));
    const key = createPublicKey({ key: Buffer.from(leaf.publicKey.rawData), format: 'der', type: 'spki' });
    expect(nodeVerify('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    const tampered = Buffer.from(signature);
    tampered[10] = (tampered[10] ?? 0) ^ 1;
    expect(nodeVerify('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }, tampered)).toBe(false);
  });

  it('chains signer -> intermediate -> rootPem (@peculiar/x509), all vfido TEST, no CRL endpoints', async () => {
    const [signer, intermediate] = blob.signerChainPem.map((pem) => new x509.X509Certificate(pem));
    const root = new x509.X509Certificate(blob.rootPem);
    if (!signer || !intermediate) throw new Error('chain too short');
    expect(await signer.verify({ publicKey: intermediate.publicKey, signatureOnly: true })).toBe(true);
    expect(await intermediate.verify({ publicKey: root.publicKey, signatureOnly: true })).toBe(true);
    expect(await root.isSelfSigned()).toBe(true);
    const chain = await new x509.X509ChainBuilder({ certificates: [intermediate, root] }).build(signer);
    expect(chain.map((c) => c.subject)).toEqual([signer.subject, intermediate.subject, root.subject]);
    for (const cert of [signer, intermediate, root]) {
      expect(cert.subject).toMatch(/vfido/);
      expect(cert.subject).toMatch(/TEST/);
      expect(cert.issuer).not.toMatch(/CN=FIDO/i);
      expect(cert.getExtension(x509.CRLDistributionPointsExtension)).toBeNull();
      expect(cert.notAfter.getTime()).toBeGreaterThan(Date.now());
    }
    expect(signer.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(signer.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(blob.rootPem).toBe(await mdsRootPem(SEED));
  });
});

describe('payload (MDS 3.0 3.1.6) and entries (3.1.1, Metadata Statement 3.0 section 4)', () => {
  it('has legalHeader, no, nextUpdate and one entry per built-in preset with an AAGUID or U2F attestation', () => {
    const { payload } = blob;
    expect(payload.no).toBe(1);
    expect(payload.nextUpdate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(payload.legalHeader).toMatch(/vfido TEST/);
    const described = describedPresets();
    expect(described.some((p) => p.aaguid === ZERO_AAGUID)).toBe(true);
    expect(payload.entries.map((e) => e.metadataStatement.description)).toEqual(described.map((p) => p.name));
    expect(payload.entries.map((e) => e.aaguid)).toEqual(described.map((p) => (p.aaguid === ZERO_AAGUID ? undefined : p.aaguid)));
    // FIDO2 entries carry an aaguid, U2F entries key identifiers: never both, never neither (MDS 3.0 3.1.1).
    for (const e of payload.entries) expect((e.aaguid === undefined) !== (e.attestationCertificateKeyIdentifiers === undefined)).toBe(true);
  });

  it('lists the U2F-only preset by the key identifier of the attestation certificate its authenticator sends', async () => {
    const preset = getPreset('feitian-epass-u2f');
    const entry = blob.payload.entries.find((e) => e.metadataStatement.description === preset.name);
    if (entry?.attestationCertificateKeyIdentifiers === undefined) throw new Error('no u2f entry');
    // A real registration: the x5c certificate of the fido-u2f statement the client returns.
    const origin = 'https://example.com';
    const client = new WebAuthnClient({ authenticator: new VirtualAuthenticator({ preset: preset.id, seed: SEED }), origin });
    const response = await client.create({
      rp: { id: 'example.com', name: 'Example' }, user: { id: randomBytes(16).toString('base64url'), name: 'a', displayName: 'A' },
      challenge: randomBytes(32).toString('base64url'), pubKeyCredParams: [{ type: 'public-key', alg: -7 }], attestation: 'direct',
    });
    const attestation = decodeCbor(Buffer.from(response.response.attestationObject, 'base64url')) as Map<string, unknown>;
    expect(attestation.get('fmt')).toBe('fido-u2f');
    const x5c = (attestation.get('attStmt') as Map<string, unknown>).get('x5c') as Uint8Array[];
    expect(x5c).toHaveLength(1);
    const leaf = new x509.X509Certificate(x5c[0] ?? new Uint8Array());
    const ski = leaf.getExtension(x509.SubjectKeyIdentifierExtension);
    if (!ski) throw new Error('the u2f attestation certificate has no subject key identifier');
    // Metadata Statement 3.0: the identifier is RFC 5280 4.2.1.2 method 1, SHA-1 of the subjectPublicKey bits;
    // for a P-256 SPKI (91 bytes) those are its last 65 bytes, the uncompressed point.
    const spki = Buffer.from(leaf.publicKey.rawData);
    expect(spki).toHaveLength(91);
    const method1 = createHash('sha1').update(spki.subarray(26)).digest('hex');
    expect(ski.keyId.toLowerCase()).toBe(method1);
    expect(entry.attestationCertificateKeyIdentifiers).toEqual([method1]);
    const s = entry.metadataStatement;
    expect(s).toMatchObject({
      attestationCertificateKeyIdentifiers: [method1], protocolFamily: 'u2f', description: preset.name, schema: 3, upv: [{ major: 1, minor: 0 }],
      authenticationAlgorithms: ['secp256r1_ecdsa_sha256_raw'], publicKeyAlgAndEncodings: ['ecc_x962_raw'], attestationTypes: ['basic_full'],
      keyProtection: preset.metadata.keyProtection, attachmentHint: preset.metadata.attachmentHint,
    });
    expect(s).not.toHaveProperty('aaguid');
    expect(s).not.toHaveProperty('authenticatorGetInfo');
    expect(entry).not.toHaveProperty('aaguid');
    expect(s.attestationRootCertificates).toEqual((await attestationRootsPem(preset.vendor, SEED)).map(base64Of));
    const root = new x509.X509Certificate(Buffer.from(s.attestationRootCertificates[0] ?? '', 'base64'));
    expect(await leaf.verify({ publicKey: root.publicKey, signatureOnly: true })).toBe(true);
    expect(entry.statusReports).toEqual([
      { status: 'FIDO_CERTIFIED_L2', effectiveDate: '2024-01-01' },
      { status: 'FIDO_CERTIFIED', effectiveDate: '2024-01-01' },
    ]);
    // Another seed: another batch key, so another identifier.
    const other = await mdsBlob({ seed: 'another-seed', presets: [preset.id] });
    expect(other.payload.entries[0]?.attestationCertificateKeyIdentifiers).toHaveLength(1);
    expect(other.payload.entries[0]?.attestationCertificateKeyIdentifiers).not.toEqual([method1]);
  });

  it('describes yubikey-5-nfc with MDS names and the vfido yubico root for the same seed', async () => {
    const preset = getPreset('yubikey-5-nfc');
    const entry = blob.payload.entries.find((e) => e.aaguid === preset.aaguid);
    expect(entry?.statusReports).toEqual([
      { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2024-01-01' },
      { status: 'FIDO_CERTIFIED', effectiveDate: '2024-01-01' },
    ]);
    expect(entry?.timeOfLastStatusChange).toBe('2024-01-01');
    const s = statementOf(blob, preset.aaguid);
    expect(s).toMatchObject({
      aaguid: 'a25342c0-3cdc-4414-8e46-f4807fca511c',
      description: preset.name,
      protocolFamily: 'fido2',
      schema: 3,
      upv: [{ major: 1, minor: 0 }, { major: 1, minor: 1 }],
      authenticationAlgorithms: ['secp256r1_ecdsa_sha256_raw', 'ed25519_eddsa_sha512_raw', 'secp384r1_ecdsa_sha384_raw'],
      publicKeyAlgAndEncodings: ['cose'],
      attestationTypes: ['basic_full'],
      keyProtection: ['hardware', 'secure_element'],
      matcherProtection: ['on_chip'],
      cryptoStrength: 128,
      tcDisplay: [],
    });
    expect(s.userVerificationDetails).toEqual(preset.metadata.userVerificationMethods.map((m) => [{ userVerificationMethod: m }]));
    const [yubicoRoot] = await attestationRootsPem('yubico', SEED);
    expect(s.attestationRootCertificates).toEqual([base64Of(yubicoRoot ?? '')]);
    expect(s.authenticatorGetInfo.aaguid).toBe('a25342c03cdc44148e46f4807fca511c');
    expect(Object.keys(s.authenticatorGetInfo).slice(0, 3)).toEqual(['versions', 'extensions', 'aaguid']);
    expect(s.authenticatorGetInfo.algorithms).toEqual([-7, -8, -35].map((alg) => ({ type: 'public-key', alg })));
    expect(s.authenticatorGetInfo.options).toEqual(preset.getInfo.options);
  });

  it('maps every attestation type and lists roots only for chained types', async () => {
    const expectName = { basic: 'basic_full', self: 'basic_surrogate', attca: 'attca', anonca: 'anonca', none: 'none' } as const;
    const described = describedPresets();
    for (const [i, entry] of blob.payload.entries.entries()) {
      const preset = described[i];
      if (!preset) throw new Error(`entry ${i} has no preset`);
      const s = entry.metadataStatement;
      expect(s.attestationTypes).toEqual([expectName[preset.attestation.type]]);
      const chained = ['basic', 'attca', 'anonca'].includes(preset.attestation.type);
      expect(s.attestationRootCertificates).toEqual(chained ? (await attestationRootsPem(preset.vendor, SEED)).map(base64Of) : []);
      expect(s.authenticationAlgorithms).toHaveLength(preset.algorithms.length);
    }
    expect(statementOf(blob, getPreset('windows-hello-hardware').aaguid)).toMatchObject({
      attestationTypes: ['attca'], authenticationAlgorithms: ['rsassa_pkcsv15_sha256_raw'], matcherProtection: ['software'], cryptoStrength: 112,
    });
    expect(statementOf(blob, getPreset('icloud-keychain').aaguid).attestationRootCertificates).toEqual([]);
  });

  it('uses only values in @simplewebauthn/server MetadataStatement unions (esm/metadata/mdsTypes.d.ts)', () => {
    // Copied from @simplewebauthn/server 14.0.3 mdsTypes.d.ts (AlgSign, AlgKey, Attestation, ...).
    const ALG_SIGN = ['secp256r1_ecdsa_sha256_raw', 'secp256r1_ecdsa_sha256_der', 'rsassa_pss_sha256_raw', 'rsassa_pss_sha256_der',
      'secp256k1_ecdsa_sha256_raw', 'secp256k1_ecdsa_sha256_der', 'rsassa_pss_sha384_raw', 'rsassa_pkcsv15_sha256_raw',
      'rsassa_pkcsv15_sha384_raw', 'rsassa_pkcsv15_sha512_raw', 'rsassa_pkcsv15_sha1_raw', 'secp384r1_ecdsa_sha384_raw',
      'secp512r1_ecdsa_sha256_raw', 'ed25519_eddsa_sha512_raw'];
    const ALG_KEY = ['ecc_x962_raw', 'ecc_x962_der', 'rsa_2048_raw', 'rsa_2048_der', 'cose'];
    const PROTOCOL_FAMILY = ['uaf', 'u2f', 'fido2'];
    const ATTESTATION = ['basic_full', 'basic_surrogate', 'ecdaa', 'attca', 'anonca', 'none'];
    const KEY_PROTECTION = ['software', 'hardware', 'tee', 'secure_element', 'remote_handle'];
    const MATCHER = ['software', 'tee', 'on_chip'];
    const HINT = ['internal', 'external', 'wired', 'wireless', 'nfc', 'bluetooth', 'network', 'ready', 'wifi_direct'];
    const UV = ['presence_internal', 'fingerprint_internal', 'passcode_internal', 'voiceprint_internal', 'faceprint_internal',
      'location_internal', 'eyeprint_internal', 'pattern_internal', 'handprint_internal', 'passcode_external', 'pattern_external', 'none', 'all'];
    const STATUS = ['NOT_FIDO_CERTIFIED', 'FIDO_CERTIFIED', 'FIDO_CERTIFIED_L1', 'FIDO_CERTIFIED_L1plus', 'FIDO_CERTIFIED_L2',
      'FIDO_CERTIFIED_L2plus', 'FIDO_CERTIFIED_L3', 'FIDO_CERTIFIED_L3plus'];
    const subset = (values: readonly string[], allowed: readonly string[]) => expect(allowed).toEqual(expect.arrayContaining([...values]));
    for (const entry of blob.payload.entries) {
      const s = entry.metadataStatement;
      expect(entry.aaguid).toBe(s.aaguid);
      expect(entry.attestationCertificateKeyIdentifiers).toEqual(s.attestationCertificateKeyIdentifiers);
      subset([s.protocolFamily], PROTOCOL_FAMILY);
      for (const key of ['description', 'legalHeader', 'protocolFamily']) expect(typeof s[key as keyof typeof s]).toBe('string');
      expect(Number.isInteger(s.authenticatorVersion)).toBe(true);
      expect(s.upv.every((v) => Number.isInteger(v.major) && Number.isInteger(v.minor))).toBe(true);
      subset(s.authenticationAlgorithms, ALG_SIGN);
      subset(s.publicKeyAlgAndEncodings, ALG_KEY);
      subset(s.attestationTypes, ATTESTATION);
      subset(s.keyProtection, KEY_PROTECTION);
      subset(s.matcherProtection, MATCHER);
      subset(s.attachmentHint, HINT);
      subset(s.userVerificationDetails.flat().map((d) => d.userVerificationMethod), UV);
      subset(entry.statusReports.map((r) => r.status), STATUS);
      if (entry.aaguid !== undefined) {
        expect(s.protocolFamily).toBe('fido2');
        expect(s.authenticatorGetInfo?.aaguid).toMatch(/^[0-9a-f]{32}$/);
        expect(s.authenticatorGetInfo?.aaguid).toBe(entry.aaguid.replace(/-/g, ''));
      } else {
        // U2F statements (protocolFamily u2f) have no aaguid or getInfo; they name hex key identifiers (lowercase).
        expect(s.protocolFamily).toBe('u2f');
        expect(s.attestationCertificateKeyIdentifiers?.every((k) => /^[0-9a-f]{40}$/.test(k))).toBe(true);
      }
      for (const root of s.attestationRootCertificates) expect(() => new x509.X509Certificate(Buffer.from(root, 'base64'))).not.toThrow();
    }
  });
});

describe('@simplewebauthn/server MetadataService loads the BLOB (strict mode, real verification)', () => {
  const savedRoots = SettingsService.getRootCertificates({ identifier: 'mds' });
  afterAll(() => SettingsService.setRootCertificates({ identifier: 'mds', certificates: savedRoots }));

  it('verifies chain and signature and returns each statement by AAGUID', async () => {
    const { url, server } = await serve(blob.jwt);
    const errors: unknown[] = [];
    try {
      SettingsService.setRootCertificates({ identifier: 'mds', certificates: [blob.rootPem] });
      await MetadataService.initialize({ mdsServers: [url], verificationMode: 'strict', logger: { error: (...a: unknown[]) => errors.push(a) } });
      expect(errors).toEqual([]);
      const yubikey = getPreset('yubikey-5-nfc');
      const statement: SwaMetadataStatement | undefined = await MetadataService.getStatement(yubikey.aaguid);
      const [yubicoRoot] = await attestationRootsPem('yubico', SEED);
      expect(statement?.attestationRootCertificates).toEqual([base64Of(yubicoRoot ?? '')]);
      expect(statement?.description).toBe(yubikey.name);
      // SimpleWebAuthn indexes FIDO2 entries by AAGUID and ignores U2F entries (it loaded them without an error above).
      for (const entry of blob.payload.entries) {
        if (entry.aaguid !== undefined) expect(await MetadataService.getStatement(entry.aaguid)).toEqual(entry.metadataStatement);
      }
      await expect(MetadataService.getStatement(ZERO_AAGUID)).rejects.toThrow(/No metadata statement/);
      await expect(MetadataService.getStatement('00000000-0000-4000-8000-0000000000ff')).rejects.toThrow(/No metadata statement/);
    } finally {
      await close(server);
    }
  });

  it('rejects the BLOB when only another seed\'s root is trusted, or when the payload is altered', async () => {
    const other = await mdsBlob({ seed: 'another-seed', presets: ['yubikey-5-nfc'] });
    const { header, payload } = parts(other.jwt);
    const [h, , s] = other.jwt.split('.');
    const altered = `${h}.${Buffer.from(JSON.stringify({ ...payload, no: 2 })).toString('base64url')}.${s}`;
    expect(header.alg).toBe('ES256');
    const cases: Array<[string, string, RegExp]> = [
      [other.jwt, blob.rootPem, /certificate path/],
      [altered, other.rootPem, /signature could not be verified/],
    ];
    for (const [jwt, root, reason] of cases) {
      const { url, server } = await serve(jwt);
      const errors: unknown[][] = [];
      try {
        SettingsService.setRootCertificates({ identifier: 'mds', certificates: [root] });
        await MetadataService.initialize({ mdsServers: [url], verificationMode: 'strict', logger: { error: (...a: unknown[]) => errors.push(a) } });
        expect(errors).toHaveLength(1);
        expect(String((errors[0]?.[1] as Error).message)).toMatch(reason);
        await expect(MetadataService.getStatement(getPreset('yubikey-5-nfc').aaguid)).rejects.toThrow(/No metadata statement/);
      } finally {
        await close(server);
      }
    }
  });
});

describe('end to end: SimpleWebAuthn verifies vfido registrations against the BLOB (strict MDS)', () => {
  const savedRoots = SettingsService.getRootCertificates({ identifier: 'mds' });
  let server: Server;
  beforeAll(async () => {
    const served = await serve(blob.jwt);
    server = served.server;
    SettingsService.setRootCertificates({ identifier: 'mds', certificates: [blob.rootPem] });
    await MetadataService.initialize({ mdsServers: [served.url], verificationMode: 'strict' });
  });
  afterAll(async () => {
    SettingsService.setRootCertificates({ identifier: 'mds', certificates: savedRoots });
    await close(server);
  });

  // packed full (basic) attestation is checked against the statement: attestationTypes has basic_full,
  // the credential alg is in authenticationAlgorithms, attStmt alg in getInfo.algorithms, x5c chains
  // to attestationRootCertificates.
  const packedBasic = presetIds.filter((id) => getPreset(id).attestation.format === 'packed' && getPreset(id).attestation.type === 'basic');
  it.each(packedBasic)('%s: packed full attestation passes the metadata checks', async (id) => {
    const preset = getPreset(id);
    const origin = 'https://example.com';
    const client = new WebAuthnClient({ authenticator: new VirtualAuthenticator({ preset: id, seed: SEED }), origin });
    const challenge = randomBytes(32).toString('base64url');
    const response = await client.create({
      rp: { id: 'example.com', name: 'Example' },
      user: { id: randomBytes(16).toString('base64url'), name: 'ada', displayName: 'Ada' },
      challenge,
      pubKeyCredParams: preset.algorithms.map((alg) => ({ type: 'public-key', alg })),
      attestation: 'direct',
    });
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON, expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: 'example.com',
      requireUserVerification: false,
    });
    expect(result.verified).toBe(true);
    expect(result.registrationInfo?.fmt).toBe('packed');
    expect(result.registrationInfo?.aaguid).toBe(preset.aaguid);
  });

  it('a BLOB made with another seed lists roots the same authenticator does not chain to', async () => {
    const other = await mdsBlob({ seed: 'another-seed', presets: ['yubikey-5-nfc'] });
    const { url, server: otherServer } = await serve(other.jwt);
    try {
      SettingsService.setRootCertificates({ identifier: 'mds', certificates: [other.rootPem] });
      await MetadataService.initialize({ mdsServers: [url], verificationMode: 'strict' });
      const origin = 'https://example.com';
      const client = new WebAuthnClient({ authenticator: new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: SEED }), origin });
      const challenge = randomBytes(32).toString('base64url');
      const response = await client.create({
        rp: { id: 'example.com', name: 'Example' }, user: { id: randomBytes(16).toString('base64url'), name: 'a', displayName: 'A' },
        challenge, pubKeyCredParams: [{ type: 'public-key', alg: -7 }], attestation: 'direct',
      });
      await expect(verifyRegistrationResponse({
        response: response as RegistrationResponseJSON, expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: 'example.com',
        requireUserVerification: false,
      })).rejects.toThrow(/chained|trust anchor|certificate path/i);
    } finally {
      await close(otherServer);
    }
  });
});

describe('determinism and options', () => {
  it('is byte-identical for the same seed, even from freshly loaded modules (no caches)', async () => {
    vi.resetModules();
    const fresh = (await import('./mdsBlob.js')) as typeof import('./mdsBlob.js');
    const again = await fresh.mdsBlob({ seed: SEED });
    expect(again.jwt).toBe(blob.jwt);
    expect(again.rootPem).toBe(blob.rootPem);
  });

  it('gives a different root and BLOB for a different seed, and the default seed by default', async () => {
    const other = await mdsBlob({ seed: 'another-seed' });
    expect(other.rootPem).not.toBe(blob.rootPem);
    expect(other.jwt).not.toBe(blob.jwt);
    expect(await mdsRootPem('another-seed')).toBe(other.rootPem);
    expect(await mdsRootPem()).toBe(await mdsRootPem(DEFAULT_CA_SEED));
    expect((await mdsBlob()).rootPem).toBe(await mdsRootPem(DEFAULT_CA_SEED));
  });

  it('takes presets by id or object, no, nextUpdate and legalHeader', async () => {
    const titan = getPreset('titan');
    const b = await mdsBlob({ seed: SEED, presets: ['yubikey-5-nfc', titan], no: 42, nextUpdate: '2030-02-28', legalHeader: 'test only' });
    expect(b.payload).toMatchObject({ no: 42, nextUpdate: '2030-02-28', legalHeader: 'test only' });
    expect(b.payload.entries.map((e) => e.aaguid)).toEqual([getPreset('yubikey-5-nfc').aaguid, titan.aaguid]);
    expect(b.payload.entries.every((e) => e.metadataStatement.legalHeader === 'test only')).toBe(true);
    expect(parts(b.jwt).payload).toEqual(b.payload);
  });

  it('rejects bad options with typed errors', async () => {
    const yk = getPreset('yubikey-5-nfc');
    const bad: Array<Parameters<typeof mdsBlob>[0]> = [
      { no: 0 }, { no: 1.5 }, { nextUpdate: '2030-02-30' }, { nextUpdate: '30.01.2030' }, { legalHeader: ' ' },
      { presets: [yk, 'yubikey-5-nfc'] }, { presets: [{ ...yk, aaguid: ZERO_AAGUID }] },
      { presets: [{ ...getPreset('feitian-epass-u2f'), attestation: { format: 'fido-u2f', type: 'none' } }] },
    ];
    for (const options of bad) {
      await expect(mdsBlob(options)).rejects.toMatchObject({ name: 'MdsError', code: 'ERR_MDS_INPUT' });
    }
    await expect(mdsBlob({ presets: ['yubikey-5-nfx'] })).rejects.toBeInstanceOf(PresetError);
    expect(new MdsError('ERR_MDS_INPUT', 'x')).toBeInstanceOf(Error);
  });
});
