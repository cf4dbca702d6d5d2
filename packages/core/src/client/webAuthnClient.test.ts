import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { WebAuthnClient } from './webAuthnClient.js';
import type { PublicKeyCredentialCreationOptionsJSON } from './types.js';
import { decodeCbor } from '../cbor/index.js';
import type { CborMap } from '../cbor/types.js';

const b64u = (n: number) => randomBytes(n).toString('base64url');
const creation = (over: Partial<PublicKeyCredentialCreationOptionsJSON> = {}): PublicKeyCredentialCreationOptionsJSON => ({
  rp: { id: 'example.com', name: 'Example' },
  user: { id: b64u(16), name: 'ada', displayName: 'Ada' },
  challenge: b64u(32),
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  ...over,
});

function setup(preset = 'generic', origin = 'https://login.example.com', extra: Record<string, unknown> = {}) {
  const authenticator = new VirtualAuthenticator({ preset });
  return { authenticator, client: new WebAuthnClient({ authenticator, origin, ...extra }) };
}

describe('clientDataJSON', () => {
  it('is serialized in the WebAuthn L3 5.8.1.1 member order', async () => {
    const { client } = setup();
    const options = creation();
    const r = await client.create(options);
    const json = Buffer.from(r.response.clientDataJSON, 'base64url').toString();
    expect(json).toBe(`{"type":"webauthn.create","challenge":"${options.challenge}","origin":"https://login.example.com","crossOrigin":false}`);
  });
  it('carries crossOrigin and topOrigin for a cross-origin iframe', async () => {
    const { client } = setup('generic', 'https://login.example.com', { topOrigin: 'https://shop.example.net' });
    const options = creation();
    const r = await client.create(options);
    const parsed = JSON.parse(Buffer.from(r.response.clientDataJSON, 'base64url').toString());
    expect(parsed).toEqual({ type: 'webauthn.create', challenge: options.challenge, origin: 'https://login.example.com', crossOrigin: true, topOrigin: 'https://shop.example.net' });
  });
});

describe('origin and RP ID checks', () => {
  it.each([
    ['http://login.example.com', 'example.com', 'SecurityError'],
    ['https://login.example.com', 'other.com', 'SecurityError'],
    ['https://login.example.com', 'ogin.example.com', 'SecurityError'],
    ['https://login.example.co.uk', 'co.uk', 'SecurityError'],
    ['https://127.0.0.1', undefined, 'SecurityError'],
    ['not a url', undefined, 'SecurityError'],
    // Chromium 156: `localhost` is a public suffix for *.localhost, and rp ids are not lower-cased.
    ['http://evil.localhost:3000', 'localhost', 'SecurityError'],
    ['https://evil.localhost', 'localhost', 'SecurityError'],
    ['http://localhost:3000', 'LOCALHOST', 'SecurityError'],
    ['https://login.example.com', 'Example.com', 'SecurityError'],
  ])('origin %s with rp id %s rejects with %s', async (origin, rpId, name) => {
    const { client } = setup('generic', origin);
    await expect(client.create(creation({ rp: { name: 'x', ...(rpId && { id: rpId }) } }))).rejects.toMatchObject({ name, code: name });
  });
  it('accepts http://localhost and a registrable parent domain', async () => {
    await expect(setup('generic', 'http://localhost:3000').client.create(creation({ rp: { id: 'localhost', name: 'x' } }))).resolves.toBeDefined();
    await expect(setup('generic', 'http://evil.localhost:3000').client.create(creation({ rp: { id: 'evil.localhost', name: 'x' } }))).resolves.toBeDefined();
    await expect(setup('generic', 'http://a.b.localhost:3000').client.get({ challenge: b64u(16), rpId: 'b.localhost' })).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(setup('generic', 'http://a.b.localhost:3000').client.get({ challenge: b64u(16), rpId: 'localhost' })).rejects.toMatchObject({ name: 'SecurityError' });
    const r = await setup('generic', 'https://a.b.example.co.uk').client.create(creation({ rp: { id: 'example.co.uk', name: 'x' } }));
    const authData = Buffer.from(r.response.authenticatorData, 'base64url');
    expect(authData.subarray(0, 32)).toEqual(createHash('sha256').update('example.co.uk').digest());
  });
});

