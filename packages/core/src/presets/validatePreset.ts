/**
 * Consistency checks for authenticator presets, run when `aaguids.json` is loaded: known formats
 * and attestation types (WebAuthn L3 section 8), credential algorithms vfido can create, BS implies
 * BE (WebAuthn L3 6.1.3), AAGUID spelling, getInfo agreement (CTAP 2.1 6.4), MDS3 vocabulary.
 * @module
 */
import {
  type Fail, expectBoolean, expectInteger, expectList, expectOnlyKeys, expectRecord, expectString, failFor, isRecord,
} from './presetChecks.js';
import { PresetError } from './presetError.js';
import {
  AAGUID_PATTERN, ATTACHMENT_HINTS, ATTESTATION_TYPES_BY_FORMAT, CERTIFICATION_STATUSES, COUNTER_MODES,
  CREDENTIAL_ALGORITHMS, KEY_PROTECTIONS, PRESET_VENDORS, TRANSPORTS, USER_VERIFICATION_METHODS, ZERO_AAGUID,
} from './presetVocabulary.js';
import type { CredentialAlgorithm } from '../crypto/algorithms.js';
import type { AttestationFormat, AttestationType, Preset } from './types.js';
import { validateGetInfo } from './validateGetInfo.js';

const PRESET_FIELDS = [
  'id', 'name', 'description', 'aaguid', 'vendor', 'attachment', 'transports', 'attestation', 'algorithms', 'rsaBits',
  'userVerification', 'backup', 'counter', 'residentKeys', 'credentialIdLength', 'residentCredentialIdLength',
  'residentKeyCapacity', 'getInfo', 'hybrid', 'pinRetriesWithoutPin', 'metadata', 'sources', 'uncertain',
];
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** WebAuthn L3 6.1: credential ids are at least 16 bytes and at most 1023. */
const MIN_ID_LENGTH = 16;
const MAX_ID_LENGTH = 1023;

/**
 * Check one preset. Every problem throws; the message names the preset and the dotted field path.
 * @param value - a parsed preset from `aaguids.json` (or a candidate custom preset)
 * @throws PresetError `ERR_INVALID_PRESET` with `presetId` and `field` set
 */
