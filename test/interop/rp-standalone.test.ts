/**
 * @vfido/rp as an app uses it, for every preset: generateRegistrationOptions -> vfido's WebAuthn client (the
 * browser) -> verifyRegistration (trusting the preset's vfido TEST roots as PEM, and a vfido MDS3 BLOB) ->
 * credentialRecordToJSON -> JSON text -> credentialRecordFromJSON -> generateAuthenticationOptions -> client ->
 * verifyAuthentication with the restored record -> the updated record stored again. Then what goes wrong: a
 * tampered record, a wrong challenge, and an authenticator whose seed is not the trust store's. Last,
 * @simplewebauthn/server's own generate*Options defaults are ours, and it verifies ceremonies made from our options.
 */
import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SettingsService, generateAuthenticationOptions as swaAuthenticationOptions, generateRegistrationOptions as swaRegistrationOptions, verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { COSEALG } from '@simplewebauthn/server/helpers';
import { X509Certificate as PeculiarCertificate, SubjectKeyIdentifierExtension } from '@peculiar/x509';
import { VirtualAuthenticator, WebAuthnClient, mdsBlob, presetIds, presets, type Preset } from '@vfido/core';
import {
  TrustStore, credentialRecordFromJSON, credentialRecordToJSON, generateAuthenticationOptions, generateRegistrationOptions,
  verifyAuthentication, verifyRegistration, type CredentialRecord,
} from '@vfido/rp';
import { CHAINED, ORIGIN, RP_ID, expectCode } from './rpCeremony.js';
import { verifyAssertionWithSwa } from './swa.js';

const SEED = 'rp-standalone';
let mdsStore: TrustStore;
beforeAll(async () => {
  const blob = await mdsBlob({ seed: SEED });
  mdsStore = new TrustStore();
  mdsStore.addMdsBlob(blob.jwt, { roots: blob.rootPem });
});

/** The app's database row: the record as JSON text. */
const store = (record: CredentialRecord): string => JSON.stringify(credentialRecordToJSON(record));
const load = (row: string): CredentialRecord => credentialRecordFromJSON(JSON.parse(row));

/** Registers a user with `preset` through options from @vfido/rp; returns the verified registration and the row. */
async function register(id: string, seed = SEED, trustStore?: TrustStore) {
  const preset = presets[id] as Preset;
  const authenticator = new VirtualAuthenticator({ preset: id, seed });
  const client = new WebAuthnClient({ authenticator, origin: ORIGIN });
  const { options, challenge, userId } = generateRegistrationOptions({
    rpName: 'Example', rpId: RP_ID, userName: 'ada@example.com', userDisplayName: 'Ada', attestation: 'direct',
    authenticatorSelection: { residentKey: preset.residentKeys ? 'required' : 'discouraged' },
  });
  const response = await client.create(options);
  const verify = (trust: TrustStore | undefined, expectedChallenge = challenge) =>
    verifyRegistration({ response, expectedChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID, ...(trust ? { trustStore: trust } : {}) });
  return { preset, authenticator, client, response, challenge, userId, verify, registration: trustStore ? await verify(trustStore) : undefined };
}

/** Signs in with `row`'s credential through options from @vfido/rp. */
async function signIn(client: WebAuthnClient, preset: Preset, row: string) {
  const credential = load(row);
  const { options, challenge } = generateAuthenticationOptions({ rpId: RP_ID, ...(preset.residentKeys ? {} : { allowCredentials: [credential] }) });
  const response = await client.get(options);
  return { response, challenge, credential, result: await verifyAuthentication({ response, expectedChallenge: challenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID, credential }) };
}

describe.each(presetIds)('preset %s: options -> client -> verify -> record JSON -> sign in with the restored record', (id) => {
  it('registers, stores the record as JSON, and signs in twice from the stored row', async () => {
    const { preset, authenticator, client, verify, userId } = await register(id);
    // Trust from the preset's own roots as PEM, scoped to its AAGUID, and from the MDS BLOB: the same verdict.
    const pemStore = new TrustStore().addRoots(await authenticator.attestationRoots(), { aaguid: preset.aaguid });
    const viaPem = await verify(pemStore);
    const registration = await verify(mdsStore);
    const chained = CHAINED.includes(preset.attestation.type);
    expect(viaPem.credential.attestation.trusted).toBe(chained);
    expect(registration.credential.attestation.trusted).toBe(chained);
    expect(registration.credential.aaguid).toBe(preset.aaguid);

    let row = store(registration.credential);
    const restored = load(row);
    const { credential } = registration;
    expect(restored).toEqual({
      id: credential.id, publicKey: credential.publicKey, signCount: credential.signCount, algorithm: credential.algorithm,
      transports: credential.transports, uvInitialized: credential.uvInitialized, backupEligible: credential.backupEligible,
      backupState: credential.backupState, aaguid: credential.aaguid,
    });
    expect(restored.backupEligible).toBe(preset.backup.eligible);

    let counter = credential.signCount;
    for (let round = 0; round < 2; round++) {
      const { result } = await signIn(client, preset, row);
      expect(result.cloneWarning).toBe(false);
      if (preset.counter === 'zero') expect(result.newSignCount).toBe(0);
      else expect(result.newSignCount).toBeGreaterThan(counter);
      if (result.userHandle !== undefined) expect(result.userHandle).toBe(userId);
      if (preset.residentKeys) expect(result.userHandle).toBe(userId);
      // The updated record carries the new counter and flags; it goes back into the row.
      expect(result.credentialRecord).toMatchObject({ id: credential.id, signCount: result.newSignCount, backupState: result.backupState });
      if (result.userVerified) expect(result.credentialRecord.uvInitialized).toBe(true);
      row = store(result.credentialRecord);
      expect(load(row).signCount).toBe(result.newSignCount);
      counter = result.newSignCount;
    }
  });
});

