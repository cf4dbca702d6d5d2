import { describe, expect, it } from 'vitest';
import { getPreset, presetIds, presets } from '../presets/index.js';
import { DEFAULT_TEST_PIN } from '../user/scriptedUser.js';
import { updateDeviceSettings } from '../ctap2/pinUv/deviceSettings.js';
import { creation, flagsOf, infoOptions, request, setup, swaAssertion, swaRegistration, type SentCommand } from '../../test-utils/clientCeremony.js';

const CLIENT_PIN = 0x06;
/** The authenticatorClientPIN requests the client sent, as [protocol, subCommand, permissions, rpId]. */
const pinCommands = (sent: SentCommand[]) =>
  sent.filter((c) => c.command === CLIENT_PIN).map((c) => [c.params!.get(0x01), c.params!.get(0x02), c.params!.get(0x09), c.params!.get(0x0a)]);
/** Presets that verify users only with a client PIN (FIDO Registry passcode_external). */
const pinOnly = presetIds.filter((id) => presets[id]!.userVerification.methods.every((m) => m === 'passcode_external'));

describe('built-in UV versus client PIN (getInfo)', () => {
  it('reports uv only for presets with a built-in method', async () => {
    expect(pinOnly).toEqual(expect.arrayContaining(['yubikey-5-nfc', 'yubikey-5c', 'titan', 'feitian', 'solokey']));
    for (const id of pinOnly) {
      const options = await infoOptions(setup(id).authenticator);
      expect(options.has('uv'), id).toBe(false);
      expect(options.get('clientPin'), id).toBe(false);
    }
    expect((await infoOptions(setup('generic').authenticator)).get('uv')).toBe(true);
    expect((await infoOptions(setup('windows-hello-software').authenticator)).get('uv')).toBe(true);
  });
});

