/**
 * authenticatorConfig (0x0d), CTAP 2.1 section 6.11: enableEnterpriseAttestation (6.11.1),
 * toggleAlwaysUv (6.11.2) and setMinPINLength (6.11.4). vendorPrototype (0xff) and anything else
 * is CTAP2_ERR_INVALID_SUBCOMMAND: vfido has no vendor configuration commands.
 * @module
 */
import { encodeCbor } from '../../cbor/index.js';
import type { CborMap } from '../../cbor/types.js';
import type { AuthenticatorState, CommandHandler } from '../command.js';
import { arrayParam, bytesParam, intParam, isMap } from '../params.js';
import { readDeviceSettings, updateDeviceSettings } from '../pinUv/deviceSettings.js';
import { Permission } from '../pinUv/pinUvAuthToken.js';
import { CtapError, CtapStatus } from '../status.js';
import { protectedByUv, requirePinUvAuth } from './managementAuth.js';

/** Request parameter keys (CTAP 2.1 6.11 table). */
export const ConfigParam = { subCommand: 0x01, subCommandParams: 0x02, pinUvAuthProtocol: 0x03, pinUvAuthParam: 0x04 } as const;

/** Subcommands (CTAP 2.1 6.11). */
export const ConfigSubCommand = {
  enableEnterpriseAttestation: 0x01,
  toggleAlwaysUv: 0x02,
  setMinPINLength: 0x03,
  vendorPrototype: 0xff,
} as const;

/** setMinPINLength subCommandParams keys (CTAP 2.1 6.11.4). */
export const SetMinPinLengthParam = { newMinPINLength: 0x01, minPinLengthRPIDs: 0x02, forceChangePin: 0x03 } as const;

/**
 * Longest minimum PIN length vfido accepts: a PIN is at most 63 bytes (CTAP 2.1 6.5.5.5), so no
 * PIN could satisfy a larger minimum (vfido's guard; the spec states no upper bound).
 */
export const MAX_MIN_PIN_LENGTH = 63;

const C = ConfigSubCommand;
const options = (state: AuthenticatorState): Record<string, boolean> => state.preset.getInfo.options ?? {};

/** 6.11.1 enableEnterpriseAttestation: only on a model announcing the `ep` option. */
function enableEnterpriseAttestation(state: AuthenticatorState): undefined {
  if (!('ep' in options(state))) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, `${state.preset.id} is not enterprise attestation capable (no getInfo option ep)`);
  }
  updateDeviceSettings(state, { enterpriseAttestation: true });
  return undefined;
}

/**
 * 6.11.2 toggleAlwaysUv: a model whose preset starts with alwaysUv true (FIPS-style) cannot turn it
 * off (CTAP2_ERR_OPERATION_DENIED).
 */
function toggleAlwaysUv(state: AuthenticatorState): undefined {
  const current = readDeviceSettings(state).alwaysUv;
  if (current && options(state).alwaysUv === true) {
    throw new CtapError(CtapStatus.CTAP2_ERR_OPERATION_DENIED, `${state.preset.id} keeps alwaysUv on: it cannot be disabled`);
  }
  updateDeviceSettings(state, { alwaysUv: !current });
  return undefined;
}

/** What a setMinPINLength request asks (CTAP 2.1 6.11.4 subCommandParams, decoded). */
export interface MinPinLengthRequest {
  /** newMinPINLength: the new minimum, in code points (unchanged when absent). */
  minPinLength?: number;
  /** minPinLengthRPIDs: the RP IDs the minPinLength extension reports to (replaces the list; unchanged when absent). */
  rpIds?: readonly string[];
  /** forceChangePin: the PIN must be changed before the next token. */
  forceChangePin?: boolean;
}

/**
 * 6.11.4 setMinPINLength: the minimum never decreases (CTAP2_ERR_PIN_POLICY_VIOLATION); a minimum
 * above the current PIN's length, or forceChangePin, sets forcePINChange (forceChangePin without a PIN
 * is CTAP2_ERR_PIN_NOT_SET); minPinLengthRPIDs replaces the list the minPinLength extension reads, up
 * to maxRPIDsForSetMinPINLength (CTAP2_ERR_KEY_STORE_FULL beyond).
 * @throws CtapError CTAP2_ERR_PIN_POLICY_VIOLATION, CTAP2_ERR_KEY_STORE_FULL, CTAP2_ERR_PIN_NOT_SET
 */
