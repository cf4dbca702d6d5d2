/**
 * Interop: every preset registers and signs in through vfido's WebAuthn client, and
 * @simplewebauthn/server (an implementation nobody here wrote) verifies both ceremonies, with the
 * preset's vfido test roots as its only trust anchors.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { verifyRegistrationResponse, SettingsService } from '@simplewebauthn/server';
import { VirtualAuthenticator, WebAuthnClient, presets, presetIds, type RegistrationResponseJSON } from '@vfido/core';
import { verifyAssertionWithSwa } from './swa.js';

const ORIGIN = 'https://login.example.com';
const RP_ID = 'example.com';
const challenge = () => randomBytes(32).toString('base64url');

type SwaRegistration = Parameters<typeof verifyRegistrationResponse>[0]['response'];

/** SimpleWebAuthn's verdict on a vfido registration (UV not required: presets differ). */
function verifyWithSwa(registration: RegistrationResponseJSON, expectedChallenge: string, expectedRPID = RP_ID) {
  return verifyRegistrationResponse({
    response: registration as SwaRegistration,
    expectedChallenge,
    expectedOrigin: ORIGIN,
    expectedRPID,
    requireUserVerification: false,
    supportedAlgorithmIDs: [-7, -8, -35, -257],
  });
}

describe.each(presetIds)('preset %s with @simplewebauthn/server', (id) => {
  const preset = presets[id]!;

  it('registers with direct attestation and signs in twice', async () => {
    const authenticator = new VirtualAuthenticator({ preset: id, seed: 'interop' });
    const client = new WebAuthnClient({ authenticator, origin: ORIGIN });
    const regChallenge = challenge();
    const registration = await client.create({
      rp: { id: RP_ID, name: 'Example' },
      user: { id: randomBytes(16).toString('base64url'), name: 'ada@example.com', displayName: 'Ada' },
      challenge: regChallenge,
      pubKeyCredParams: [{ type: 'public-key', alg: -8 }, { type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
      authenticatorSelection: { residentKey: preset.residentKeys ? 'required' : 'discouraged', userVerification: 'preferred' },
      attestation: 'direct',
      extensions: { credProps: true },
    });
    const roots = await authenticator.attestationRoots();
    SettingsService.setRootCertificates({ identifier: preset.attestation.format, certificates: roots });
    const reg = await verifyWithSwa(registration, regChallenge);
    expect(reg.verified).toBe(true);
    const info = reg.registrationInfo!;
    expect(info.fmt).toBe(preset.attestation.format);
    expect(info.aaguid).toBe(preset.attestation.format === 'fido-u2f' ? '00000000-0000-0000-0000-000000000000' : preset.aaguid);
    expect(info.credentialDeviceType).toBe(preset.backup.eligible ? 'multiDevice' : 'singleDevice');
    expect(info.credentialBackedUp).toBe(preset.backup.state);
    expect(preset.algorithms).toContain(registration.response.publicKeyAlgorithm);
    expect(registration.clientExtensionResults.credProps?.rk).toBe(preset.residentKeys);
    if (preset.counter === 'zero' || preset.counter === 'per-credential') expect(info.credential.counter).toBe(0);
    // CTAP 2.1 10.2: a registration over CTAP1 (U2F-only model) carries counter 0.
    if (preset.counter === 'global') expect(info.credential.counter > 0).toBe(preset.getInfo.versions.some((v) => v.startsWith('FIDO_2_')));
    if (preset.counter === 'timestamp') expect(Math.abs(info.credential.counter - Date.now() / 1000)).toBeLessThan(120);

    let counter = info.credential.counter;
    for (let round = 0; round < 2; round++) {
      const authChallenge = challenge();
      const assertion = await client.get({
        challenge: authChallenge,
        rpId: RP_ID,
        allowCredentials: preset.residentKeys ? [] : [{ type: 'public-key', id: registration.id }],
        userVerification: 'preferred',
      });
      const auth = await verifyAssertionWithSwa(assertion, authChallenge, { expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential: info.credential, counter });
      expect(auth.verified).toBe(true);
      expect(auth.authenticationInfo.credentialBackedUp).toBe(preset.backup.state);
      if (preset.counter === 'zero') expect(auth.authenticationInfo.newCounter).toBe(0);
      else expect(auth.authenticationInfo.newCounter).toBeGreaterThan(counter);
      counter = auth.authenticationInfo.newCounter;
    }
  });

  it('returns fmt none with the AAGUID kept when the RP asks for no attestation', async () => {
    const authenticator = new VirtualAuthenticator({ preset: id });
    const client = new WebAuthnClient({ authenticator, origin: ORIGIN });
    const regChallenge = challenge();
    const registration = await client.create({
      rp: { name: 'Example' },
      user: { id: randomBytes(8).toString('base64url'), name: 'bob', displayName: 'Bob' },
      challenge: regChallenge,
      pubKeyCredParams: [],
    });
    const reg = await verifyWithSwa(registration, regChallenge, 'login.example.com');
    expect(reg.verified).toBe(true);
    expect(reg.registrationInfo!.fmt).toBe('none');
    if (preset.attestation.format !== 'fido-u2f') expect(reg.registrationInfo!.aaguid).toBe(preset.aaguid);
  });

});

const hybridIds = presetIds.filter((id) => presets[id]!.hybrid !== undefined);

describe.each(hybridIds)('phone preset %s over hybrid with @simplewebauthn/server', (id) => {
  const preset = presets[id]!;

  it('registers cross-device (hybrid) with the hybrid attestation profile', async () => {
    const authenticator = new VirtualAuthenticator({ preset: id, seed: 'hybrid' });
    const client = new WebAuthnClient({ authenticator, origin: ORIGIN, via: 'hybrid' });
    const regChallenge = challenge();
    const registration = await client.create({
      rp: { id: RP_ID, name: 'Example' },
      user: { id: randomBytes(8).toString('base64url'), name: 'eve', displayName: 'Eve' },
      challenge: regChallenge,
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      attestation: 'direct',
    });
    const reg = await verifyWithSwa(registration, regChallenge);
    expect(reg.verified).toBe(true);
    expect(reg.registrationInfo!.fmt).toBe(preset.hybrid!.attestation.format);
    expect(registration.authenticatorAttachment).toBe('cross-platform');
    expect(registration.response.transports).toContain('hybrid');
  });
});
