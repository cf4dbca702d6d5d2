/**
 * verifyAuthentication, one test per WebAuthn L3 7.2 step: each test signs an otherwise valid assertion with
 * node:crypto and breaks exactly that step.
 */
import { sign } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { verifyAuthentication, type CredentialRecord, type VerifyAuthenticationOptions } from '../index.js';
import { coseKey, generateKey } from '../../test-utils/keys.js';
import {
  authenticatorData,
  CHALLENGE,
  clientDataJSON,
  craftAssertion,
  Flag,
  ORIGIN,
  RP_ID,
  sha256,
  type AssertionOptions,
} from '../../test-utils/ceremony.js';
import { expectCode } from '../../test-utils/expectCode.js';

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const credentialId = new Uint8Array(32).fill(7);

function setup(alg = -7, stored: Partial<CredentialRecord> = {}) {
  const key = generateKey(alg);
  const credential: CredentialRecord = { id: b64u(credentialId), publicKey: coseKey(key), signCount: 0, ...stored };
  const run = (o: Partial<AssertionOptions> = {}, extra: Partial<VerifyAuthenticationOptions> = {}) =>
    verifyAuthentication({
      response: craftAssertion({ key, credentialId, ...o }),
      expectedChallenge: CHALLENGE,
      expectedOrigin: ORIGIN,
      expectedRpId: RP_ID,
      credential,
      ...extra,
    });
  return { key, credential, run };
}