export function applyMinPinLength(state: Pick<AuthenticatorState, 'preset' | 'store'>, request: MinPinLengthRequest): void {
  const settings = readDeviceSettings(state);
  const minPinLength = request.minPinLength ?? settings.minPinLength;
  if (minPinLength < settings.minPinLength) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION, `the minimum PIN length cannot decrease (now ${settings.minPinLength}, asked ${minPinLength})`);
  }
  if (minPinLength > MAX_MIN_PIN_LENGTH) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION, `a minimum PIN length of ${minPinLength} exceeds the longest possible PIN (${MAX_MIN_PIN_LENGTH})`);
  }
  if (request.rpIds !== undefined) {
    const limit = state.preset.getInfo.maxRPIDsForSetMinPINLength ?? 0;
    if (request.rpIds.length > limit) {
      throw new CtapError(CtapStatus.CTAP2_ERR_KEY_STORE_FULL, `${request.rpIds.length} minPinLengthRPIDs exceed maxRPIDsForSetMinPINLength ${limit}`);
    }
  }
  const pinSet = settings.pinHash !== undefined;
  if (request.forceChangePin === true && !pinSet) throw new CtapError(CtapStatus.CTAP2_ERR_PIN_NOT_SET, 'forceChangePin needs a PIN: set one first');
  const forcePinChange = settings.forcePinChange || request.forceChangePin === true || (pinSet && minPinLength > settings.pinCodePoints);
  updateDeviceSettings(state, {
    minPinLength,
    forcePinChange,
    ...(request.rpIds !== undefined && { minPinLengthRpIds: [...request.rpIds] }),
  });
}

/** Decode setMinPINLength's subCommandParams (CTAP 2.1 6.11.4) and apply them. */
function setMinPINLength(state: AuthenticatorState, sub: CborMap | undefined): undefined {
  const p = sub ?? new Map();
  const newMin = intParam(p, SetMinPinLengthParam.newMinPINLength, 'newMinPINLength');
  const rpIds = arrayParam(p, SetMinPinLengthParam.minPinLengthRPIDs, 'minPinLengthRPIDs');
  const force = p.get(SetMinPinLengthParam.forceChangePin);
  if (force !== undefined && typeof force !== 'boolean') throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, 'forceChangePin must be a boolean');
  if (rpIds?.some((r) => typeof r !== 'string')) throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, 'minPinLengthRPIDs must hold text strings');
  applyMinPinLength(state, {
    ...(newMin !== undefined && { minPinLength: newMin }),
    ...(rpIds !== undefined && { rpIds: rpIds as string[] }),
    ...(force !== undefined && { forceChangePin: force }),
  });
  return undefined;
}

/** Handle authenticatorConfig (getInfo option authnrCfg). */
export const config: CommandHandler = (state, params) => {
  if (options(state).authnrCfg !== true) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_COMMAND, `${state.preset.id} does not support authenticatorConfig (getInfo option authnrCfg)`);
  }
  const subCommand = intParam(params, ConfigParam.subCommand, 'subCommand', true);
  const sub = params.get(ConfigParam.subCommandParams);
  if (sub !== undefined && !isMap(sub)) throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, 'subCommandParams must be a map');
  const supported =
    subCommand === C.enableEnterpriseAttestation ||
    (subCommand === C.toggleAlwaysUv && 'alwaysUv' in options(state)) ||
    (subCommand === C.setMinPINLength && options(state).setMinPINLength === true);
  if (!supported) throw new CtapError(CtapStatus.CTAP2_ERR_INVALID_SUBCOMMAND, `authenticatorConfig subCommand 0x${subCommand.toString(16)} is not supported by ${state.preset.id}`);

  // 6.11 step 4: with a PIN / built-in UV, or alwaysUv on (except to toggle it), the request needs
  // pinUvAuthParam = authenticate(token, 32×0xff || 0x0d || uint8(subCommand) || subCommandParams), acfg.
  const alwaysUv = readDeviceSettings(state).alwaysUv && subCommand !== C.toggleAlwaysUv;
  if (protectedByUv(state) || alwaysUv) {
    const encoded = sub ? encodeCbor(sub) : new Uint8Array(0);
    const message = new Uint8Array(34 + encoded.length);
    message.fill(0xff, 0, 32);
    message[32] = 0x0d;
    message[33] = subCommand;
    message.set(encoded, 34);
    requirePinUvAuth(state, {
      param: bytesParam(params, ConfigParam.pinUvAuthParam, 'pinUvAuthParam'),
      protocol: intParam(params, ConfigParam.pinUvAuthProtocol, 'pinUvAuthProtocol'),
      message,
      permission: Permission.acfg,
      what: 'authenticatorConfig',
    });
  }
  if (subCommand === C.enableEnterpriseAttestation) return enableEnterpriseAttestation(state);
  if (subCommand === C.toggleAlwaysUv) return toggleAlwaysUv(state);
  return setMinPINLength(state, sub);
};
