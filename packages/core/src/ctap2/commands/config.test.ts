/**
 * authenticatorConfig (CTAP 2.1 6.11): enableEnterpriseAttestation, toggleAlwaysUv, setMinPINLength,
 * the pinUvAuthParam over 32×0xff || 0x0d || subCommand || subCommandParams with acfg, when it is
 * needed at all, and every error path. Effects are read back through authenticatorGetInfo.
 */
import { describe, expect, it } from 'vitest';
import { encodeCbor, type CborMap, type CborValue } from '../../cbor/index.js';
import type { AuthenticatorState } from '../command.js';
import { readDeviceSettings } from '../pinUv/deviceSettings.js';
import { Permission } from '../pinUv/pinUvAuthToken.js';
import { CtapStatus } from '../status.js';
import { issueToken, mgmtState, pinOnlyYubiKey, presetWith, send, setPin, type IssuedToken } from '../../../test-utils/managementHarness.js';

const CFG = 0x0d;

function request(sub: number, params: CborMap | undefined, token: IssuedToken | undefined): Map<number, CborValue> {
  const m = new Map<number, CborValue>([[1, sub]]);
  if (params) m.set(2, params);
  if (token) {
    const encoded = params ? encodeCbor(params) : new Uint8Array(0);
    m.set(3, token.protocol);
    m.set(4, token.mac(Uint8Array.of(...new Uint8Array(32).fill(0xff), 0x0d, sub, ...encoded)));
  }
  return m;
}

const cfg = (state: AuthenticatorState, sub: number, params?: CborMap, token?: IssuedToken) => send(state, CFG, request(sub, params, token));
const minPin = (n?: number, rpIds?: string[], force?: boolean): CborMap => {
  const m: CborMap = new Map();
  if (n !== undefined) m.set(1, n);
  if (rpIds) m.set(2, rpIds);
  if (force !== undefined) m.set(3, force);
  return m;
};

/** getInfo as the platform sees it. */
async function info(state: AuthenticatorState): Promise<{ options: Map<string, boolean>; forcePINChange: unknown; minPINLength: unknown }> {
  const out = await send(state, 0x04);
  return { options: out.body!.get(4) as Map<string, boolean>, forcePINChange: out.body!.get(0x0c), minPINLength: out.body!.get(0x0d) };
}

/** yubikey-5-nfc (PIN-only) with PIN `pin` set and an acfg token. */
function pinned(pin = '1234'): { state: AuthenticatorState; token: IssuedToken } {
  const state = mgmtState(pinOnlyYubiKey());
  setPin(state, pin);
  return { state, token: issueToken(state, Permission.acfg) };
}

