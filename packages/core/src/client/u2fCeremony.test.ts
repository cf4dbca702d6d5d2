/**
 * The client on a U2F-only authenticator (CTAP 2.1 section 10): getInfo fails, so create() goes through
 * U2F_REGISTER and get() through U2F_AUTHENTICATE. Each response is checked independently: the fido-u2f
 * statement signature (WebAuthn L3 8.6 verification procedure) and the assertion signature with @noble/curves,
 * the attestation certificate with node:crypto's X509Certificate. ECDSA from authenticators may be high-S (lowS: false).
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../cbor/index.js';
import type { CborMap } from '../cbor/types.js';
import { VirtualAuthenticator } from '../virtualAuthenticator.js';
import type { PublicKeyCredentialCreationOptionsJSON } from './types.js';
import { WebAuthnClient } from './webAuthnClient.js';

const ORIGIN = 'https://login.example.com';
const sha256 = (d: Uint8Array | string): Buffer => createHash('sha256').update(d).digest();
const fromB64u = (s: string): Buffer => Buffer.from(s, 'base64url');
const creation = (over: Partial<PublicKeyCredentialCreationOptionsJSON> = {}): PublicKeyCredentialCreationOptionsJSON => ({
  rp: { id: 'example.com', name: 'Example' },
  user: { id: randomBytes(16).toString('base64url'), name: 'ada', displayName: 'Ada' },
  challenge: randomBytes(32).toString('base64url'),
  pubKeyCredParams: [{ type: 'public-key', alg: -8 }, { type: 'public-key', alg: -7 }],
  attestation: 'direct',
  ...over,
});

function setup() {
  const authenticator = new VirtualAuthenticator({ preset: 'feitian-epass-u2f', seed: 'u2f-client' });
  return { authenticator, client: new WebAuthnClient({ authenticator, origin: ORIGIN }) };
}

describe('WebAuthn client on a U2F-only authenticator (CTAP 2.1 section 10)', () => {
  it('registers over U2F_REGISTER: fmt fido-u2f, zero AAGUID, UP|AT, counter 0, and the statement verifies (L3 8.6)', async () => {
    const { authenticator, client } = setup();
    const r = await client.create(creation({ extensions: { credProps: true } }));
    const att = decodeCbor(fromB64u(r.response.attestationObject)) as CborMap;
    expect(att.get('fmt')).toBe('fido-u2f');
    const authData = Buffer.from(att.get('authData') as Uint8Array);
    expect(authData.subarray(0, 32).equals(sha256('example.com'))).toBe(true);
    expect(authData[32]).toBe(0x41); // UP | AT
    expect(authData.readUInt32BE(33)).toBe(0);
    expect(authData.subarray(37, 53).equals(Buffer.alloc(16))).toBe(true);
    const idLength = authData.readUInt16BE(53);
    const keyHandle = authData.subarray(55, 55 + idLength);
    expect(keyHandle.toString('base64url')).toBe(r.id);
    expect(r.response.publicKeyAlgorithm).toBe(-7);
    expect(r.authenticatorAttachment).toBe('cross-platform');
    expect(r.clientExtensionResults).toEqual({ credProps: { rk: false } });

    // L3 8.6 steps: verificationData = 0x00 || rpIdHash || clientDataHash || credentialId || publicKeyU2F.
    const cose = decodeCbor(authData.subarray(55 + idLength)) as CborMap;
    const publicKeyU2F = Buffer.concat([Buffer.of(0x04), Buffer.from(cose.get(-2) as Uint8Array), Buffer.from(cose.get(-3) as Uint8Array)]);
    const stmt = att.get('attStmt') as CborMap;
    const x5c = stmt.get('x5c') as Uint8Array[];
    expect(x5c).toHaveLength(1);
    const cert = new X509Certificate(x5c[0]!);
    const data = Buffer.concat([Buffer.of(0x00), sha256('example.com'), sha256(fromB64u(r.response.clientDataJSON)), keyHandle, publicKeyU2F]);
    const certKey = cert.publicKey.export({ format: 'jwk' });
    const certPoint = Buffer.concat([Buffer.of(0x04), fromB64u(certKey.x!), fromB64u(certKey.y!)]);
    expect(p256.verify(p256.Signature.fromBytes(stmt.get('sig') as Uint8Array, 'der').toBytes('compact'), sha256(data), certPoint, { prehash: false, lowS: false })).toBe(true);
    // The U2F key stores a non-discoverable credential under its application parameter, not the RP ID.
    expect(authenticator.credentials().map((c) => [c.discoverable, c.rpId])).toEqual([[false, `u2f-appid-sha256:${sha256('example.com').toString('hex')}`]]);
  });

  it('signs in over U2F_AUTHENTICATE with the allowed key handle; the signature verifies with @noble/curves', async () => {
    const { client } = setup();
    const r = await client.create(creation());
    const cose = decodeCbor(fromB64u(r.response.attestationObject)) as CborMap;
    const regAuthData = Buffer.from(cose.get('authData') as Uint8Array);
    const key = decodeCbor(regAuthData.subarray(55 + regAuthData.readUInt16BE(53))) as CborMap;
    const point = Buffer.concat([Buffer.of(0x04), Buffer.from(key.get(-2) as Uint8Array), Buffer.from(key.get(-3) as Uint8Array)]);
    const other = randomBytes(64).toString('base64url');
    for (const expected of [1, 2]) {
      const a = await client.get({ challenge: randomBytes(32).toString('base64url'), rpId: 'example.com', allowCredentials: [{ type: 'public-key', id: other }, { type: 'public-key', id: r.id }] });
      expect(a.id).toBe(r.id);
      expect(a.response.userHandle).toBeUndefined();
      const authData = fromB64u(a.response.authenticatorData);
      expect(authData).toHaveLength(37);
      expect(authData[32]).toBe(0x01); // UP only
      expect(authData.readUInt32BE(33)).toBe(expected);
      const signed = Buffer.concat([authData, sha256(fromB64u(a.response.clientDataJSON))]);
      expect(p256.verify(p256.Signature.fromBytes(fromB64u(a.response.signature), 'der').toBytes('compact'), sha256(signed), point, { prehash: false, lowS: false })).toBe(true);
    }
  });

  it("attestation 'none' replaces the statement; the AAGUID is zero either way", async () => {
    const att = decodeCbor(fromB64u((await setup().client.create(creation({ attestation: 'none' }))).response.attestationObject)) as CborMap;
    expect(att.get('fmt')).toBe('none');
    expect((att.get('attStmt') as CborMap).size).toBe(0);
  });

  it('refuses what a U2F key cannot do as a browser does: UV or a resident key required, ES256 not offered, no allow list', async () => {
    const { client } = setup();
    await expect(client.create(creation({ authenticatorSelection: { userVerification: 'required' } }))).rejects.toMatchObject({ name: 'NotAllowedError', message: expect.stringMatching(/U2F-only.*verify/) });
    await expect(client.create(creation({ authenticatorSelection: { residentKey: 'required' } }))).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(client.create(creation({ pubKeyCredParams: [{ type: 'public-key', alg: -257 }] }))).rejects.toMatchObject({ name: 'NotSupportedError' });
    const r = await client.create(creation({ authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' } }));
    await expect(client.get({ challenge: randomBytes(32).toString('base64url'), rpId: 'example.com' })).rejects.toMatchObject({ name: 'NotAllowedError', message: expect.stringMatching(/discoverable/) });
    await expect(client.get({ challenge: randomBytes(32).toString('base64url'), rpId: 'example.com', userVerification: 'required', allowCredentials: [{ type: 'public-key', id: r.id }] })).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(client.get({ challenge: randomBytes(32).toString('base64url'), rpId: 'example.com', allowCredentials: [{ type: 'public-key', id: randomBytes(64).toString('base64url') }] })).rejects.toMatchObject({ name: 'NotAllowedError', message: expect.stringMatching(/none of the 1/) });
  });

  it('an excluded credential on the key is InvalidStateError after a touch (check-only U2F_AUTHENTICATE)', async () => {
    const { authenticator, client } = setup();
    const r = await client.create(creation());
    await expect(client.create(creation({ excludeCredentials: [{ type: 'public-key', id: randomBytes(64).toString('base64url') }, { type: 'public-key', id: r.id }] }))).rejects.toMatchObject({ name: 'InvalidStateError' });
    expect(authenticator.credentials().filter((c) => !c.rpId.includes(sha256('dummy application').toString('hex')))).toHaveLength(1);
  });

  it('a refused touch is NotAllowedError at once', async () => {
    const { authenticator, client } = setup();
    authenticator.user.presence = 'refuse';
    await expect(client.create(creation())).rejects.toMatchObject({ name: 'NotAllowedError' });
  });
});
