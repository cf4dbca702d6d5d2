/**
 * authenticatorGetInfo (0x04), CTAP 2.1 section 6.4: the preset's getInfo, limited to what this
 * engine implements, with the live state (PIN set, alwaysUv, minimum PIN length...) filled in.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { AuthenticatorState, CommandHandler } from '../command.js';
import { IMPLEMENTED_EXTENSIONS } from '../extensions/index.js';
import { readDeviceSettings } from '../pinUv/deviceSettings.js';
import { hasBuiltInUv } from '../pinUv/builtInUv.js';
import { supportedPinUvAuthProtocols } from '../pinUv/capabilities.js';
import { countCredentials } from '../../store/countCredentials.js';

/** Response keys of authenticatorGetInfo (CTAP 2.1 6.4 table). */
export const GetInfoResponse = {
  versions: 0x01,
  extensions: 0x02,
  aaguid: 0x03,
  options: 0x04,
  maxMsgSize: 0x05,
  pinUvAuthProtocols: 0x06,
  maxCredentialCountInList: 0x07,
  maxCredentialIdLength: 0x08,
  transports: 0x09,
  algorithms: 0x0a,
  maxSerializedLargeBlobArray: 0x0b,
  forcePINChange: 0x0c,
  minPINLength: 0x0d,
  firmwareVersion: 0x0e,
  maxCredBlobLength: 0x0f,
  maxRPIDsForSetMinPINLength: 0x10,
  preferredPlatformUvAttempts: 0x11,
  uvModality: 0x12,
  remainingDiscoverableCredentials: 0x14,
} as const;

/**
 * The getInfo options this engine implements, so a client never plans on a command that would
 * answer CTAP1_ERR_INVALID_COMMAND. A preset option outside this set is not reported.
 */
export const ENGINE_OPTIONS: ReadonlySet<string> = new Set([
  'plat', 'rk', 'up', 'uv', 'clientPin', 'pinUvAuthToken', 'credMgmt', 'credentialMgmtPreview', 'largeBlobs', 'authnrCfg',
  'setMinPINLength', 'makeCredUvNotRqd', 'alwaysUv', 'ep', 'noMcGaPermissionsWithClientPin',
]);

/** Whether the preset declares clientPIN support (option present, whatever its value). */
export function supportsClientPin(state: AuthenticatorState): boolean {
  return state.preset.getInfo.options?.clientPin !== undefined;
}

/**
 * Options as reported (CTAP 2.1 6.4 options): the model's implemented ones, with live values for
 * clientPin (PIN set), alwaysUv and ep, and `uv` for presets with built-in user verification.
 */
function reportedOptions(state: AuthenticatorState): Map<string, boolean> {
  const settings = readDeviceSettings(state);
  const options = new Map<string, boolean>();
  for (const [name, value] of Object.entries(state.preset.getInfo.options ?? {})) {
    if (ENGINE_OPTIONS.has(name)) options.set(name, value);
  }
  if (hasBuiltInUv(state.preset)) options.set('uv', true);
  else options.delete('uv');
  if (options.has('clientPin')) options.set('clientPin', settings.pinHash !== undefined);
  if (options.has('alwaysUv')) options.set('alwaysUv', settings.alwaysUv);
  // CTAP 2.1 6.11.2: with alwaysUv on, makeCredUvNotRqd is reported false.
  if (settings.alwaysUv && options.has('makeCredUvNotRqd')) options.set('makeCredUvNotRqd', false);
  if (options.has('ep')) options.set('ep', settings.enterpriseAttestation);
  return options;
}

/** Handle authenticatorGetInfo. */
export const getInfo: CommandHandler = (state) => {
  const info = state.preset.getInfo;
  const settings = readDeviceSettings(state);
  const R = GetInfoResponse;
  const m: CborMap = new Map();
  m.set(R.versions, [...info.versions]);
  const extensions = (info.extensions ?? []).filter((e) => IMPLEMENTED_EXTENSIONS.has(e));
  if (extensions.length > 0) m.set(R.extensions, extensions);
  m.set(R.aaguid, state.aaguid);
  m.set(R.options, reportedOptions(state));
  if (info.maxMsgSize !== undefined) m.set(R.maxMsgSize, info.maxMsgSize);
  const protocols = supportedPinUvAuthProtocols(state);
  if (protocols.length > 0) m.set(R.pinUvAuthProtocols, [...protocols]);
  if (info.maxCredentialCountInList !== undefined) m.set(R.maxCredentialCountInList, info.maxCredentialCountInList);
  if (info.maxCredentialIdLength !== undefined) m.set(R.maxCredentialIdLength, info.maxCredentialIdLength);
  if (info.transports) m.set(R.transports, [...info.transports]);
  const algorithms = info.algorithms ?? state.preset.algorithms;
  m.set(R.algorithms, algorithms.map((alg) => new Map<string, string | number>([['alg', alg], ['type', 'public-key']])));
  if (info.maxSerializedLargeBlobArray !== undefined && info.options?.largeBlobs) m.set(R.maxSerializedLargeBlobArray, info.maxSerializedLargeBlobArray);
  if (supportsClientPin(state) && info.versions.includes('FIDO_2_1')) {
    m.set(R.forcePINChange, settings.forcePinChange);
    m.set(R.minPINLength, settings.minPinLength);
  } else if (info.minPINLength !== undefined && supportsClientPin(state)) {
    m.set(R.minPINLength, settings.minPinLength);
  }
  if (info.firmwareVersion !== undefined) m.set(R.firmwareVersion, info.firmwareVersion);
  if (info.maxCredBlobLength !== undefined && extensions.includes('credBlob')) m.set(R.maxCredBlobLength, info.maxCredBlobLength);
  if (info.maxRPIDsForSetMinPINLength !== undefined && info.options?.setMinPINLength) m.set(R.maxRPIDsForSetMinPINLength, info.maxRPIDsForSetMinPINLength);
  if (info.preferredPlatformUvAttempts !== undefined) m.set(R.preferredPlatformUvAttempts, info.preferredPlatformUvAttempts);
  if (info.uvModality !== undefined) m.set(R.uvModality, info.uvModality);
  if (state.preset.residentKeys) {
    const used = countCredentials(state.store, { discoverable: true });
    const capacity = info.remainingDiscoverableCredentials;
    if (capacity !== undefined) m.set(R.remainingDiscoverableCredentials, Math.max(0, capacity - used));
  }
  return m;
};