export function validatePreset(value: unknown): asserts value is Preset {
  const idValue = isRecord(value) ? value['id'] : undefined;
  const fail = failFor(typeof idValue === 'string' && idValue !== '' ? idValue : '(no id)');
  const p = expectRecord(fail, 'preset', value);
  expectOnlyKeys(fail, '', p, PRESET_FIELDS);

  const id = expectString(fail, 'id', p['id']);
  if (!ID_PATTERN.test(id)) fail('id', 'must be lowercase kebab-case, e.g. yubikey-5-nfc');
  expectString(fail, 'name', p['name']);
  if (p['description'] !== undefined) expectString(fail, 'description', p['description']);
  const aaguid = expectString(fail, 'aaguid', p['aaguid']);
  // A U2F-only model (getInfo.versions without FIDO_2_x) has no AAGUID: WebAuthn sees all zeros (L3 8.6).
  const versions = isRecord(p['getInfo']) && Array.isArray(p['getInfo']['versions']) ? (p['getInfo']['versions'] as unknown[]) : [];
  const u2fOnly = !versions.some((v) => typeof v === 'string' && v.startsWith('FIDO_2_'));
  if (!AAGUID_PATTERN.test(aaguid)) fail('aaguid', `must be a lowercase hyphenated UUID, got '${aaguid}'`);
  if (u2fOnly !== (aaguid === ZERO_AAGUID)) fail('aaguid', u2fOnly ? 'must be all zeros for a U2F-only model (getInfo.versions has no FIDO_2_x)' : `must be non-zero for a CTAP2 model, got '${aaguid}'`);
  expectList(fail, 'vendor', [p['vendor']], PRESET_VENDORS);
  expectList(fail, 'attachment', [p['attachment']], ['platform', 'cross-platform']);
  const transports = expectList(fail, 'transports', p['transports'], TRANSPORTS);

  const algorithms = expectList(fail, 'algorithms', p['algorithms'], CREDENTIAL_ALGORITHMS);
  if (algorithms.includes(-257)) expectInteger(fail, 'rsaBits', p['rsaBits'], 2048, 4096);
  else if (p['rsaBits'] !== undefined) fail('rsaBits', 'is set but algorithms has no RS256 (-257)');
  validateAttestation(fail, 'attestation', p['attestation'], algorithms);

  const uv = expectRecord(fail, 'userVerification', p['userVerification']);
  expectOnlyKeys(fail, 'userVerification', uv, ['capable', 'methods', 'default']);
  const capable = expectBoolean(fail, 'userVerification.capable', uv['capable']);
  expectList(fail, 'userVerification.methods', uv['methods'], USER_VERIFICATION_METHODS, !capable);
  if (expectBoolean(fail, 'userVerification.default', uv['default']) && !capable) fail('userVerification.default', 'is true but capable is false');

  const backup = expectRecord(fail, 'backup', p['backup']);
  expectOnlyKeys(fail, 'backup', backup, ['eligible', 'state']);
  const eligible = expectBoolean(fail, 'backup.eligible', backup['eligible']);
  // WebAuthn L3 6.1.3: BS may be set only when BE is set.
  if (expectBoolean(fail, 'backup.state', backup['state']) && !eligible) fail('backup.state', 'is true but backup.eligible is false (BS requires BE)');

  expectList(fail, 'counter', [p['counter']], COUNTER_MODES);
  const residentKeys = expectBoolean(fail, 'residentKeys', p['residentKeys']);
  const credentialIdLength = expectInteger(fail, 'credentialIdLength', p['credentialIdLength'], MIN_ID_LENGTH, MAX_ID_LENGTH);
  let residentCredentialIdLength: number | undefined;
  if (p['residentCredentialIdLength'] !== undefined) {
    residentCredentialIdLength = expectInteger(fail, 'residentCredentialIdLength', p['residentCredentialIdLength'], MIN_ID_LENGTH, MAX_ID_LENGTH);
  }
  if (p['residentKeyCapacity'] !== undefined) {
    expectInteger(fail, 'residentKeyCapacity', p['residentKeyCapacity'], 1);
    if (!residentKeys) fail('residentKeyCapacity', 'is set but residentKeys is false');
  }
  if (u2fOnly) {
    // CTAP 2.1 section 10 / WebAuthn L3 8.6: U2F keys are never discoverable, never verify users, attest fido-u2f.
    if (residentKeys) fail('residentKeys', 'must be false for a U2F-only model');
    if (capable) fail('userVerification.capable', 'must be false for a U2F-only model');
    const format = isRecord(p['attestation']) ? p['attestation']['format'] : undefined;
    if (format !== 'fido-u2f') fail('attestation.format', "must be 'fido-u2f' for a U2F-only model");
  }
  const attachment = p['attachment'] as Preset['attachment'];
  validateGetInfo(fail, p['getInfo'], { algorithms, transports, residentKeys, attachment, credentialIdLength, residentCredentialIdLength });

  if (p['hybrid'] !== undefined) validateHybrid(fail, p['hybrid'], algorithms);
  if (p['pinRetriesWithoutPin'] !== undefined) expectList(fail, 'pinRetriesWithoutPin', [p['pinRetriesWithoutPin']], ['retries', 'pin-not-set']);
  validateMetadata(fail, p['metadata']);
  expectList(fail, 'sources', p['sources']);
  if (p['uncertain'] !== undefined) {
    for (const [path, why] of Object.entries(expectRecord(fail, 'uncertain', p['uncertain']))) {
      if (!PRESET_FIELDS.includes(path.split('.')[0] ?? '')) fail(`uncertain.${path}`, 'does not start with a preset field name');
      expectString(fail, `uncertain.${path}`, why);
    }
  }
}

/**
 * Check a whole preset list: each preset, then that ids and AAGUIDs are unique.
 * @param values - the `presets` array of `aaguids.json`
 * @throws PresetError `ERR_INVALID_PRESET`
 */