describe('option validation', () => {
  it('rejects malformed options with TypeError', async () => {
    const { client } = setup();
    await expect(client.create(creation({ user: { id: b64u(65), name: 'a', displayName: 'a' } }))).rejects.toMatchObject({ name: 'TypeError' });
    await expect(client.create(creation({ challenge: 'not base64url!' }))).rejects.toMatchObject({ name: 'TypeError' });
    await expect(client.create({ ...creation(), user: undefined } as unknown as PublicKeyCredentialCreationOptionsJSON)).rejects.toMatchObject({ name: 'TypeError' });
    await expect(client.get({ challenge: 42 } as unknown as { challenge: string })).rejects.toMatchObject({ name: 'TypeError' });
  });
  it('rejects pubKeyCredParams without a public-key entry with NotSupportedError', async () => {
    const { client } = setup();
    await expect(client.create(creation({ pubKeyCredParams: [{ type: 'password', alg: -7 }] }))).rejects.toMatchObject({ name: 'NotSupportedError' });
  });
  it('uses ES256/RS256 when pubKeyCredParams is empty', async () => {
    const r = await setup('windows-hello-software').client.create(creation({ pubKeyCredParams: [] }));
    expect([-7, -257]).toContain(r.response.publicKeyAlgorithm);
  });
});

describe('CTAP errors as DOMExceptions', () => {
  it('maps an excluded credential to InvalidStateError', async () => {
    const { client } = setup();
    const first = await client.create(creation());
    await expect(client.create(creation({ excludeCredentials: [{ type: 'public-key', id: first.id }] }))).rejects.toMatchObject({
      name: 'InvalidStateError',
      ctapCode: 'CTAP2_ERR_CREDENTIAL_EXCLUDED',
    });
  });
  it('maps failed UV, refusal and no credentials to NotAllowedError', async () => {
    const { client, authenticator } = setup();
    authenticator.user.once({ verification: 'fail' });
    await expect(client.create(creation({ authenticatorSelection: { userVerification: 'required' } }))).rejects.toMatchObject({ name: 'NotAllowedError', ctapCode: 'CTAP2_ERR_UV_INVALID' });
    authenticator.user.once({ presence: 'refuse' });
    await expect(client.create(creation())).rejects.toMatchObject({ name: 'NotAllowedError', ctapCode: 'CTAP2_ERR_OPERATION_DENIED' });
    await expect(client.get({ challenge: b64u(32), rpId: 'example.com' })).rejects.toMatchObject({ name: 'NotAllowedError', ctapCode: 'CTAP2_ERR_NO_CREDENTIALS' });
  });
  it('rejects an aborted signal with AbortError', async () => {
    const { client } = setup();
    const controller = new AbortController();
    controller.abort();
    await expect(client.create(creation(), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
  it('rejects a required attachment the preset lacks with NotAllowedError', async () => {
    const { client } = setup('yubikey-5-nfc');
    await expect(client.create(creation({ authenticatorSelection: { authenticatorAttachment: 'platform' } }))).rejects.toMatchObject({ name: 'NotAllowedError' });
  });
});

describe('responses', () => {
  it('returns L3 JSON with SPKI public key, transports and credProps', async () => {
    const { client, authenticator } = setup('yubikey-5-nfc');
    const r = await client.create(creation({ authenticatorSelection: { residentKey: 'required' }, extensions: { credProps: true } }));
    expect(r.type).toBe('public-key');
    expect(r.rawId).toBe(r.id);
    expect(r.authenticatorAttachment).toBe('cross-platform');
    expect(r.response.transports).toEqual([...authenticator.preset.transports].sort());
    expect(r.clientExtensionResults).toEqual({ credProps: { rk: true } });
    const att = decodeCbor(Buffer.from(r.response.attestationObject, 'base64url')) as CborMap;
    expect(att.get('fmt')).toBe('none');
    expect(Buffer.from(att.get('authData') as Uint8Array).toString('base64url')).toBe(r.response.authenticatorData);
    const a = await client.get({ challenge: b64u(32), rpId: 'example.com' });
    expect(a.id).toBe(r.id);
    expect(a.response.userHandle).toBeDefined();
  });
  it('zeroes the AAGUID under attestation none when configured', async () => {
    const { client } = setup('yubikey-5-nfc', 'https://login.example.com', { zeroAaguidOnNone: true });
    const r = await client.create(creation());
    expect(Buffer.from(r.response.authenticatorData, 'base64url').subarray(37, 53).every((b) => b === 0)).toBe(true);
  });
});
