/**
 * Interop: every vfido preset registers (direct attestation) and signs in through vfido's WebAuthn client;
 * @vfido/rp and @simplewebauthn/server verify the same responses and must agree. @vfido/rp's only trust
 * anchors come from a vfido FIDO MDS3 BLOB (`mdsBlob()`, its root as the MDS root), so attested presets come
 * out trusted through MDS alone, and the BLOB's status reports can revoke a model.
 */
import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { X509Certificate as PeculiarCertificate, SubjectKeyIdentifierExtension } from '@peculiar/x509';
import { SettingsService, verifyRegistrationResponse } from '@simplewebauthn/server';
import { VirtualAuthenticator, WebAuthnClient, mdsBlob, presetIds, presets, type MdsBlob, type Preset } from '@vfido/core';
import { TrustStore, verifyAuthentication, verifyRegistration } from '@vfido/rp';
import { verifyAssertionWithSwa } from './swa.js';
import { CHAINED, ORIGIN, RP_ID, expectCode } from './rpCeremony.js';

const SEED = 'rp-interop';
const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';
const challenge = () => randomBytes(32).toString('base64url');

type SwaRegistration = Parameters<typeof verifyRegistrationResponse>[0]['response'];

let blob: MdsBlob;
let store: TrustStore;
beforeAll(async () => {
  blob = await mdsBlob({ seed: SEED });
  store = new TrustStore();
  const loaded = store.addMdsBlob(blob.jwt, { roots: blob.rootPem });
  expect(loaded).toEqual({ no: 1, nextUpdate: blob.payload.nextUpdate, entries: blob.payload.entries.length, stale: false });
});