export function validatePresets(values: readonly unknown[]): asserts values is Preset[] {
  const ids = new Map<string, string>();
  const aaguids = new Map<string, string>();
  for (const value of values) {
    validatePreset(value);
    // U2F-only models share the zero AAGUID (they have none).
    const other = ids.get(value.id) ?? (value.aaguid === ZERO_AAGUID ? undefined : aaguids.get(value.aaguid));
    if (other !== undefined) {
      const field = ids.has(value.id) ? 'id' : 'aaguid';
      throw new PresetError('ERR_INVALID_PRESET', `preset '${value.id}': ${field} is already used by preset '${other}'`, { presetId: value.id, field });
    }
    ids.set(value.id, value.id);
    aaguids.set(value.aaguid, value.id);
  }
}

function validateAttestation(fail: Fail, field: string, value: unknown, algorithms: readonly CredentialAlgorithm[]): void {
  const att = expectRecord(fail, field, value);
  expectOnlyKeys(fail, field, att, ['format', 'type', 'statementAlg']);
  const formats = Object.keys(ATTESTATION_TYPES_BY_FORMAT) as AttestationFormat[];
  const [format] = expectList(fail, `${field}.format`, [att['format']], formats);
  const [type] = expectList<AttestationType>(fail, `${field}.type`, [att['type']], ['basic', 'self', 'attca', 'anonca', 'none']);
  if (!format || !type) return;
  const allowed = ATTESTATION_TYPES_BY_FORMAT[format];
  if (!allowed.includes(type)) fail(`${field}.type`, `'${type}' does not fit format '${format}' (allowed: ${allowed.join(', ')})`);
  // WebAuthn L3 8.6: fido-u2f carries only P-256 keys.
  if (format === 'fido-u2f' && algorithms.some((alg) => alg !== -7)) fail('algorithms', 'must be [-7] for fido-u2f attestation');
  const statementAlg = att['statementAlg'];
  if (statementAlg === undefined) return;
  // An explicit statement alg only makes sense where a separate attestation key signs.
  if (!(format === 'tpm' || (format === 'packed' && type !== 'self'))) {
    fail(`${field}.statementAlg`, `is not used with ${format}/${type} (the credential key signs, or there is no alg)`);
  }
  expectList(fail, `${field}.statementAlg`, [statementAlg], [...CREDENTIAL_ALGORITHMS, -65535]);
  if (statementAlg === -65535 && format !== 'tpm') fail(`${field}.statementAlg`, '-65535 (RS1) is only used by tpm');
}

function validateHybrid(fail: Fail, value: unknown, algorithms: readonly CredentialAlgorithm[]): void {
  const hybrid = expectRecord(fail, 'hybrid', value);
  expectOnlyKeys(fail, 'hybrid', hybrid, ['transports', 'attestation', 'aaguid', 'note']);
  const transports = expectList(fail, 'hybrid.transports', hybrid['transports'], TRANSPORTS);
  if (!transports.includes('hybrid')) fail('hybrid.transports', "must include 'hybrid'");
  validateAttestation(fail, 'hybrid.attestation', hybrid['attestation'], algorithms);
  if (hybrid['aaguid'] !== undefined && !AAGUID_PATTERN.test(expectString(fail, 'hybrid.aaguid', hybrid['aaguid']))) {
    fail('hybrid.aaguid', 'must be a lowercase hyphenated UUID');
  }
  if (hybrid['note'] !== undefined) expectString(fail, 'hybrid.note', hybrid['note']);
}

function validateMetadata(fail: Fail, value: unknown): void {
  const md = expectRecord(fail, 'metadata', value);
  expectOnlyKeys(fail, 'metadata', md, ['keyProtection', 'certificationStatus', 'userVerificationMethods', 'attachmentHint']);
  expectList(fail, 'metadata.keyProtection', md['keyProtection'], KEY_PROTECTIONS);
  expectList(fail, 'metadata.certificationStatus', [md['certificationStatus']], CERTIFICATION_STATUSES);
  expectList(fail, 'metadata.userVerificationMethods', md['userVerificationMethods'], USER_VERIFICATION_METHODS);
  expectList(fail, 'metadata.attachmentHint', md['attachmentHint'], ATTACHMENT_HINTS);
}
