import { describe, expect, it } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import { getPreset } from '../presets/index.js';
import type { Preset } from '../presets/types.js';
import type { AuthenticationExtensionsPRFOutputsJSON } from './types.js';
import { creation, flagsOf, randomB64u, request, setup, swaAssertion, swaRegistration } from '../../test-utils/clientCeremony.js';

/** WebAuthn L3 10.1.4, computed here independently: HMAC-SHA-256(CredRandomWithUV, SHA-256("WebAuthn PRF" || 0x00 || input)). */
function expectedPrf(credRandomWithUv: Uint8Array, input: string): string {
  const salt = createHash('sha256').update('WebAuthn PRF').update(Buffer.of(0)).update(Buffer.from(input, 'base64url')).digest();
  return createHmac('sha256', credRandomWithUv).update(salt).digest().toString('base64url');
}

const prfOf = (r: { clientExtensionResults: Record<string, unknown> }) => r.clientExtensionResults.prf as AuthenticationExtensionsPRFOutputsJSON | undefined;

/** yubikey-5-nfc that also evaluates the PRF at creation (CTAP 2.2 hmac-secret-mc). */
function withHmacSecretMc(id = 'yubikey-5-nfc'): Preset {
  const preset = getPreset(id);
  return { ...preset, getInfo: { ...preset.getInfo, extensions: [...(preset.getInfo.extensions ?? []), 'hmac-secret-mc'] } };
}

async function register(client: ReturnType<typeof setup>['client'], rk = true) {
  const options = creation({ authenticatorSelection: { residentKey: rk ? 'required' : 'discouraged', userVerification: 'required' }, extensions: { prf: {} } });
  const registration = await client.create(options);
  return { options, registration };
}