describe('verifyAuthentication (L3 7.2)', () => {
  it('accepts a valid assertion and reports counter, flags and user handle', async () => {
    const { run } = setup();
    const r = await run({ signCount: 5, flags: Flag.UP | Flag.UV | Flag.BE | Flag.BS, userHandle: Uint8Array.of(1, 2, 3) });
    expect(r).toMatchObject({ newSignCount: 5, userVerified: true, backupEligible: true, backupState: true, cloneWarning: false, rpId: RP_ID, origin: ORIGIN });
    expect(r.userHandle).toBe(b64u(Uint8Array.of(1, 2, 3)));
  });

  it('crafted assertions are also accepted by @simplewebauthn/server (the crafting is realistic)', async () => {
    const { key, credential } = setup();
    const swa = await verifyAuthenticationResponse({
      response: craftAssertion({ key, credentialId, signCount: 2 }) as Parameters<typeof verifyAuthenticationResponse>[0]['response'],
      expectedChallenge: CHALLENGE,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: { id: credential.id, publicKey: credential.publicKey as Uint8Array<ArrayBuffer>, counter: 1 },
    });
    expect(swa.verified).toBe(true);
  });

  it.each([-7, -35, -36, -8, -257, -258, -259, -37, -38, -39])('verifies assertions signed with algorithm %i', async (alg) => {
    const { run } = setup(alg);
    await expect(run()).resolves.toMatchObject({ newSignCount: 1 });
  });

  it('accepts high-S ECDSA signatures (authenticators do not normalise S)', async () => {
    const { key, credential } = setup();
    const cdj = clientDataJSON('webauthn.get');
    const authData = authenticatorData({ flags: Flag.UP, signCount: 1 });
    const data = Buffer.concat([authData, sha256(cdj)]);
    const der = sign('sha256', data, key.privateKey);
    const sig = p256.Signature.fromBytes(der, 'der');
    const high = sig.hasHighS() ? sig : new p256.Signature(sig.r, p256.Point.CURVE().n - sig.s);
    expect(high.hasHighS()).toBe(true);
    const response = craftAssertion({ key, credentialId, authData, rawClientData: cdj, json: (r) => (r.response.signature = b64u(high.toBytes('der'))) });
    await expect(verifyAuthentication({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID, credential })).resolves.toBeDefined();
  });

  it('step 3: rejects a response without a signature or of the wrong type', async () => {
    const { run } = setup();
    await expectCode(run({ json: (r) => delete (r.response as { signature?: string }).signature }), 'ERR_INVALID_RESPONSE');
    await expectCode(run({ json: (r) => (r.type = 'otp') }), 'ERR_INVALID_RESPONSE');
  });

  it('steps 5-6: rejects a response for another credential, or whose id and rawId differ', async () => {
    const { run } = setup();
    await expectCode(run({}, { credential: { id: b64u(new Uint8Array(32)), publicKey: new Uint8Array(0), signCount: 0 } }), 'ERR_CREDENTIAL_ID_MISMATCH');
    await expectCode(run({ json: (r) => (r.rawId = b64u(new Uint8Array(32))) }), 'ERR_CREDENTIAL_ID_MISMATCH');
  });

  it('steps 8-9: rejects clientDataJSON that is not a JSON object', async () => {
    const { run } = setup();
    await expectCode(run({ rawClientData: new TextEncoder().encode('[1,2]') }), 'ERR_INVALID_RESPONSE');
  });

  it('step 10: rejects clientData.type webauthn.create', async () => {
    const { run } = setup();
    await expectCode(run({ rawClientData: clientDataJSON('webauthn.create') }), 'ERR_TYPE_MISMATCH');
  });

  it('step 11: rejects another challenge', async () => {
    const { run } = setup();
    await expectCode(run({ clientData: { challenge: 'c3RhbGU' } }), 'ERR_CHALLENGE_MISMATCH');
  });

  it('step 12: rejects another origin', async () => {
    const { run } = setup();
    await expectCode(run({ clientData: { origin: 'https://example.com.evil.example' } }), 'ERR_ORIGIN_MISMATCH');
  });

  it('step 13: rejects crossOrigin true without expectedTopOrigin', async () => {
    const { run } = setup();
    await expectCode(run({ clientData: { crossOrigin: true } }), 'ERR_CROSS_ORIGIN');
  });

  it('step 14: rejects an unexpected topOrigin and accepts an expected one', async () => {
    const { run } = setup();
    const cd = { crossOrigin: true, topOrigin: 'https://shop.example' };
    await expectCode(run({ clientData: cd }, { expectedTopOrigin: ['https://other.example'] }), 'ERR_TOP_ORIGIN_MISMATCH');
    await expect(run({ clientData: cd }, { expectedTopOrigin: ['https://shop.example'] })).resolves.toBeDefined();
  });

  it('step 15: rejects an rpIdHash for another RP ID', async () => {
    const { run } = setup();
    await expectCode(run({ rpId: 'example.org' }), 'ERR_RPID_MISMATCH');
  });

  it('step 16: rejects UP clear', async () => {
    const { run } = setup();
    await expectCode(run({ flags: Flag.UV }), 'ERR_USER_PRESENCE_REQUIRED');
  });

  it('step 17: rejects UV clear when user verification is required', async () => {
    const { run } = setup();
    await expectCode(run({ flags: Flag.UP }, { requireUserVerification: true }), 'ERR_USER_VERIFICATION_REQUIRED');
    await expect(run({ flags: Flag.UP })).resolves.toMatchObject({ userVerified: false });
  });

  it('step 18: rejects BS without BE', async () => {
    const { run } = setup();
    await expectCode(run({ flags: Flag.UP | Flag.BS }), 'ERR_BACKUP_FLAGS_INVALID');
  });

  it('step 19: rejects BE differing from the stored backupEligible', async () => {
    const { run } = setup(-7, { backupEligible: true });
    await expectCode(run({ flags: Flag.UP }), 'ERR_BACKUP_FLAGS_INVALID');
    await expect(run({ flags: Flag.UP | Flag.BE })).resolves.toMatchObject({ backupEligible: true, backupState: false });
  });

  it('steps 20-21: rejects a signature by another key, and authenticator data changed after signing', async () => {
    const { key, run } = setup();
    await expectCode(run({ signer: generateKey(-7) }), 'ERR_SIGNATURE_INVALID');
    const tampered = craftAssertion({ key, credentialId });
    const authData = Buffer.from(tampered.response.authenticatorData, 'base64url');
    authData[36] = (authData[36] ?? 0) + 1; // bump the counter
    tampered.response.authenticatorData = b64u(authData);
    await expectCode(run({ json: (r) => (r.response = tampered.response) }), 'ERR_SIGNATURE_INVALID');
  });

  it('step 22: flags a non-increasing counter as cloneWarning instead of failing', async () => {
    const stored = (n: number) => setup(-7, { signCount: n }).run;
    await expect(stored(5)({ signCount: 5 })).resolves.toMatchObject({ cloneWarning: true, newSignCount: 5 });
    await expect(stored(5)({ signCount: 4 })).resolves.toMatchObject({ cloneWarning: true });
    await expect(stored(5)({ signCount: 0 })).resolves.toMatchObject({ cloneWarning: true });
    await expect(stored(5)({ signCount: 6 })).resolves.toMatchObject({ cloneWarning: false, newSignCount: 6 });
    await expect(stored(0)({ signCount: 0 })).resolves.toMatchObject({ cloneWarning: false, newSignCount: 0 });
  });

  it('step 22: with requireCounterIncrease, a non-increasing counter fails with ERR_COUNTER_REGRESSION', async () => {
    const { run } = setup(-7, { signCount: 5 });
    await expectCode(run({ signCount: 5 }, { requireCounterIncrease: true }), 'ERR_COUNTER_REGRESSION');
    await expect(run({ signCount: 6 }, { requireCounterIncrease: true })).resolves.toMatchObject({ cloneWarning: false });
  });

  it('step 23: rejects malformed authenticator extension outputs', async () => {
    const { run } = setup();
    await expectCode(run({ extensions: new Map([['hmac-secret', true]]) }), 'ERR_EXTENSIONS_INVALID');
    await expect(run({ extensions: new Map([['hmac-secret', new Uint8Array(32)]]) })).resolves.toMatchObject({
      authenticatorExtensionResults: { 'hmac-secret': new Uint8Array(32) },
    });
  });

  it('rejects malformed authenticator data (AT/ED flags that do not match the bytes)', async () => {
    const { run } = setup();
    await expectCode(run({ authData: authenticatorData({ flags: Flag.UP | Flag.ED }) }), 'ERR_AUTHDATA_MALFORMED');
    await expectCode(run({ authData: authenticatorData({ flags: Flag.UP, trailing: Uint8Array.of(0xa0) }) }), 'ERR_AUTHDATA_MALFORMED');
  });

  it('rejects a stored public key that is not a COSE key', async () => {
    const { run } = setup();
    await expectCode(run({}, { credential: { id: b64u(credentialId), publicKey: Uint8Array.of(1, 2, 3), signCount: 0 } }), 'ERR_INVALID_RESPONSE');
  });
});
