/**
 * verifyRegistration, one test per WebAuthn L3 7.1 step: each test crafts an otherwise valid response
 * (node:crypto keys, test-only CBOR encoder) and breaks exactly that step.
 */
import { generateKeyPairSync } from 'node:crypto';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { TrustStore, verifyRegistration, type VerifyRegistrationOptions } from '../index.js';
import { encodeCbor } from '../../test-utils/cbor.js';
import { coseKey, detached, generateKey } from '../../test-utils/keys.js';
import {
  AAGUID,
  authenticatorData,
  CHALLENGE,
  clientDataJSON,
  craftRegistration,
  Flag,
  ORIGIN,
  packedSelf,
  RP_ID,
  type RegistrationOptions,
} from '../../test-utils/ceremony.js';
import { makeTestCa, toPem } from '../../test-utils/certificates.js';
import { packedFull } from '../../test-utils/attestations.js';
import { expectCode } from '../../test-utils/expectCode.js';

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

function verify(o: RegistrationOptions = {}, extra: Partial<VerifyRegistrationOptions> = {}) {
  const crafted = craftRegistration(o);
  return verifyRegistration({
    response: crafted.response,
    expectedChallenge: CHALLENGE,
    expectedOrigin: ORIGIN,
    expectedRpId: RP_ID,
    ...extra,
  });
}