describe('PIN flow on a security key (CTAP 2.1 6.5, as Chrome)', () => {
  it('creates the scripted PIN on the first required UV, then asks for it: UV set, SimpleWebAuthn agrees', async () => {
    const { authenticator, client, sent } = setup('yubikey-5-nfc');
    const options = creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' } });
    const registration = await client.create(options);
    expect(flagsOf(registration).uv).toBe(true);
    expect((await swaRegistration(registration, options, true)).verified).toBe(true);
    expect((await infoOptions(authenticator)).get('clientPin')).toBe(true);
    // Protocol 2 (first of getInfo [2, 1]): getKeyAgreement, setPIN, getKeyAgreement, token with mc for the RP.
    expect(pinCommands(sent)).toEqual([
      [2, 0x02, undefined, undefined],
      [2, 0x03, undefined, undefined],
      [2, 0x02, undefined, undefined],
      [2, 0x09, 0x01, 'example.com'],
    ]);
    const mc = sent.find((c) => c.command === 0x01)!.params!;
    expect(mc.get(0x09)).toBe(2);
    expect((mc.get(0x08) as Uint8Array).length).toBe(32);
    expect((mc.get(0x07) as Map<string, boolean>).has('uv')).toBe(false);

    sent.length = 0;
    const get = request({ userVerification: 'required' });
    const assertion = await client.get(get);
    expect(flagsOf(assertion).uv).toBe(true);
    expect((await swaAssertion(assertion, get, registration, true)).verified).toBe(true);
    expect(pinCommands(sent)).toEqual([
      [2, 0x01, undefined, undefined],
      [2, 0x02, undefined, undefined],
      [2, 0x09, 0x02, 'example.com'],
    ]);
    expect(authenticator.pinRetries).toBe(8);
  });

  it('sets exactly the scripted PIN: a user who knows another one is refused', async () => {
    const { authenticator, client } = setup('yubikey-5c');
    authenticator.user.pin = '24680';
    await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }));
    await expect(client.get(request({ userVerification: 'required' }))).resolves.toBeDefined();
    authenticator.user.pin = DEFAULT_TEST_PIN;
    await expect(client.get(request({ userVerification: 'required' }))).rejects.toMatchObject({ name: 'NotAllowedError', ctapCode: 'CTAP2_ERR_PIN_INVALID' });
  });

  it('does not create a PIN when UV is only preferred, and then verifies with it once set', async () => {
    const { authenticator, client, sent } = setup('yubikey-5-nfc');
    const first = await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' } }));
    expect(flagsOf(first).uv).toBe(false);
    expect(sent.some((c) => c.command === CLIENT_PIN)).toBe(false);
    expect((await infoOptions(authenticator)).get('clientPin')).toBe(false);
    expect(flagsOf(await client.get(request({ userVerification: 'preferred' }))).uv).toBe(false);

    await client.get(request({ userVerification: 'required' })); // creates the PIN
    expect(flagsOf(await client.get(request({ userVerification: 'preferred' }))).uv).toBe(true);
    expect(flagsOf(await client.get(request({ userVerification: 'discouraged' }))).uv).toBe(false);
    // makeCredUvNotRqd covers non-discoverable credentials only (CTAP 2.1 6.1.2 step 7).
    expect(flagsOf(await client.create(creation({ authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' } }))).uv).toBe(false);
    expect(flagsOf(await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' } }))).uv).toBe(true);
  });

  it('a wrong PIN is NotAllowedError with PIN_INVALID and one retry fewer; the right PIN restores them', async () => {
    const { authenticator, client } = setup('yubikey-5-nfc');
    await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }));
    authenticator.user.verification = 'fail';
    for (const left of [7, 6]) {
      const error = await client.get(request({ userVerification: 'required' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'NotAllowedError', code: 'NotAllowedError', ctapCode: 'CTAP2_ERR_PIN_INVALID' });
      expect((error as Error).message).toContain(`${left} attempts left`);
      expect(authenticator.pinRetries).toBe(left);
    }
    authenticator.user.verification = 'accept';
    expect(flagsOf(await client.get(request({ userVerification: 'required' }))).uv).toBe(true);
    expect(authenticator.pinRetries).toBe(8);
  });

  it('three wrong PINs in a row block PIN entry until a power cycle; eight block the PIN', async () => {
    const { authenticator, client } = setup('yubikey-5-nfc');
    await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }));
    authenticator.user.verification = 'fail';
    const attempt = () =>
      client.get(request({ userVerification: 'required' })).then(
        () => ({ name: 'none', ctapCode: undefined as string | undefined, message: '' }),
        (e: { name: string; ctapCode?: string; message: string }) => e,
      );
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) codes.push((await attempt()).ctapCode);
    expect(codes).toEqual(['CTAP2_ERR_PIN_INVALID', 'CTAP2_ERR_PIN_INVALID', 'CTAP2_ERR_PIN_AUTH_BLOCKED']);
    const blocked = await attempt();
    expect(blocked).toMatchObject({ name: 'NotAllowedError', ctapCode: 'CTAP2_ERR_PIN_AUTH_BLOCKED' });
    expect(blocked.message).toContain('powerCycle');
    expect(authenticator.pinRetries).toBe(5);
    authenticator.powerCycle();
    for (let i = 0; i < 3; i++) await attempt();
    authenticator.powerCycle();
    for (let i = 0; i < 2; i++) await attempt();
    expect(authenticator.pinRetries).toBe(0);
    authenticator.user.verification = 'accept';
    const dead = await attempt();
    expect(dead).toMatchObject({ name: 'NotAllowedError', ctapCode: 'CTAP2_ERR_PIN_BLOCKED' });
    expect(dead.message).toContain('blocked');
  });

  it('once({ verification }) covers one whole ceremony (PIN entry and touch), not one CTAP command', async () => {
    const { authenticator, client } = setup('yubikey-5-nfc');
    await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }));
    authenticator.user.once({ verification: 'fail' }).once({ presence: 'refuse' });
    await expect(client.get(request({ userVerification: 'required' }))).rejects.toMatchObject({ ctapCode: 'CTAP2_ERR_PIN_INVALID' });
    await expect(client.get(request({ userVerification: 'required' }))).rejects.toMatchObject({ name: 'NotAllowedError', ctapCode: 'CTAP2_ERR_OPERATION_DENIED' });
    await expect(client.get(request({ userVerification: 'required' }))).resolves.toBeDefined();
  });

  it('a cancelled PIN dialog is NotAllowedError and costs no retry', async () => {
    const { authenticator, client } = setup('feitian');
    await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }));
    for (const verification of ['refuse', 'timeout'] as const) {
      authenticator.user.once({ verification });
      const error = await client.get(request({ userVerification: 'required' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'NotAllowedError', ctapCode: undefined });
    }
    expect(authenticator.pinRetries).toBe(8);
  });

  it('a user who cannot create a PIN (failed confirmation, cancel, short PIN) leaves the key without one', async () => {
    const { authenticator, client } = setup('yubikey-5-nfc');
    for (const verification of ['fail', 'refuse', 'timeout'] as const) {
      authenticator.user.once({ verification });
      await expect(client.create(creation({ authenticatorSelection: { userVerification: 'required' } }))).rejects.toMatchObject({ name: 'NotAllowedError' });
    }
    authenticator.user.pin = '12';
    await expect(client.create(creation({ authenticatorSelection: { userVerification: 'required' } }))).rejects.toThrow(/minPINLength 4/);
    expect((await infoOptions(authenticator)).get('clientPin')).toBe(false);
    expect(authenticator.credentials()).toHaveLength(0);
  });

  it('CTAP 2.0 keys (no pinUvAuthToken) get a token with getPinToken over protocol one', async () => {
    for (const id of ['titan', 'solokey']) {
      const { client, sent } = setup(id);
      const options = creation({ authenticatorSelection: { userVerification: 'required' } });
      const registration = await client.create(options);
      expect(flagsOf(registration).uv, id).toBe(true);
      expect((await swaRegistration(registration, options, true)).verified).toBe(true);
      expect(pinCommands(sent).map(([p, sub]) => [p, sub])).toEqual([[1, 0x02], [1, 0x03], [1, 0x02], [1, 0x05]]);
      const mc = sent.find((c) => c.command === 0x01)!.params!;
      expect((mc.get(0x08) as Uint8Array).length).toBe(16); // protocol one MACs are 16 bytes
      // CTAP 2.0 5.1: once a PIN is set, every makeCredential needs pinAuth, even when UV is discouraged.
      expect(flagsOf(await client.create(creation({ authenticatorSelection: { userVerification: 'discouraged' } }))).uv, id).toBe(true);
    }
  });

  it('every PIN-only preset: required UV registers and signs in with UV, verified by SimpleWebAuthn', async () => {
    for (const id of pinOnly) {
      const { client } = setup(id);
      const preset = getPreset(id);
      const options = creation({ authenticatorSelection: { residentKey: preset.residentKeys ? 'required' : 'discouraged', userVerification: 'required' } });
      const registration = await client.create(options);
      expect((await swaRegistration(registration, options, true)).verified, id).toBe(true);
      const get = request({ userVerification: 'required', allowCredentials: [{ type: 'public-key', id: registration.id }] });
      const assertion = await client.get(get);
      expect((await swaAssertion(assertion, get, registration, true)).verified, id).toBe(true);
    }
  });
});

