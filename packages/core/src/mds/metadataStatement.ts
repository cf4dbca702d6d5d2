/**
 * A preset's FIDO2 metadata statement (FIDO Metadata Statement v3.0, section 4), including its
 * authenticatorGetInfo in JSON (section 4 `authenticatorGetInfo`, CTAP 2.1 6.4).
 * @module
 */
import type { Preset, PresetGetInfo } from '../presets/types.js';
import type { AuthenticatorGetInfoJson, MetadataStatement, U2fMetadataStatement } from './mdsTypes.js';
import {
  ALG_SIGN_NAMES,
  ATTESTATION_TYPE_NAMES,
  cryptoStrengthOf,
  matcherProtectionOf,
  upvFor,
} from './mdsVocabulary.js';

/** What a statement needs besides the preset. */
export interface StatementContext {
  /** The statement's `legalHeader` (Metadata Statement 3.0: required in MDS3 statements). */
  legalHeader: string;
  /** Trust anchors as standard base64 DER; empty for self and none attestation. */
  attestationRootCertificates: string[];
}

/**
 * authenticatorGetInfo as MDS3 statements spell it: CTAP member names in CTAP key order
 * (0x01 versions ... 0x14 remainingDiscoverableCredentials), `aaguid` as 32 hex digits,
 * `algorithms` as `{ type: 'public-key', alg }` objects.
 * @param getInfo - the preset's getInfo
 * @param aaguid - the preset's AAGUID (UUID string)
 */
export function authenticatorGetInfoJson(getInfo: PresetGetInfo, aaguid: string): AuthenticatorGetInfoJson {
  const hexAaguid = aaguid.replace(/-/g, '').toLowerCase();
  // Object literal order is JSON order: versions (0x01), extensions (0x02), aaguid (0x03), ...
  const out: AuthenticatorGetInfoJson =
    getInfo.extensions !== undefined
      ? { versions: [...getInfo.versions], extensions: [...getInfo.extensions], aaguid: hexAaguid }
      : { versions: [...getInfo.versions], aaguid: hexAaguid };
  if (getInfo.options !== undefined) out.options = { ...getInfo.options };
  if (getInfo.maxMsgSize !== undefined) out.maxMsgSize = getInfo.maxMsgSize;
  if (getInfo.pinUvAuthProtocols !== undefined) out.pinUvAuthProtocols = [...getInfo.pinUvAuthProtocols];
  if (getInfo.maxCredentialCountInList !== undefined) out.maxCredentialCountInList = getInfo.maxCredentialCountInList;
  if (getInfo.maxCredentialIdLength !== undefined) out.maxCredentialIdLength = getInfo.maxCredentialIdLength;
  if (getInfo.transports !== undefined) out.transports = [...getInfo.transports];
  if (getInfo.algorithms !== undefined) out.algorithms = getInfo.algorithms.map((alg) => ({ type: 'public-key', alg }));
  if (getInfo.maxSerializedLargeBlobArray !== undefined) out.maxSerializedLargeBlobArray = getInfo.maxSerializedLargeBlobArray;
  if (getInfo.minPINLength !== undefined) out.minPINLength = getInfo.minPINLength;
  if (getInfo.firmwareVersion !== undefined) out.firmwareVersion = getInfo.firmwareVersion;
  if (getInfo.maxCredBlobLength !== undefined) out.maxCredBlobLength = getInfo.maxCredBlobLength;
  if (getInfo.maxRPIDsForSetMinPINLength !== undefined) out.maxRPIDsForSetMinPINLength = getInfo.maxRPIDsForSetMinPINLength;
  if (getInfo.preferredPlatformUvAttempts !== undefined) out.preferredPlatformUvAttempts = getInfo.preferredPlatformUvAttempts;
  if (getInfo.uvModality !== undefined) out.uvModality = getInfo.uvModality;
  if (getInfo.remainingDiscoverableCredentials !== undefined) {
    out.remainingDiscoverableCredentials = getInfo.remainingDiscoverableCredentials;
  }
  return out;
}

/**
 * The FIDO2 metadata statement describing `preset` (Metadata Statement 3.0 section 4). Members
 * are written in the order of real MDS3 statements, so the JSON is stable.
 * @param preset - the emulated model
 * @param context - legal header and attestation trust anchors
 */
export function metadataStatement(preset: Preset, context: StatementContext): MetadataStatement {
  const statement: MetadataStatement = {
    legalHeader: context.legalHeader,
    aaguid: preset.aaguid,
    description: preset.name,
    // Earliest trustworthy version (section 4); the model's firmwareVersion where it reports one.
    authenticatorVersion: preset.getInfo.firmwareVersion ?? 1,
    protocolFamily: 'fido2',
    schema: 3,
    upv: upvFor(preset.getInfo.versions),
    authenticationAlgorithms: preset.algorithms.map((alg) => ALG_SIGN_NAMES[alg]),
    publicKeyAlgAndEncodings: ['cose'],
    attestationTypes: [ATTESTATION_TYPE_NAMES[preset.attestation.type]],
    userVerificationDetails: preset.metadata.userVerificationMethods.map((m) => [{ userVerificationMethod: m }]),
    keyProtection: [...preset.metadata.keyProtection],
    matcherProtection: matcherProtectionOf(preset),
    cryptoStrength: cryptoStrengthOf(preset),
    attachmentHint: [...preset.metadata.attachmentHint],
    tcDisplay: [],
    attestationRootCertificates: [...context.attestationRootCertificates],
    authenticatorGetInfo: authenticatorGetInfoJson(preset.getInfo, preset.aaguid),
  };
  return statement;
}

/**
 * The U2F metadata statement describing a U2F-only `preset` (Metadata Statement 3.0 section 4 with
 * `protocolFamily: 'u2f'`, as real MDS3 U2F statements are written): no `aaguid` and no
 * `authenticatorGetInfo`, `upv` 1.0, keys as `ecc_x962_raw` (the 65-byte U2F point), and the
 * attestation certificates' key identifiers.
 * @param preset - the emulated U2F model
 * @param context - legal header and attestation trust anchors
 * @param keyIdentifiers - lowercase hex key identifiers of the model's attestation certificates
 */
export function u2fMetadataStatement(preset: Preset, context: StatementContext, keyIdentifiers: readonly string[]): U2fMetadataStatement {
  const { aaguid: _aaguid, authenticatorGetInfo: _getInfo, protocolFamily: _family, ...common } = metadataStatement(preset, context);
  return {
    legalHeader: common.legalHeader,
    attestationCertificateKeyIdentifiers: [...keyIdentifiers],
    description: common.description,
    authenticatorVersion: common.authenticatorVersion,
    protocolFamily: 'u2f',
    schema: common.schema,
    upv: [{ major: 1, minor: 0 }],
    authenticationAlgorithms: common.authenticationAlgorithms,
    publicKeyAlgAndEncodings: ['ecc_x962_raw'],
    attestationTypes: common.attestationTypes,
    userVerificationDetails: common.userVerificationDetails,
    keyProtection: common.keyProtection,
    matcherProtection: common.matcherProtection,
    ...(common.cryptoStrength !== undefined ? { cryptoStrength: common.cryptoStrength } : {}),
    attachmentHint: common.attachmentHint,
    tcDisplay: common.tcDisplay,
    attestationRootCertificates: common.attestationRootCertificates,
  };
}
