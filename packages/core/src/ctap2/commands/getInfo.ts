/**
 * authenticatorGetInfo (0x04), CTAP 2.1 section 6.4: the preset's getInfo with this AAGUID.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { AuthenticatorState, CommandHandler } from '../command.js';

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
  minPINLength: 0x0d,
  firmwareVersion: 0x0e,
  maxCredBlobLength: 0x0f,
  remainingDiscoverableCredentials: 0x14,
} as const;

/**
 * The getInfo options this engine implements. The model's other options (clientPin, credMgmt,
 * largeBlobs, authnrCfg, pinUvAuthToken, ...) and its extensions are reported only once the engine
 * implements them (CTAP 2.1 clientPIN, credential management, large blobs, config, extensions), so a
 * client never plans on a command that would answer CTAP1_ERR_INVALID_COMMAND.
 */
const ENGINE_OPTIONS = new Set(['rk', 'up', 'plat']);

/**
 * Options as reported: the model's implemented ones, plus `uv` for every preset that can verify
 * users. Security keys verify with a PIN on the real device; until clientPIN exists, vfido's scripted
 * user stands in as built-in user verification, and getInfo says so instead of claiming clientPin.
 */
function reportedOptions(state: AuthenticatorState): Map<string, boolean> {
  const options = new Map<string, boolean>();
  for (const [name, value] of Object.entries(state.preset.getInfo.options ?? {})) {
    if (ENGINE_OPTIONS.has(name)) options.set(name, value);
  }
  if (state.preset.userVerification.capable) options.set('uv', true);
  return options;
}

/** Handle authenticatorGetInfo. */
export const getInfo: CommandHandler = async (state) => {
  const info = state.preset.getInfo;
  const R = GetInfoResponse;
  const m: CborMap = new Map();
  m.set(R.versions, [...info.versions]);
  m.set(R.aaguid, state.aaguid);
  m.set(R.options, reportedOptions(state));
  if (info.maxMsgSize !== undefined) m.set(R.maxMsgSize, info.maxMsgSize);
  if (info.maxCredentialCountInList !== undefined) m.set(R.maxCredentialCountInList, info.maxCredentialCountInList);
  if (info.maxCredentialIdLength !== undefined) m.set(R.maxCredentialIdLength, info.maxCredentialIdLength);
  if (info.transports) m.set(R.transports, [...info.transports]);
  const algorithms = info.algorithms ?? state.preset.algorithms;
  m.set(R.algorithms, algorithms.map((alg) => new Map<string, string | number>([['alg', alg], ['type', 'public-key']])));
  if (info.firmwareVersion !== undefined) m.set(R.firmwareVersion, info.firmwareVersion);
  if (state.preset.residentKeys) {
    const used = state.store.list().filter((c) => c.discoverable).length;
    const capacity = info.remainingDiscoverableCredentials;
    if (capacity !== undefined) m.set(R.remainingDiscoverableCredentials, Math.max(0, capacity - used));
  }
  return m;
};
