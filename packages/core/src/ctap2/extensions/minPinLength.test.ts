/**
 * minPinLength (CTAP 2.1 12.4): the current minimum PIN length, output at makeCredential only for
 * RP IDs in the minPinLengthRPIDs list (set through authenticatorConfig setMinPINLength).
 */
import { describe, expect, it } from 'vitest';
import type { CborValue } from '../../cbor/index.js';
import { updateDeviceSettings } from '../pinUv/deviceSettings.js';
import { CtapStatus } from '../status.js';
import { harnessState, makeWith } from '../../../test-utils/extensionHarness.js';

const mpl = (value: CborValue = true) => new Map<string, CborValue>([['minPinLength', value]]);

describe('minPinLength', () => {
  it('an RP ID that is not allowed gets no output', async () => {
    const made = await makeWith(harnessState('yubikey-5-nfc'), mpl());
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect(made.authData!.flags.ed).toBe(false);
  });

  it('an allowed RP ID gets the current minimum PIN length; other RP IDs still get nothing', async () => {
    const state = harnessState('yubikey-5-nfc');
    updateDeviceSettings(state, { minPinLength: 6, minPinLengthRpIds: ['example.com'] });
    const made = await makeWith(state, mpl());
    expect(made.authData!.extensions).toEqual(new Map([['minPinLength', 6]]));
    expect((await makeWith(state, mpl(), { rpId: 'other.example' })).authData!.flags.ed).toBe(false);
    updateDeviceSettings(state, { minPinLength: 8 });
    expect((await makeWith(state, mpl(), { userId: 2 })).authData!.extensions).toEqual(new Map([['minPinLength', 8]]));
  });

  it('false asks for nothing; a non-boolean is CTAP2_ERR_CBOR_UNEXPECTED_TYPE', async () => {
    const state = harnessState('yubikey-5-nfc');
    updateDeviceSettings(state, { minPinLengthRpIds: ['example.com'] });
    expect((await makeWith(state, mpl(false))).authData!.flags.ed).toBe(false);
    expect((await makeWith(state, mpl(4))).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });

  it('a model that does not list minPinLength ignores it', async () => {
    const state = harnessState('generic');
    expect(state.preset.getInfo.extensions).not.toContain('minPinLength');
    updateDeviceSettings(state, { minPinLengthRpIds: ['example.com'] });
    expect((await makeWith(state, mpl())).authData!.flags.ed).toBe(false);
  });
});