describe('verifyRegistration (L3 7.1)', () => {
  it('accepts a valid packed self-attested ES256 registration and returns the credential record', async () => {
    const crafted = craftRegistration({ signCount: 3 });
    const result = await verifyRegistration({ response: crafted.response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID });
    const c = result.credential;
    expect(c.id).toBe(b64u(crafted.credentialId));
    expect(Buffer.from(c.publicKey).equals(Buffer.from(coseKey(crafted.key)))).toBe(true);
    expect(c.algorithm).toBe(-7);
    expect(c.signCount).toBe(3);
    expect(c.transports).toEqual(['usb']);
    expect(c.aaguid.replace(/-/g, '')).toBe(Buffer.from(AAGUID).toString('hex'));
    expect(c.userVerified).toBe(true);
    expect(c.attestation).toEqual({ fmt: 'packed', type: 'self', trustPath: [], trusted: false });
    expect(result.rpId).toBe(RP_ID);
    expect(result.origin).toBe(ORIGIN);
    // The same response as JSON text verifies the same way.
    const again = await verifyRegistration({ response: JSON.stringify(crafted.response), expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID });
    expect(again.credential).toEqual(c);
  });

  it('crafted responses are also accepted by @simplewebauthn/server (the crafting is realistic)', async () => {
    const crafted = craftRegistration();
    const swa = await verifyRegistrationResponse({
      response: crafted.response as Parameters<typeof verifyRegistrationResponse>[0]['response'],
      expectedChallenge: CHALLENGE,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
    });
    expect(swa.verified).toBe(true);
  });

  it.each([-7, -35, -36, -8, -257, -258, -259, -37, -38, -39])('accepts credential algorithm %i', async (alg) => {
    const result = await verify({ alg });
    expect(result.credential.algorithm).toBe(alg);
  });

  it('step 3: rejects a response whose type is not public-key', async () => {
    await expectCode(verify({ json: (r) => (r.type = 'password') }), 'ERR_INVALID_RESPONSE');
  });

  it('step 3: rejects malformed JSON text and malformed base64url', async () => {
    await expectCode(verifyRegistration({ response: '{"id":', expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID }), 'ERR_INVALID_RESPONSE');
    await expectCode(verify({ json: (r) => (r.response.attestationObject = 'not*base64url') }), 'ERR_INVALID_RESPONSE');
    await expectCode(verify({ json: (r) => (r.response.transports = [1 as unknown as string]) }), 'ERR_INVALID_RESPONSE');
    await expectCode(verify({ json: (r) => (r.response.clientDataJSON = 'A'.repeat(2 * 1024 * 1024 + 4)) }), 'ERR_INVALID_RESPONSE');
  });

  it('step 4/28: rejects clientExtensionResults that is not an object', async () => {
    await expectCode(verify({ json: (r) => (r.clientExtensionResults = [] as unknown as Record<string, unknown>) }), 'ERR_EXTENSIONS_INVALID');
  });

  it('steps 5-6: rejects clientDataJSON that is not JSON', async () => {
    await expectCode(verify({ rawClientData: new TextEncoder().encode('{"type":"webauthn.create"') }), 'ERR_INVALID_RESPONSE');
  });

  it('step 7: rejects clientData.type webauthn.get', async () => {
    await expectCode(verify({ rawClientData: clientDataJSON('webauthn.get') }), 'ERR_TYPE_MISMATCH');
  });

  it('step 8: rejects a different challenge, and a predicate that refuses it', async () => {
    await expectCode(verify({ clientData: { challenge: 'b3RoZXI' } }), 'ERR_CHALLENGE_MISMATCH');
    await expectCode(verify({}, { expectedChallenge: () => false }), 'ERR_CHALLENGE_MISMATCH');
    const ok = await verify({}, { expectedChallenge: async (c) => c === CHALLENGE });
    expect(ok.credential.signCount).toBe(0);
  });

  it('step 9: rejects an unexpected origin; accepts any origin of a list', async () => {
    await expectCode(verify({ clientData: { origin: 'https://evil.example' } }), 'ERR_ORIGIN_MISMATCH');
    const ok = await verify({}, { expectedOrigin: ['https://other.example', ORIGIN] });
    expect(ok.origin).toBe(ORIGIN);
  });

  it('step 10: rejects crossOrigin true unless a top origin is expected', async () => {
    await expectCode(verify({ clientData: { crossOrigin: true } }), 'ERR_CROSS_ORIGIN');
    await expect(verify({ clientData: { crossOrigin: true, topOrigin: 'https://top.example' } }, { expectedTopOrigin: 'https://top.example' })).resolves.toBeDefined();
  });

  it('step 11: rejects an unexpected topOrigin', async () => {
    await expectCode(
      verify({ clientData: { crossOrigin: true, topOrigin: 'https://evil.example' } }, { expectedTopOrigin: 'https://top.example' }),
      'ERR_TOP_ORIGIN_MISMATCH',
    );
  });

  it('step 12: the attestation signature covers SHA-256(clientDataJSON): altered client data fails', async () => {
    const crafted = craftRegistration();
    const altered = clientDataJSON('webauthn.create', { extra: 'added after signing' });
    crafted.response.response.clientDataJSON = b64u(altered);
    await expectCode(
      verifyRegistration({ response: crafted.response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID }),
      'ERR_ATTESTATION_SIGNATURE',
    );
  });

  it('step 13: rejects an attestation object that is not CBOR or lacks authData', async () => {
    await expectCode(verify({ json: (r) => (r.response.attestationObject = b64u(Uint8Array.of(0xa1, 0x63))) }), 'ERR_ATTESTATION_MALFORMED');
    const noAuthData = encodeCbor(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()]]));
    await expectCode(verify({ json: (r) => (r.response.attestationObject = b64u(noAuthData)) }), 'ERR_ATTESTATION_MALFORMED');
  });

  it('step 13: rejects truncated authenticator data and trailing bytes', async () => {
    await expectCode(verify({ authData: new Uint8Array(36) }), 'ERR_AUTHDATA_MALFORMED');
    const key = generateKey(-7);
    const trailing = authenticatorData({ flags: Flag.UP | Flag.AT, attested: { credentialId: new Uint8Array(16), publicKey: coseKey(key) }, trailing: Uint8Array.of(0) });
    await expectCode(verify({ key, credentialId: new Uint8Array(16), authData: trailing }), 'ERR_AUTHDATA_MALFORMED');
  });

  it('step 13: rejects registration authenticator data without attested credential data', async () => {
    await expectCode(verify({ authData: authenticatorData({ flags: Flag.UP }) }), 'ERR_ATTESTED_DATA_MISSING');
  });

  it('step 14: rejects an rpIdHash for another RP ID; accepts any RP ID of a list', async () => {
    await expectCode(verify({ rpId: 'evil.example' }), 'ERR_RPID_MISMATCH');
    const ok = await verify({ rpId: 'login.example.com' }, { expectedRpId: [RP_ID, 'login.example.com'] });
    expect(ok.rpId).toBe('login.example.com');
  });

  it('step 15: rejects UP clear unless user presence is not required (conditional create)', async () => {
    await expectCode(verify({ flags: Flag.UV | Flag.AT }), 'ERR_USER_PRESENCE_REQUIRED');
    await expect(verify({ flags: Flag.AT }, { requireUserPresence: false })).resolves.toBeDefined();
  });

  it('step 16: rejects UV clear when user verification is required', async () => {
    await expectCode(verify({ flags: Flag.UP | Flag.AT }, { requireUserVerification: true }), 'ERR_USER_VERIFICATION_REQUIRED');
    const ok = await verify({ flags: Flag.UP | Flag.AT });
    expect(ok.credential.userVerified).toBe(false);
  });

  it('step 17: rejects BS without BE', async () => {
    await expectCode(verify({ flags: Flag.UP | Flag.AT | Flag.BS }), 'ERR_BACKUP_FLAGS_INVALID');
  });

  it('steps 18-19: reports BE and BS', async () => {
    const ok = await verify({ flags: Flag.UP | Flag.AT | Flag.BE | Flag.BS });
    expect([ok.credential.backupEligible, ok.credential.backupState]).toEqual([true, true]);
  });

  it('step 20: rejects a credential algorithm that was not offered, and one the verifier does not know', async () => {
    await expectCode(verify({ alg: -7 }, { supportedAlgorithms: [-257] }), 'ERR_ALGORITHM_NOT_ALLOWED');
    // ES256K (-47) on secp256k1: not supported by this verifier.
    const k1 = { alg: -47, ...detached(generateKeyPairSync('ec', { namedCurve: 'secp256k1' })) };
    const jwk = k1.publicKey.export({ format: 'jwk' });
    const cose = encodeCbor(new Map<number, unknown>([[1, 2], [3, -47], [-1, 8], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]));
    await expectCode(
      verify({ publicKey: cose, attest: () => ({ fmt: 'none', attStmt: new Map() }) }, { supportedAlgorithms: [-47] }),
      'ERR_ALGORITHM_NOT_ALLOWED',
    );
  });

  it('step 20: rejects a COSE key whose alg and curve disagree', async () => {
    const key = generateKey(-7);
    await expectCode(verify({ key, publicKey: coseKey(key, [[-1, 2]]) }), 'ERR_AUTHDATA_MALFORMED');
  });

  it('step 21: rejects an unknown format and matches format names case-sensitively', async () => {
    await expectCode(verify({ attest: () => ({ fmt: 'x-unknown', attStmt: new Map() }) }), 'ERR_ATTESTATION_UNSUPPORTED');
    await expectCode(verify({ attest: (a, h, k) => ({ ...packedSelf(a, h, k), fmt: 'Packed' }) }), 'ERR_ATTESTATION_UNSUPPORTED');
  });

  it('step 22: rejects an attestation signature made by another key', async () => {
    const other = generateKey(-7);
    await expectCode(verify({ attest: (a, h) => packedSelf(a, h, other) }), 'ERR_ATTESTATION_SIGNATURE');
  });

  it('steps 23-24: trusted when the chain reaches an anchor, rejected when scoped anchors are missed, untrusted otherwise', async () => {
    const ca = makeTestCa('vfido packed root');
    const otherCa = makeTestCa('some other root');
    const attest = packedFull(ca);
    const reached = await verify({ attest }, { trustStore: new TrustStore().addRoots(toPem(ca.der)) });
    expect(reached.credential.attestation).toMatchObject({ fmt: 'packed', type: 'basic', trusted: true });
    const untrusted = await expectCode(verify({ attest }, { trustStore: new TrustStore().addRoots(toPem(otherCa.der), { format: 'packed' }) }), 'ERR_ATTESTATION_UNTRUSTED');
    expect(untrusted.message).toMatch(/no trust anchor or x5c certificate issued/);
    await expectCode(
      verify({ attest }, { trustStore: new TrustStore().addRoots(toPem(otherCa.der), { aaguid: Buffer.from(AAGUID).toString('hex') }) }),
      'ERR_ATTESTATION_UNTRUSTED',
    );
    const global = await verify({ attest }, { trustStore: new TrustStore().addRoots(toPem(otherCa.der)) });
    expect(global.credential.attestation.trusted).toBe(false);
    const otherScope = await verify({ attest }, { trustStore: new TrustStore().addRoots(toPem(otherCa.der), { format: 'tpm' }) });
    expect(otherScope.credential.attestation.trusted).toBe(false);
  });

  it('step 25: rejects a credential id longer than 1023 bytes and accepts 1023', async () => {
    await expectCode(verify({ credentialId: new Uint8Array(1024).fill(1) }), 'ERR_CREDENTIAL_ID_TOO_LONG');
    const ok = await verify({ credentialId: new Uint8Array(1023).fill(1) });
    expect(Buffer.from(ok.credential.id, 'base64url').length).toBe(1023);
  });

  it('step 27: rejects id or rawId that differ from the attested credential id', async () => {
    await expectCode(verify({ json: (r) => (r.rawId = b64u(new Uint8Array(32))) }), 'ERR_CREDENTIAL_ID_MISMATCH');
    await expectCode(verify({ json: (r) => (r.id = b64u(new Uint8Array(32))) }), 'ERR_CREDENTIAL_ID_MISMATCH');
  });

  it('step 28: rejects malformed authenticator extension outputs and returns valid ones', async () => {
    await expectCode(verify({ extensions: new Map([['credProtect', 7]]) }), 'ERR_EXTENSIONS_INVALID');
    await expectCode(verify({ json: (r) => (r.clientExtensionResults = { credProps: { rk: 'yes' } }) }), 'ERR_EXTENSIONS_INVALID');
    const ok = await verify({ extensions: new Map<string, unknown>([['credProtect', 2], ['hmac-secret', true]]), json: (r) => (r.clientExtensionResults = { credProps: { rk: true } }) });
    expect(ok.authenticatorExtensionResults).toEqual({ credProtect: 2, 'hmac-secret': true });
    expect(ok.clientExtensionResults).toEqual({ credProps: { rk: true } });
  });

  it('rejects ED set without extension bytes (authenticator data flags must match the bytes)', async () => {
    const key = generateKey(-7);
    const credentialId = new Uint8Array(16);
    const authData = authenticatorData({ flags: Flag.UP | Flag.AT | Flag.ED, attested: { credentialId, publicKey: coseKey(key) } });
    await expectCode(verify({ key, credentialId, authData }), 'ERR_AUTHDATA_MALFORMED');
  });
});