describe('authenticatorConfig request validation', () => {
  it('only on a model with getInfo authnrCfg: CTAP1_ERR_INVALID_COMMAND otherwise', async () => {
    const state = mgmtState('yubikey-5c');
    expect((await cfg(state, 2)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_COMMAND);
  });

  it('subCommand missing: MISSING_PARAMETER; unknown or vendorPrototype (0xff): CTAP2_ERR_INVALID_SUBCOMMAND', async () => {
    const { state, token } = pinned();
    expect((await send(state, CFG, new Map([[3, 2]]))).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
    for (const sub of [0x00, 0x04, 0x05, 0xff]) expect((await cfg(state, sub, undefined, token)).status).toBe(CtapStatus.CTAP2_ERR_INVALID_SUBCOMMAND);
    expect((await send(state, CFG, new Map<number, CborValue>([[1, 3], [2, [6]]]))).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });

  it('subcommands of features the model lacks: CTAP2_ERR_INVALID_SUBCOMMAND (generic: no alwaysUv, no setMinPINLength)', async () => {
    const state = mgmtState('generic');
    const token = issueToken(state, Permission.acfg);
    expect((await cfg(state, 2, undefined, token)).status).toBe(CtapStatus.CTAP2_ERR_INVALID_SUBCOMMAND);
    expect((await cfg(state, 3, minPin(6), token)).status).toBe(CtapStatus.CTAP2_ERR_INVALID_SUBCOMMAND);
  });
});

describe('pinUvAuthParam (6.11)', () => {
  it('with a PIN: PUAT_REQUIRED, MISSING_PARAMETER, INVALID_PARAMETER, PIN_AUTH_INVALID (MAC, params, permission)', async () => {
    const { state, token } = pinned();
    expect((await cfg(state, 2)).status).toBe(CtapStatus.CTAP2_ERR_PUAT_REQUIRED);
    const noProtocol = request(2, undefined, token);
    noProtocol.delete(3);
    expect((await send(state, CFG, noProtocol)).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
    const badProtocol = request(2, undefined, token);
    badProtocol.set(3, 9);
    expect((await send(state, CFG, badProtocol)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    const badMac = request(2, undefined, token);
    (badMac.get(4) as Uint8Array)[3]! ^= 0x10;
    expect((await send(state, CFG, badMac)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    const otherParams = request(3, minPin(6), token);
    otherParams.set(2, minPin(8));
    expect((await send(state, CFG, otherParams)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    const noAcfg = issueToken(state, Permission.cm | Permission.lbw | Permission.mc | Permission.ga);
    expect((await cfg(state, 2, undefined, noAcfg)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    expect(readDeviceSettings(state)).toMatchObject({ alwaysUv: false, minPinLength: 4 });
  });

  it('no PIN, no built-in UV, alwaysUv off: config runs without a pinUvAuthParam', async () => {
    const state = mgmtState(pinOnlyYubiKey());
    expect((await cfg(state, 3, minPin(6))).status).toBe(CtapStatus.CTAP2_OK);
    expect((await info(state)).minPINLength).toBe(6);
  });

  it('alwaysUv on without a PIN: other subcommands need the pinUvAuthParam, toggleAlwaysUv itself does not', async () => {
    const state = mgmtState(pinOnlyYubiKey());
    expect((await cfg(state, 2)).status).toBe(CtapStatus.CTAP2_OK);
    expect((await info(state)).options.get('alwaysUv')).toBe(true);
    expect((await cfg(state, 3, minPin(6))).status).toBe(CtapStatus.CTAP2_ERR_PUAT_REQUIRED);
    expect((await cfg(state, 2)).status).toBe(CtapStatus.CTAP2_OK);
    expect((await info(state)).options.get('alwaysUv')).toBe(false);
  });

  it('a model with built-in UV counts as protected even without a PIN (generic)', async () => {
    const state = mgmtState('generic');
    expect((await cfg(state, 1)).status).toBe(CtapStatus.CTAP2_ERR_PUAT_REQUIRED);
  });
});

describe('toggleAlwaysUv (6.11.2)', () => {
  it('flips the alwaysUv option getInfo reports', async () => {
    const { state, token } = pinned();
    expect((await cfg(state, 2, undefined, token)).status).toBe(CtapStatus.CTAP2_OK);
    expect((await info(state)).options.get('alwaysUv')).toBe(true);
    expect((await cfg(state, 2, undefined, token)).status).toBe(CtapStatus.CTAP2_OK);
    expect((await info(state)).options.get('alwaysUv')).toBe(false);
  });

  it('a model that ships with alwaysUv on cannot turn it off: CTAP2_ERR_OPERATION_DENIED', async () => {
    const state = mgmtState(presetWith('yubikey-5-nfc', { options: { alwaysUv: true } }));
    setPin(state);
    expect((await cfg(state, 2, undefined, issueToken(state, Permission.acfg))).status).toBe(CtapStatus.CTAP2_ERR_OPERATION_DENIED);
    expect(readDeviceSettings(state).alwaysUv).toBe(true);
  });
});

describe('setMinPINLength (6.11.4)', () => {
  it('raises the minimum; never lowers it (CTAP2_ERR_PIN_POLICY_VIOLATION); an absent value keeps it', async () => {
    const { state, token } = pinned('12345678');
    expect((await cfg(state, 3, minPin(6), token)).status).toBe(CtapStatus.CTAP2_OK);
    expect(await info(state)).toMatchObject({ minPINLength: 6, forcePINChange: false }); // the 8-digit PIN is long enough
    expect((await cfg(state, 3, minPin(5), token)).status).toBe(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION);
    expect((await cfg(state, 3, minPin(), token)).status).toBe(CtapStatus.CTAP2_OK);
    expect((await info(state)).minPINLength).toBe(6);
    expect((await cfg(state, 3, minPin(64), token)).status).toBe(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION);
  });

  it('a minimum above the current PIN\'s length sets forcePINChange', async () => {
    const { state, token } = pinned('1234');
    expect((await cfg(state, 3, minPin(6), token)).status).toBe(CtapStatus.CTAP2_OK);
    expect(await info(state)).toMatchObject({ minPINLength: 6, forcePINChange: true });
  });

  it('forceChangePin sets forcePINChange; without a PIN it is CTAP2_ERR_PIN_NOT_SET', async () => {
    const { state, token } = pinned('12345678');
    expect((await cfg(state, 3, minPin(undefined, undefined, true), token)).status).toBe(CtapStatus.CTAP2_OK);
    expect((await info(state)).forcePINChange).toBe(true);
    const noPin = mgmtState(pinOnlyYubiKey());
    expect((await cfg(noPin, 3, minPin(undefined, undefined, true))).status).toBe(CtapStatus.CTAP2_ERR_PIN_NOT_SET);
    expect(readDeviceSettings(noPin).forcePinChange).toBe(false);
  });

  it('stores minPinLengthRPIDs; more than maxRPIDsForSetMinPINLength (1): CTAP2_ERR_KEY_STORE_FULL', async () => {
    const { state, token } = pinned();
    expect((await cfg(state, 3, minPin(undefined, ['example.com']), token)).status).toBe(CtapStatus.CTAP2_OK);
    expect(readDeviceSettings(state).minPinLengthRpIds).toEqual(['example.com']);
    expect((await cfg(state, 3, minPin(undefined, ['a.example', 'b.example']), token)).status).toBe(CtapStatus.CTAP2_ERR_KEY_STORE_FULL);
    expect(readDeviceSettings(state).minPinLengthRpIds).toEqual(['example.com']);
  });

  it('wrongly typed parameters: CTAP2_ERR_CBOR_UNEXPECTED_TYPE', async () => {
    const { state, token } = pinned();
    for (const bad of [new Map([[1, 'six']]), new Map<number, CborValue>([[2, [1]]]), new Map([[3, 1]])] as CborMap[]) {
      expect((await cfg(state, 3, bad, token)).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    }
  });
});

describe('enableEnterpriseAttestation (6.11.1)', () => {
  it('turns on ep for a model announcing it (generic)', async () => {
    const state = mgmtState('generic');
    expect((await info(state)).options.get('ep')).toBe(false);
    expect((await cfg(state, 1, undefined, issueToken(state, Permission.acfg))).status).toBe(CtapStatus.CTAP2_OK);
    expect((await info(state)).options.get('ep')).toBe(true);
  });

  it('a model without the ep option: CTAP1_ERR_INVALID_PARAMETER', async () => {
    const { state, token } = pinned();
    expect((await cfg(state, 1, undefined, token)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    expect(readDeviceSettings(state).enterpriseAttestation).toBe(false);
  });
});
