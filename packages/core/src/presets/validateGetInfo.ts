/**
 * Checks a preset's authenticatorGetInfo (CTAP 2.1 section 6.4) and that it agrees with the rest of
 * the preset: algorithms, transports, `rk` and `plat` options, maximum credential id length.
 * @module
 */
import { type Fail, expectBoolean, expectInteger, expectList, expectOnlyKeys, expectRecord, sameMembers } from './presetChecks.js';
import { CREDENTIAL_ALGORITHMS, CTAP_VERSIONS } from './presetVocabulary.js';
import type { Preset, PresetGetInfo } from './types.js';

const INTEGER_FIELDS = [
  'maxMsgSize', 'maxCredentialCountInList', 'maxCredentialIdLength', 'firmwareVersion', 'minPINLength',
  'remainingDiscoverableCredentials', 'maxCredBlobLength', 'maxSerializedLargeBlobArray',
  'maxRPIDsForSetMinPINLength', 'preferredPlatformUvAttempts', 'uvModality',
] as const;

const KNOWN_FIELDS = ['versions', 'extensions', 'options', 'pinUvAuthProtocols', 'transports', 'algorithms', ...INTEGER_FIELDS];

/** The parts of a preset getInfo must agree with. */
export type GetInfoContext = Pick<Preset, 'algorithms' | 'transports' | 'residentKeys' | 'attachment' | 'credentialIdLength'> &
  Partial<Pick<Preset, 'residentCredentialIdLength'>>;

/**
 * Validate `value` as the getInfo of a preset described by `context`.
 * @param fail - error callback bound to the preset
 * @param value - the `getInfo` member
 * @param context - already-validated preset fields getInfo must agree with
 * @throws PresetError `ERR_INVALID_PRESET` naming the `getInfo.*` field
 */
export function validateGetInfo(fail: Fail, value: unknown, context: GetInfoContext): asserts value is PresetGetInfo {
  const info = expectRecord(fail, 'getInfo', value);
  expectOnlyKeys(fail, 'getInfo', info, KNOWN_FIELDS);
  expectList(fail, 'getInfo.versions', info['versions'], CTAP_VERSIONS);
  if (info['extensions'] !== undefined) expectList(fail, 'getInfo.extensions', info['extensions'], undefined, true);
  if (info['pinUvAuthProtocols'] !== undefined) expectList(fail, 'getInfo.pinUvAuthProtocols', info['pinUvAuthProtocols'], [1, 2]);
  for (const key of INTEGER_FIELDS) {
    if (info[key] !== undefined) expectInteger(fail, `getInfo.${key}`, info[key], key === 'firmwareVersion' || key === 'uvModality' ? 0 : 1);
  }

  if (info['options'] !== undefined) {
    const options = expectRecord(fail, 'getInfo.options', info['options']);
    for (const [name, flag] of Object.entries(options)) expectBoolean(fail, `getInfo.options.${name}`, flag);
    if (options['rk'] !== undefined && options['rk'] !== context.residentKeys) {
      fail('getInfo.options.rk', `is ${String(options['rk'])} but residentKeys is ${String(context.residentKeys)}`);
    }
    if (options['plat'] !== undefined && options['plat'] !== (context.attachment === 'platform')) {
      fail('getInfo.options.plat', `is ${String(options['plat'])} but attachment is ${context.attachment}`);
    }
  }

  if (info['algorithms'] !== undefined) {
    const algs = expectList(fail, 'getInfo.algorithms', info['algorithms'], CREDENTIAL_ALGORITHMS);
    if (!sameMembers(algs, context.algorithms)) {
      fail('getInfo.algorithms', `[${algs.join(', ')}] differ from algorithms [${context.algorithms.join(', ')}]`);
    }
  }
  if (info['transports'] !== undefined) {
    const transports = expectList(fail, 'getInfo.transports', info['transports']);
    if (!sameMembers(transports, context.transports)) {
      fail('getInfo.transports', `[${transports.join(', ')}] differ from transports [${context.transports.join(', ')}]`);
    }
  }

  const maxIdLength = info['maxCredentialIdLength'];
  if (typeof maxIdLength === 'number') {
    if (context.credentialIdLength > maxIdLength) fail('credentialIdLength', `${context.credentialIdLength} exceeds getInfo.maxCredentialIdLength ${maxIdLength}`);
    const resident = context.residentCredentialIdLength;
    if (resident !== undefined && resident > maxIdLength) fail('residentCredentialIdLength', `${resident} exceeds getInfo.maxCredentialIdLength ${maxIdLength}`);
  }
}