describe('built-in user verification', () => {
  it('takes a pinUvAuthToken with getPinUvAuthTokenUsingUvWithPermissions where the model supports it', async () => {
    const { client, sent } = setup('generic');
    const options = creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' } });
    const registration = await client.create(options);
    expect((await swaRegistration(registration, options, true)).verified).toBe(true);
    expect(pinCommands(sent)).toEqual([
      [2, 0x02, undefined, undefined],
      [2, 0x06, 0x01, 'example.com'],
    ]);
    sent.length = 0;
    expect(flagsOf(await client.get(request({ userVerification: 'preferred' }))).uv).toBe(true);
    expect(pinCommands(sent).map(([, sub, perm]) => [sub, perm])).toEqual([[0x02, undefined], [0x06, 0x02]]);
  });

  it('uses the uv option on models without pinUvAuthToken', async () => {
    const { client, sent } = setup('windows-hello-software');
    const registration = await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }));
    expect(flagsOf(registration).uv).toBe(true);
    expect(sent.some((c) => c.command === CLIENT_PIN)).toBe(false);
    expect((sent.find((c) => c.command === 0x01)!.params!.get(0x07) as Map<string, boolean>).get('uv')).toBe(true);
  });

  it('failed built-in UV is NotAllowedError with UV_INVALID and the attempts left', async () => {
    const { authenticator, client } = setup('generic');
    authenticator.user.once({ verification: 'fail' });
    const error = await client.create(creation({ authenticatorSelection: { userVerification: 'required' } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NotAllowedError', ctapCode: 'CTAP2_ERR_UV_INVALID' });
    expect((error as Error).message).toContain('7 attempts left');
    expect(authenticator.uvRetries).toBe(7);
  });

  it('verifies for discoverable credentials on a protected CTAP 2.1 authenticator even when UV is discouraged (CTAP 2.1 6.1.2 steps 7-8)', async () => {
    const { client } = setup('generic'); // makeCredUvNotRqd: non-discoverable credentials need no UV
    expect(flagsOf(await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' } }))).uv).toBe(true);
    expect(flagsOf(await client.create(creation({ authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' } }))).uv).toBe(false);
    const samsung = setup('samsung-pass'); // no makeCredUvNotRqd: every credential needs UV
    expect(flagsOf(await samsung.client.create(creation({ authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' } }))).uv).toBe(true);
    // A CTAP 2.0 platform authenticator (no pinUvAuthToken) honours discouraged.
    const hello = setup('windows-hello-software');
    expect(flagsOf(await hello.client.create(creation({ pubKeyCredParams: [{ type: 'public-key', alg: -257 }], authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' } }))).uv).toBe(false);
  });

  it('alwaysUv makes every ceremony verify the user', async () => {
    const { authenticator, client } = setup('yubikey-5-nfc');
    await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }));
    updateDeviceSettings({ preset: authenticator.preset, store: authenticator.store }, { alwaysUv: true });
    expect((await infoOptions(authenticator)).get('alwaysUv')).toBe(true);
    expect(flagsOf(await client.get(request({ userVerification: 'discouraged' }))).uv).toBe(true);
    expect(flagsOf(await client.create(creation({ authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' } }))).uv).toBe(true);
  });

  it('a model with neither built-in UV nor a client PIN cannot satisfy required UV', async () => {
    const preset = { ...getPreset('yubikey-5c'), userVerification: { capable: false, methods: ['none'], default: false } };
    preset.getInfo = { ...preset.getInfo, options: { rk: true, up: true } };
    const { client } = setup(preset);
    await expect(client.create(creation({ authenticatorSelection: { userVerification: 'required' } }))).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(flagsOf(await client.create(creation())).uv).toBe(false);
  });
});