describe('what goes wrong', () => {
  const id = 'yubikey-5-nfc';

  it('a tampered row: bad fields fail to load with ERR_CREDENTIAL_RECORD_INVALID; a swapped key fails the signature', async () => {
    const a = await register(id, SEED, mdsStore);
    const b = await register(id, SEED, mdsStore);
    const row = JSON.parse(store(a.registration!.credential)) as Record<string, unknown>;
    for (const change of [{ signCount: '7' }, { publicKey: 'not base64url!' }, { id: 42 }, { version: 2 }, { aaguid: 'yubikey' }]) {
      expect(() => load(JSON.stringify({ ...row, ...change }))).toThrowError(expect.objectContaining({ code: 'ERR_CREDENTIAL_RECORD_INVALID' }));
    }
    // Another credential's key is a valid COSE key: the record loads, and the assertion does not verify with it.
    const swapped = JSON.stringify({ ...row, publicKey: Buffer.from(b.registration!.credential.publicKey).toString('base64url') });
    await expectCode(signIn(a.client, a.preset, swapped), 'ERR_SIGNATURE_INVALID');
    // A record for another credential id does not match the response.
    const otherId = JSON.stringify({ ...row, id: b.registration!.credential.id });
    const { options, challenge } = generateAuthenticationOptions({ rpId: RP_ID, allowCredentials: [load(store(a.registration!.credential))] });
    const response = await a.client.get(options);
    await expectCode(verifyAuthentication({ response, expectedChallenge: challenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID, credential: load(otherId) }), 'ERR_CREDENTIAL_ID_MISMATCH');
  });

  it('a BLOB checked against the MDS root of another seed: ERR_MDS_UNTRUSTED_CHAIN names both roots', async () => {
    const [a, b] = await Promise.all([mdsBlob({ seed: 'seed-a' }), mdsBlob({ seed: 'seed-b' })]);
    let error: unknown;
    try {
      new TrustStore().addMdsBlob(b.jwt, { roots: a.rootPem });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'ERR_MDS_UNTRUSTED_CHAIN' });
    expect((error as Error).message).toContain('a different key under the same name');
    expect(error).toMatchObject({ details: { chainRoot: { keyId: skiOf(b.rootPem) }, trustedRoot: { keyId: skiOf(a.rootPem), subject: subjectOf(a.rootPem) } } });
  });

  it('a response to other options: ERR_CHALLENGE_MISMATCH at registration and at sign-in', async () => {
    const { verify, client, preset, registration } = await register(id, SEED, mdsStore);
    const other = generateRegistrationOptions({ rpName: 'Example', rpId: RP_ID, userName: 'ada@example.com' });
    await expectCode(verify(mdsStore, other.challenge), 'ERR_CHALLENGE_MISMATCH');
    const row = store(registration!.credential);
    const { options } = generateAuthenticationOptions({ rpId: RP_ID, allowCredentials: [load(row)] });
    const response = await client.get(options);
    const stale = generateAuthenticationOptions({ rpId: RP_ID }).challenge;
    await expectCode(verifyAuthentication({ response, expectedChallenge: stale, expectedOrigin: ORIGIN, expectedRpId: RP_ID, credential: load(row) }), 'ERR_CHALLENGE_MISMATCH');
    expect(preset.residentKeys).toBe(true);
  });
});

/** Key identifier of a PEM certificate, read with @peculiar/x509 (not @vfido/rp's parser). */
const skiOf = (pem: string): string => {
  const ext = new PeculiarCertificate(pem).getExtension(SubjectKeyIdentifierExtension);
  if (!ext) throw new Error('the root has no subject key identifier');
  return ext.keyId.toLowerCase();
};
const subjectOf = (pem: string): string => new PeculiarCertificate(pem).subjectName.toString();