describe('prf over hmac-secret (WebAuthn L3 10.1.4)', () => {
  it('create: prf.enabled from the hmac-secret output; get: results are HMAC(CredRandomWithUV, salt), one or two', async () => {
    const { authenticator, client, sent } = setup('yubikey-5-nfc');
    const { options, registration } = await register(client);
    expect(registration.clientExtensionResults.prf).toEqual({ enabled: true });
    expect((await swaRegistration(registration, options, true)).verified).toBe(true);
    const mcExtensions = sent.find((c) => c.command === 0x01)!.params!.get(0x06) as Map<string, unknown>;
    expect(mcExtensions.get('hmac-secret')).toBe(true);
    const stored = authenticator.credentials()[0]!;
    expect(stored.hmacSecret).toBeDefined();

    const first = randomB64u(7);
    const second = randomB64u(40);
    const get = request({ userVerification: 'required', extensions: { prf: { eval: { first, second } } } });
    const assertion = await client.get(get);
    expect(prfOf(assertion)).toEqual({ results: { first: expectedPrf(stored.hmacSecret!.withUv, first), second: expectedPrf(stored.hmacSecret!.withUv, second) } });
    expect(flagsOf(assertion).ed).toBe(true);
    expect((await swaAssertion(assertion, get, registration, true)).verified).toBe(true);

    const one = await client.get(request({ extensions: { prf: { eval: { first } } } }));
    expect(prfOf(one)).toEqual({ results: { first: expectedPrf(stored.hmacSecret!.withUv, first) } });
    // An empty input is a valid input.
    const empty = await client.get(request({ extensions: { prf: { eval: { first: '' } } } }));
    expect(prfOf(empty)!.results!.first).toBe(expectedPrf(stored.hmacSecret!.withUv, ''));
  });

  it.each(['icloud-keychain', 'google-password-manager', '1password'])('%s (hmac-secret without clientPin): key agreement for the salts still works', async (id) => {
    const { authenticator, client } = setup(id);
    const { registration } = await register(client);
    expect(registration.clientExtensionResults.prf).toEqual({ enabled: true });
    const stored = authenticator.credentials()[0]!;
    const first = randomB64u();
    const assertion = await client.get(request({ userVerification: 'required', extensions: { prf: { eval: { first } } } }));
    expect(prfOf(assertion)).toEqual({ results: { first: expectedPrf(stored.hmacSecret!.withUv, first) } });
  });

  it('uses the user-verified PRF even when the RP discourages user verification', async () => {
    const { authenticator, client } = setup('yubikey-5c');
    await register(client);
    const stored = authenticator.credentials()[0]!;
    const first = randomB64u();
    const assertion = await client.get(request({ userVerification: 'discouraged', extensions: { prf: { eval: { first } } } }));
    expect(flagsOf(assertion).uv).toBe(true);
    expect(prfOf(assertion)!.results!.first).toBe(expectedPrf(stored.hmacSecret!.withUv, first));
    expect(prfOf(assertion)!.results!.first).not.toBe(expectedPrf(stored.hmacSecret!.withoutUv, first));
  });

  it('works with built-in UV tokens and protocol one keys too', async () => {
    for (const id of ['generic', 'titan', 'solokey']) {
      const { authenticator, client } = setup(id);
      await register(client);
      const stored = authenticator.credentials()[0]!;
      const first = randomB64u();
      const assertion = await client.get(request({ extensions: { prf: { eval: { first } } } }));
      expect(prfOf(assertion)!.results!.first, id).toBe(expectedPrf(stored.hmacSecret!.withUv, first));
    }
  });

  it('evalByCredential picks the inputs of the credential the authenticator returns', async () => {
    const { authenticator, client } = setup('yubikey-5-nfc');
    const a = (await register(client, false)).registration;
    const b = (await register(client, false)).registration;
    const withUv = (id: string) => authenticator.credentials().find((c) => Buffer.from(c.id).toString('base64url') === id)!.hmacSecret!.withUv;
    const [inA, inB, fallback] = [randomB64u(), randomB64u(), randomB64u()];
    const evalByCredential = { [a.id]: { first: inA }, [b.id]: { first: inB } };
    const allow = (...ids: string[]) => ids.map((id) => ({ type: 'public-key' as const, id }));

    const onlyB = await client.get(request({ allowCredentials: allow(b.id), extensions: { prf: { eval: { first: fallback }, evalByCredential: { [b.id]: { first: inB } } } } }));
    // Every key must name an allowed credential (WebAuthn L3 10.1.4 authentication step 2).
    await expect(client.get(request({ allowCredentials: allow(b.id), extensions: { prf: { evalByCredential } } }))).rejects.toMatchObject({ name: 'SyntaxError' });
    expect(prfOf(onlyB)!.results!.first).toBe(expectedPrf(withUv(b.id), inB));
    // Several allowed credentials: the client asks silently which one the authenticator will use.
    for (const order of [[a.id, b.id], [b.id, a.id]]) {
      const assertion = await client.get(request({ allowCredentials: allow(...order), extensions: { prf: { evalByCredential } } }));
      const input = assertion.id === a.id ? inA : inB;
      expect(assertion.id).toBe(order[0]);
      expect(prfOf(assertion)!.results!.first).toBe(expectedPrf(withUv(assertion.id), input));
    }
    // A credential the authenticator does not hold is skipped; one without its own inputs gets eval.
    const unknown = randomB64u(64);
    const skipped = await client.get(request({ allowCredentials: allow(unknown, b.id), extensions: { prf: { evalByCredential: { [unknown]: { first: inA }, [b.id]: { first: inB } } } } }));
    expect(skipped.id).toBe(b.id);
    expect(prfOf(skipped)!.results!.first).toBe(expectedPrf(withUv(b.id), inB));
    const byDefault = await client.get(request({ allowCredentials: allow(unknown, a.id, b.id), extensions: { prf: { eval: { first: fallback }, evalByCredential: { [b.id]: { first: inB } } } } }));
    expect(byDefault.id).toBe(a.id);
    expect(prfOf(byDefault)!.results!.first).toBe(expectedPrf(withUv(a.id), fallback));
  });

  it('rejects evalByCredential misuse before touching the authenticator', async () => {
    const { client, sent } = setup('yubikey-5-nfc');
    const { registration } = await register(client, false);
    sent.length = 0;
    const allow = [{ type: 'public-key' as const, id: registration.id }];
    await expect(client.get(request({ extensions: { prf: { evalByCredential: { [registration.id]: { first: 'AA' } } } } }))).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(client.get(request({ allowCredentials: allow, extensions: { prf: { evalByCredential: { Zm9v: { first: 'AA' } } } } }))).rejects.toMatchObject({ name: 'SyntaxError' });
    await expect(client.get(request({ allowCredentials: allow, extensions: { prf: { evalByCredential: { 'Zm9v=': { first: 'AA' } } } } }))).rejects.toMatchObject({ name: 'SyntaxError' });
    await expect(client.get(request({ allowCredentials: allow, extensions: { prf: { evalByCredential: { '': { first: 'AA' } } } } }))).rejects.toMatchObject({ name: 'SyntaxError' });
    await expect(client.get(request({ allowCredentials: allow, extensions: { prf: { eval: { second: 'AA' } } } as never }))).rejects.toMatchObject({ name: 'TypeError' });
    await expect(client.create(creation({ extensions: { prf: { evalByCredential: { Zm9v: { first: 'AA' } } } } }))).rejects.toMatchObject({ name: 'NotSupportedError' });
    expect(sent).toHaveLength(0);
    // An empty evalByCredential needs no allowCredentials.
    await expect(client.get(request({ allowCredentials: allow, extensions: { prf: { evalByCredential: {} } } }))).resolves.toBeDefined();
  });

  it('evaluates at creation where the authenticator has hmac-secret-mc (CTAP 2.2)', async () => {
    const { authenticator, client, sent } = setup(withHmacSecretMc());
    const [first, second] = [randomB64u(), randomB64u(3)];
    const options = creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' }, extensions: { prf: { eval: { first, second } } } });
    const registration = await client.create(options);
    const stored = authenticator.credentials()[0]!;
    expect(flagsOf(registration).uv).toBe(true);
    expect(registration.clientExtensionResults.prf).toEqual({
      enabled: true,
      results: { first: expectedPrf(stored.hmacSecret!.withUv, first), second: expectedPrf(stored.hmacSecret!.withUv, second) },
    });
    const mcInput = (sent.find((c) => c.command === 0x01)!.params!.get(0x06) as Map<string, unknown>).get('hmac-secret-mc') as Map<number, unknown>;
    expect([...mcInput.keys()]).toEqual([1, 2, 3, 4]);
    expect((await swaRegistration(registration, options, true)).verified).toBe(true);
    // Without hmac-secret-mc the results wait for an assertion.
    const plain = await setup('yubikey-5-nfc').client.create(creation({ extensions: { prf: { eval: { first } } } }));
    expect(plain.clientExtensionResults.prf).toEqual({ enabled: true });
  });

  it('an authenticator without hmac-secret: enabled false at create, an empty prf output at get', async () => {
    const { client } = setup('windows-hello-software');
    const registration = await client.create(creation({ authenticatorSelection: { residentKey: 'required' }, extensions: { prf: { eval: { first: 'AAAA' } } } }));
    expect(registration.clientExtensionResults.prf).toEqual({ enabled: false });
    const assertion = await client.get(request({ extensions: { prf: { eval: { first: 'AAAA' } } } }));
    expect(assertion.clientExtensionResults.prf).toEqual({});
    expect(flagsOf(assertion).ed).toBe(false);
  });

  it('a credential made without hmac-secret gets an empty prf output', async () => {
    const { client } = setup('yubikey-5-nfc');
    await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }));
    const assertion = await client.get(request({ extensions: { prf: { eval: { first: 'AAAA' } } } }));
    expect(assertion.clientExtensionResults.prf).toEqual({});
  });
});