/** Registers with `preset` (direct attestation) through the vfido client. */
async function register(id: string, options: { via?: 'hybrid'; seed?: string } = {}) {
  const preset = presets[id] as Preset;
  const authenticator = new VirtualAuthenticator({ preset: id, seed: options.seed ?? SEED });
  const client = new WebAuthnClient({ authenticator, origin: ORIGIN, ...(options.via ? { via: options.via } : {}) });
  const regChallenge = challenge();
  const registration = await client.create({
    rp: { id: RP_ID, name: 'Example' },
    user: { id: randomBytes(16).toString('base64url'), name: 'ada@example.com', displayName: 'Ada' },
    challenge: regChallenge,
    pubKeyCredParams: [{ type: 'public-key', alg: -8 }, { type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
    authenticatorSelection: { residentKey: preset.residentKeys ? 'required' : 'discouraged', userVerification: 'preferred' },
    attestation: 'direct',
  });
  return { preset, authenticator, client, registration, regChallenge };
}

const rpRegistration = (registration: unknown, expectedChallenge: string, trustStore: TrustStore) =>
  verifyRegistration({
    response: registration as Parameters<typeof verifyRegistration>[0]['response'],
    expectedChallenge,
    expectedOrigin: ORIGIN,
    expectedRpId: RP_ID,
    trustStore,
  });

describe.each(presetIds)('preset %s: @vfido/rp and @simplewebauthn/server agree', (id) => {
  it('registers with direct attestation and signs in twice; trust comes from the MDS BLOB alone', async () => {
    const { preset, authenticator, client, registration, regChallenge } = await register(id);
    const ours = await rpRegistration(registration, regChallenge, store);
    SettingsService.setRootCertificates({ identifier: preset.attestation.format, certificates: await authenticator.attestationRoots() });
    const peer = await verifyRegistrationResponse({
      response: registration as SwaRegistration,
      expectedChallenge: regChallenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: false,
      supportedAlgorithmIDs: [-7, -8, -35, -257],
    });
    expect(peer.verified).toBe(true);
    const info = peer.registrationInfo!;
    const cred = ours.credential;

    // Both verifiers read the same facts, and they are the preset's.
    expect(cred.attestation.fmt).toBe(preset.attestation.format);
    expect(info.fmt).toBe(cred.attestation.fmt);
    expect(cred.aaguid).toBe(preset.aaguid);
    expect(info.aaguid).toBe(cred.aaguid);
    expect(cred.id).toBe(info.credential.id);
    expect(cred.signCount).toBe(info.credential.counter);
    expect(Buffer.from(cred.publicKey).equals(Buffer.from(info.credential.publicKey))).toBe(true);
    expect(cred.backupEligible).toBe(preset.backup.eligible);
    expect(cred.backupState).toBe(preset.backup.state);
    expect(info.credentialDeviceType).toBe(preset.backup.eligible ? 'multiDevice' : 'singleDevice');
    expect(info.credentialBackedUp).toBe(preset.backup.state);
    if (preset.counter === 'zero' || preset.counter === 'per-credential') expect(cred.signCount).toBe(0);
    // CTAP 2.1 10.2: U2F_REGISTER returns no counter, so a registration over CTAP1 says 0.
    if (preset.counter === 'global') expect(cred.signCount > 0).toBe(preset.aaguid !== ZERO_AAGUID);
    if (preset.counter === 'timestamp') expect(Math.abs(cred.signCount - Date.now() / 1000)).toBeLessThan(120);

    // Trust: attested presets chain to the roots the BLOB lists for their AAGUID; self/none never do.
    const chained = CHAINED.includes(preset.attestation.type);
    expect(cred.attestation.trustPath.length > 0).toBe(preset.attestation.type !== 'none' && preset.attestation.type !== 'self');
    if (preset.aaguid === ZERO_AAGUID) {
      // A U2F-only model (registered over CTAP1 by the client) has no AAGUID: as in real MDS3, its BLOB entry names it by
      // attestationCertificateKeyIdentifiers, the key id of the attestation certificate (read here with @peculiar/x509).
      expect(cred.attestation.fmt).toBe('fido-u2f');
      expect(cred.attestation.trusted).toBe(chained);
      expect(store.metadataStatement(preset.aaguid)).toBeUndefined();
      const keyId = new PeculiarCertificate(cred.attestation.trustPath[0] ?? new Uint8Array()).getExtension(SubjectKeyIdentifierExtension)?.keyId ?? '';
      expect(store.metadataStatementForKeyId(keyId)).toMatchObject({ description: preset.name, protocolFamily: 'u2f', attestationCertificateKeyIdentifiers: [keyId] });
      expect(store.authenticatorStatusForKeyId(keyId)).toMatchObject({ latest: preset.metadata.certificationStatus, revoked: false });
      // The vendor root given explicitly for fido-u2f, without the BLOB, trusts the same chain.
      const rooted = new TrustStore().addRoots(await authenticator.attestationRoots(), { format: 'fido-u2f' });
      expect((await rpRegistration(registration, regChallenge, rooted)).credential.attestation.trusted).toBe(chained);
      expect(cred.userVerified).toBe(false);
    } else {
      expect(cred.attestation.trusted).toBe(chained);
      expect(store.metadataStatement(preset.aaguid)?.description).toBe(preset.name);
      expect(store.authenticatorStatus(preset.aaguid)).toMatchObject({ latest: preset.metadata.certificationStatus, revoked: false });
    }

    let counter = cred.signCount;
    for (let round = 0; round < 2; round++) {
      const authChallenge = challenge();
      const assertion = await client.get({
        challenge: authChallenge,
        rpId: RP_ID,
        allowCredentials: preset.residentKeys ? [] : [{ type: 'public-key', id: registration.id }],
        userVerification: 'preferred',
      });
      const mine = await verifyAuthentication({
        response: assertion as Parameters<typeof verifyAuthentication>[0]['response'],
        expectedChallenge: authChallenge,
        expectedOrigin: ORIGIN,
        expectedRpId: RP_ID,
        credential: { id: cred.id, publicKey: cred.publicKey, signCount: counter, backupEligible: cred.backupEligible },
      });
      const theirs = await verifyAssertionWithSwa(assertion, authChallenge, { expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential: info.credential, counter });
      expect(theirs.verified).toBe(true);
      expect(mine.newSignCount).toBe(theirs.authenticationInfo.newCounter);
      expect(mine.backupState).toBe(theirs.authenticationInfo.credentialBackedUp);
      expect(mine.backupState).toBe(preset.backup.state);
      expect(mine.cloneWarning).toBe(false);
      if (preset.counter === 'zero') expect(mine.newSignCount).toBe(0);
      else expect(mine.newSignCount).toBeGreaterThan(counter);
      counter = mine.newSignCount;
    }
  });
});

const hybridIds = presetIds.filter((id) => presets[id]?.hybrid !== undefined);

describe.each(hybridIds)('phone preset %s over hybrid', (id) => {
  it('registers cross-device with fmt none, untrusted, and both verifiers accept', async () => {
    const { preset, registration, regChallenge } = await register(id, { via: 'hybrid' });
    const ours = await rpRegistration(registration, regChallenge, store);
    const peer = await verifyRegistrationResponse({
      response: registration as SwaRegistration,
      expectedChallenge: regChallenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: false,
    });
    expect(peer.verified).toBe(true);
    expect(ours.credential.attestation).toMatchObject({ fmt: 'none', trusted: false, trustPath: [] });
    expect(peer.registrationInfo!.fmt).toBe('none');
    expect(ours.credential.aaguid).toBe(preset.hybrid?.aaguid ?? preset.aaguid);
    expect(ours.credential.transports).toContain('hybrid');
  });
});

describe('MDS BLOB negatives', () => {
  // Models the BLOB names by AAGUID (a U2F-only model has none, see above).
  const attestedIds = presetIds.filter((id) => CHAINED.includes(presets[id]!.attestation.type) && presets[id]!.aaguid !== ZERO_AAGUID);

  it('a BLOB made with another seed: its root does not verify our BLOB, and its roots reject our attestations', async () => {
    const other = await mdsBlob({ seed: 'another-seed' });
    expect(() => new TrustStore().addMdsBlob(other.jwt, { roots: blob.rootPem })).toThrowError(
      expect.objectContaining({ code: 'ERR_MDS_UNTRUSTED_CHAIN' }),
    );
    const otherStore = new TrustStore();
    otherStore.addMdsBlob(other.jwt, { roots: other.rootPem });
    expect(attestedIds.length).toBeGreaterThan(3);
    for (const id of attestedIds) {
      const { registration, regChallenge } = await register(id);
      // The other BLOB scopes roots to this AAGUID and the chain does not reach them.
      await expectCode(rpRegistration(registration, regChallenge, otherStore), 'ERR_ATTESTATION_UNTRUSTED');
    }
  });

  it('a tampered BLOB is refused with ERR_MDS_SIGNATURE and leaves the store unchanged', () => {
    const [h, p, s] = blob.jwt.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { no: number };
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, no: payload.no + 1 })).toString('base64url')}.${s}`;
    const fresh = new TrustStore();
    expect(() => fresh.addMdsBlob(tampered, { roots: blob.rootPem })).toThrowError(expect.objectContaining({ code: 'ERR_MDS_SIGNATURE' }));
    expect(fresh.size).toBe(0);
    expect(() => fresh.addMdsBlob(`${h}.${p}`, { roots: blob.rootPem })).toThrowError(expect.objectContaining({ code: 'ERR_MDS_MALFORMED' }));
  });

  it('a model the BLOB marks REVOKED fails registration with ERR_AUTHENTICATOR_REVOKED in @vfido/rp', async () => {
    const yubikey = presets['yubikey-5-nfc'] as Preset;
    const revokedPreset: Preset = { ...yubikey, metadata: { ...yubikey.metadata, certificationStatus: 'REVOKED' } };
    const revoked = await mdsBlob({ seed: SEED, presets: [revokedPreset, 'windows-hello-hardware'], no: 2 });
    const revokedStore = new TrustStore();
    expect(revokedStore.addMdsBlob(revoked.jwt, { roots: revoked.rootPem })).toMatchObject({ no: 2, entries: 2 });
    expect(revokedStore.authenticatorStatus(yubikey.aaguid)).toMatchObject({ latest: 'REVOKED', revoked: true });
    const { registration, regChallenge } = await register('yubikey-5-nfc');
    await expectCode(rpRegistration(registration, regChallenge, revokedStore), 'ERR_AUTHENTICATOR_REVOKED');
    // Another model in the same BLOB is unaffected.
    const wh = await register('windows-hello-hardware');
    expect((await rpRegistration(wh.registration, wh.regChallenge, revokedStore)).credential.attestation.trusted).toBe(true);
    // Without the BLOB the same response verifies.
    expect((await rpRegistration(registration, regChallenge, new TrustStore())).credential.attestation.trusted).toBe(false);
  });

  it('an unknown AAGUID has no statement and no status', () => {
    expect(store.metadataStatement(ZERO_AAGUID)).toBeUndefined();
    expect(store.authenticatorStatus('not-a-uuid')).toBeUndefined();
  });
});
