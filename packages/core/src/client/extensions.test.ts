import { describe, expect, it } from 'vitest';
import { decodeCbor, type CborMap } from '../cbor/index.js';
import { parseAuthenticatorData } from '../authData/index.js';
import { updateDeviceSettings } from '../ctap2/pinUv/deviceSettings.js';
import { creation, flagsOf, randomB64u, request, setup, swaAssertion, swaRegistration } from '../../test-utils/clientCeremony.js';

const allow = (id: string) => [{ type: 'public-key' as const, id }];
const sentExtensions = (sent: ReturnType<typeof setup>['sent'], command: number) => sent.filter((c) => c.command === command).at(-1)!.params!.get(command === 0x01 ? 0x06 : 0x04) as Map<string, unknown> | undefined;
const authDataExtensions = (r: { response: { authenticatorData: string } }) => parseAuthenticatorData(Buffer.from(r.response.authenticatorData, 'base64url')).extensions;

describe('credProtect (CTAP 2.1 12.1)', () => {
  const policies = [
    ['userVerificationOptional', 1],
    ['userVerificationOptionalWithCredentialIDList', 2],
    ['userVerificationRequired', 3],
  ] as const;

  it.each(policies)('%s registers level %i and the authenticator enforces it', async (policy, level) => {
    const { authenticator, client, sent } = setup('yubikey-5-nfc');
    const options = creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' }, extensions: { credentialProtectionPolicy: policy } });
    const registration = await client.create(options);
    expect(sentExtensions(sent, 0x01)!.get('credProtect')).toBe(level);
    expect(authenticator.credentials()[0]!.credProtect).toBe(level);
    expect(authDataExtensions(registration)?.get('credProtect')).toBe(level);
    expect(registration.clientExtensionResults).toEqual({});
    expect((await swaRegistration(registration, options, true)).verified).toBe(true);

    // Without user verification: discoverable lookup (no allowCredentials) and with an allowList.
    const discoverable = client.get(request({ userVerification: 'discouraged' }));
    const listed = client.get(request({ userVerification: 'discouraged', allowCredentials: allow(registration.id) }));
    if (level === 1) await expect(discoverable).resolves.toMatchObject({ id: registration.id });
    else await expect(discoverable).rejects.toMatchObject({ name: 'NotAllowedError', ctapCode: 'CTAP2_ERR_NO_CREDENTIALS' });
    if (level === 3) await expect(listed).rejects.toMatchObject({ name: 'NotAllowedError', ctapCode: 'CTAP2_ERR_NO_CREDENTIALS' });
    else await expect(listed).resolves.toMatchObject({ id: registration.id });
    // With user verification every level is usable.
    const get = request({ userVerification: 'required' });
    const assertion = await client.get(get);
    expect(flagsOf(assertion).uv).toBe(true);
    expect((await swaAssertion(assertion, get, registration, true)).verified).toBe(true);
  });

  it('enforceCredentialProtectionPolicy fails the registration where credProtect is unsupported', async () => {
    const { authenticator, client, sent } = setup('windows-hello-software');
    await expect(
      client.create(creation({ extensions: { credentialProtectionPolicy: 'userVerificationOptionalWithCredentialIDList', enforceCredentialProtectionPolicy: true } })),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(sent.some((c) => c.command === 0x01)).toBe(false);
    // Not enforced, or the default policy: the credential is made without the extension.
    await client.create(creation({ extensions: { credentialProtectionPolicy: 'userVerificationRequired' } }));
    await client.create(creation({ extensions: { credentialProtectionPolicy: 'userVerificationOptional', enforceCredentialProtectionPolicy: true } }));
    expect(sentExtensions(sent, 0x01)).toBeUndefined();
    expect(authenticator.credentials().every((c) => c.credProtect === undefined)).toBe(true);
  });

  it('ignores unknown policy strings and rejects wrong types', async () => {
    const { client, sent } = setup('yubikey-5-nfc');
    await client.create(creation({ extensions: { credentialProtectionPolicy: 'somethingNew', enforceCredentialProtectionPolicy: true } }));
    expect(sentExtensions(sent, 0x01)).toBeUndefined();
    await expect(client.create(creation({ extensions: { credentialProtectionPolicy: 3 as never } }))).rejects.toMatchObject({ name: 'TypeError' });
  });
});

describe('credBlob / getCredBlob (CTAP 2.1 12.2)', () => {
  it('stores a blob up to maxCredBlobLength and returns it at sign-in', async () => {
    const { client, sent } = setup('yubikey-5-nfc');
    const blob = randomB64u(32);
    const stored = await client.create(creation({ authenticatorSelection: { residentKey: 'required' }, extensions: { credBlob: blob } }));
    expect(stored.clientExtensionResults).toEqual({ credBlob: true });
    expect(Buffer.from(sentExtensions(sent, 0x01)!.get('credBlob') as Uint8Array).toString('base64url')).toBe(blob);
    const assertion = await client.get(request({ allowCredentials: allow(stored.id), extensions: { getCredBlob: true } }));
    expect(assertion.clientExtensionResults).toEqual({ getCredBlob: blob });
    expect(sentExtensions(sent, 0x02)!.get('credBlob')).toBe(true);

    const tooLong = await client.create(creation({ authenticatorSelection: { residentKey: 'required' }, extensions: { credBlob: randomB64u(33) } }));
    expect(tooLong.clientExtensionResults).toEqual({ credBlob: false });
    const none = await client.get(request({ allowCredentials: allow(tooLong.id), extensions: { getCredBlob: true } }));
    expect(none.clientExtensionResults).toEqual({ getCredBlob: '' });
  });

  it('reports credBlob false and no getCredBlob where the authenticator lacks the extension', async () => {
    const { client, sent } = setup('generic');
    const r = await client.create(creation({ authenticatorSelection: { residentKey: 'required' }, extensions: { credBlob: randomB64u(8) } }));
    expect(r.clientExtensionResults).toEqual({ credBlob: false });
    expect(sentExtensions(sent, 0x01)).toBeUndefined();
    expect((await client.get(request({ extensions: { getCredBlob: true } }))).clientExtensionResults).toEqual({});
  });
});

describe('minPinLength (CTAP 2.1 12.4)', () => {
  it('asks for it; the authenticator answers in authenticator data for RPs it allows; no client output', async () => {
    const { authenticator, client, sent } = setup('yubikey-5-nfc');
    const denied = await client.create(creation({ extensions: { minPinLength: true } }));
    expect(sentExtensions(sent, 0x01)!.get('minPinLength')).toBe(true);
    expect(denied.clientExtensionResults).toEqual({});
    expect(authDataExtensions(denied)?.has('minPinLength') ?? false).toBe(false);
    updateDeviceSettings({ preset: authenticator.preset, store: authenticator.store }, { minPinLengthRpIds: ['example.com'] });
    const allowed = await client.create(creation({ extensions: { minPinLength: true } }));
    expect(authDataExtensions(allowed)?.get('minPinLength')).toBe(4);
    expect(allowed.clientExtensionResults).toEqual({});
  });

  it('is not sent to authenticators without it', async () => {
    const { client, sent } = setup('generic');
    await client.create(creation({ extensions: { minPinLength: true } }));
    expect(sentExtensions(sent, 0x01)).toBeUndefined();
  });
});

describe('credProps (WebAuthn L3 10.1.3) and extension input types', () => {
  it('reports rk as the client asked for it', async () => {
    const { client } = setup('yubikey-5-nfc');
    expect((await client.create(creation({ authenticatorSelection: { residentKey: 'preferred' }, extensions: { credProps: true } }))).clientExtensionResults).toEqual({ credProps: { rk: true } });
    expect((await client.create(creation({ authenticatorSelection: { residentKey: 'discouraged' }, extensions: { credProps: true } }))).clientExtensionResults).toEqual({ credProps: { rk: false } });
    expect((await client.create(creation({ extensions: { credProps: false } }))).clientExtensionResults).toEqual({});
  });

  it('rejects malformed extension inputs with TypeError and ignores unknown extensions', async () => {
    const { client } = setup('yubikey-5-nfc');
    await expect(client.create(creation({ extensions: 'hi mom' as never }))).rejects.toMatchObject({ name: 'TypeError' });
    await expect(client.create(creation({ extensions: { credBlob: 'not base64url!' } }))).rejects.toMatchObject({ name: 'TypeError' });
    await expect(client.get(request({ extensions: { getCredBlob: 'yes' as never } }))).rejects.toMatchObject({ name: 'TypeError' });
    const r = await client.create(creation({ extensions: { somethingElse: { a: 1 } } }));
    expect(r.clientExtensionResults).toEqual({});
    const att = decodeCbor(Buffer.from(r.response.attestationObject, 'base64url')) as CborMap;
    expect(parseAuthenticatorData(att.get('authData') as Uint8Array).extensions).toBeUndefined();
  });
});
