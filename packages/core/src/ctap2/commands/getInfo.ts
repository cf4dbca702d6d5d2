/**
 * authenticatorGetInfo (0x04), CTAP 2.1 section 6.4: the preset's getInfo with this AAGUID.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { CommandHandler } from '../command.js';

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

/** Handle authenticatorGetInfo. */
export const getInfo: CommandHandler = async (state) => {
  const info = state.preset.getInfo;
  const R = GetInfoResponse;
  const m: CborMap = new Map();
  m.set(R.versions, [...info.versions]);
  if (info.extensions?.length) m.set(R.extensions, [...info.extensions]);
  m.set(R.aaguid, state.aaguid);
  if (info.options) m.set(R.options, new Map(Object.entries(info.options)));
  if (info.maxMsgSize !== undefined) m.set(R.maxMsgSize, info.maxMsgSize);
  if (info.pinUvAuthProtocols) m.set(R.pinUvAuthProtocols, [...info.pinUvAuthProtocols]);
  if (info.maxCredentialCountInList !== undefined) m.set(R.maxCredentialCountInList, info.maxCredentialCountInList);
  if (info.maxCredentialIdLength !== undefined) m.set(R.maxCredentialIdLength, info.maxCredentialIdLength);
  if (info.transports) m.set(R.transports, [...info.transports]);
  const algorithms = info.algorithms ?? state.preset.algorithms;
  m.set(R.algorithms, algorithms.map((alg) => new Map<string, string | number>([['alg', alg], ['type', 'public-key']])));
  if (info.maxSerializedLargeBlobArray !== undefined) m.set(R.maxSerializedLargeBlobArray, info.maxSerializedLargeBlobArray);
  if (info.minPINLength !== undefined) m.set(R.minPINLength, info.minPINLength);
  if (info.firmwareVersion !== undefined) m.set(R.firmwareVersion, info.firmwareVersion);
  if (info.maxCredBlobLength !== undefined) m.set(R.maxCredBlobLength, info.maxCredBlobLength);
  if (state.preset.residentKeys) {
    const used = state.store.list().filter((c) => c.discoverable).length;
    const capacity = info.remainingDiscoverableCredentials;
    if (capacity !== undefined) m.set(R.remainingDiscoverableCredentials, Math.max(0, capacity - used));
  }
  return m;
};