describe.each(['yubikey-5-nfc', 'windows-hello-hardware'])('seed mismatch (%s): the error names both roots', (id) => {
  it('an authenticator made with another seed than the trusted PEM roots and MDS BLOB', async () => {
    const trusted = new VirtualAuthenticator({ preset: id, seed: 'seed-a' });
    const [trustedRoot] = await trusted.attestationRoots();
    const { authenticator, verify, preset } = await register(id, 'seed-b');
    const [otherRoot] = await authenticator.attestationRoots();
    expect(subjectOf(otherRoot!)).toBe(subjectOf(trustedRoot!));
    expect(skiOf(otherRoot!)).not.toBe(skiOf(trustedRoot!));

    const pemStore = new TrustStore().addRoots(trustedRoot!, { aaguid: preset.aaguid });
    const blob = await mdsBlob({ seed: 'seed-a' });
    const blobStore = new TrustStore();
    blobStore.addMdsBlob(blob.jwt, { roots: blob.rootPem });
    for (const trust of [pemStore, blobStore]) {
      const error = await expectCode(verify(trust), 'ERR_ATTESTATION_UNTRUSTED');
      expect(error.message).toContain('a different key under the same name');
      expect(error.message).toContain("the authenticator's seed differs");
      expect(error.message).toContain(skiOf(otherRoot!));
      expect(error.message).toContain(skiOf(trustedRoot!));
      const details = error.details as { chainRoot: { subject: string; keyId: string }; trustedRoot: { subject: string; keyId: string } };
      expect(details.chainRoot.keyId).toBe(skiOf(otherRoot!));
      expect(details.trustedRoot.keyId).toBe(skiOf(trustedRoot!));
      expect(details.chainRoot.subject).toBe(details.trustedRoot.subject);
      expect(details.chainRoot.subject).toContain(new PeculiarCertificate(trustedRoot!).subjectName.getField('CN')[0]);
    }
    // The same seed is trusted.
    expect((await verify(new TrustStore().addRoots(otherRoot!, { aaguid: preset.aaguid }))).credential.attestation.trusted).toBe(true);
  });

  it('a root of another name is not reported as a seed mismatch', async () => {
    const otherVendor = id === 'yubikey-5-nfc' ? 'windows-hello-hardware' : 'yubikey-5-nfc';
    const roots = await new VirtualAuthenticator({ preset: otherVendor, seed: SEED }).attestationRoots();
    const { verify, preset } = await register(id, SEED);
    const error = await expectCode(verify(new TrustStore().addRoots(roots, { aaguid: preset.aaguid })), 'ERR_ATTESTATION_UNTRUSTED');
    expect(error.message).not.toContain('different key');
    expect(error.details).not.toHaveProperty('chainRoot');
  });
});

describe('@simplewebauthn/server agrees with the options', () => {
  it('our defaults are the ones SimpleWebAuthn generate*Options picks (but a 64-byte user handle, as L3 5.4.3 recommends)', async () => {
    const swa = await swaRegistrationOptions({ rpName: 'Example', rpID: RP_ID, userName: 'ada@example.com' });
    const { options: ours } = generateRegistrationOptions({ rpName: 'Example', rpId: RP_ID, userName: 'ada@example.com' });
    // SimpleWebAuthn puts ML-DSA-44 first when the runtime has it; @vfido/rp does not verify ML-DSA.
    expect(ours.pubKeyCredParams).toEqual(swa.pubKeyCredParams.filter((p) => p.alg !== COSEALG.ML_DSA_44));
    expect(ours.authenticatorSelection).toEqual(swa.authenticatorSelection);
    expect([ours.timeout, ours.attestation, ours.excludeCredentials, ours.extensions, ours.user.displayName])
      .toEqual([swa.timeout, swa.attestation, swa.excludeCredentials, swa.extensions, swa.user.displayName]);
    expect(Buffer.from(ours.challenge, 'base64url').byteLength).toBe(Buffer.from(swa.challenge, 'base64url').byteLength);

    const swaGet = await swaAuthenticationOptions({ rpID: RP_ID });
    const { options: oursGet } = generateAuthenticationOptions({ rpId: RP_ID });
    expect([oursGet.timeout, oursGet.userVerification, oursGet.allowCredentials, oursGet.rpId]).toEqual([swaGet.timeout, swaGet.userVerification, swaGet.allowCredentials, swaGet.rpId]);
  });

  it('SimpleWebAuthn verifies the registration and sign-in made from our options', async () => {
    const { authenticator, client, response, challenge, preset } = await register('yubikey-5-nfc');
    SettingsService.setRootCertificates({ identifier: 'packed', certificates: await authenticator.attestationRoots() });
    const peer = await verifyRegistrationResponse({ response: response as Parameters<typeof verifyRegistrationResponse>[0]['response'], expectedChallenge: challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, requireUserVerification: false });
    expect(peer.verified).toBe(true);
    const info = peer.registrationInfo!;
    const { options, challenge: authChallenge } = generateAuthenticationOptions({ rpId: RP_ID });
    const assertion = await client.get(options);
    const theirs = await verifyAssertionWithSwa(assertion, authChallenge, { expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential: info.credential, counter: info.credential.counter });
    expect(theirs.verified).toBe(true);
    expect(preset.counter).not.toBe('zero');
    expect(theirs.authenticationInfo.newCounter).toBeGreaterThan(info.credential.counter);
  });
});
