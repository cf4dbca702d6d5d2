/**
 * authenticatorMakeCredential (0x01), CTAP 2.1 section 6.1 / 6.1.2.
 * @module
 */
import { rpIdHash } from '../rpIdHash.js';
import type { CborMap } from '../../cbor/types.js';
import { encodeCbor } from '../../cbor/index.js';
import { coseKeyFromJwk } from '../../cose/index.js';
import { buildAuthenticatorData } from '../../authData/index.js';
import { buildAttestation } from '../../attestation/index.js';
import { isCredentialAlgorithm, type CredentialAlgorithm } from '../../crypto/algorithms.js';
import { pkcs8Of, publicJwkOfPair } from '../../crypto/keyPair.js';
import type { AttestationProfile, Preset } from '../../presets/types.js';
import type { StoredCredential } from '../../store/types.js';
import { CtapError, CtapStatus } from '../status.js';
import type { AuthenticatorState, CallOptions, CommandHandler } from '../command.js';
import { arrayParam, boolParam, bytesParam, descriptorList, intParam, isMap, mapParam, textParam } from '../params.js';
import { newCredentialKey } from '../credentialKeys.js';
import { nextSignCount } from '../signCounter.js';
import { collectUserPresence, makeCredentialUvRequirement, pinUvAuthRequest, tokenCarriesPresence, verifyUser } from './pinUvAuth.js';
import { hasBuiltInUv } from '../pinUv/builtInUv.js';
import { Permission } from '../pinUv/pinUvAuthToken.js';
import { credProtectExcludes, makeCredentialExtensions } from '../extensions/index.js';
import { deviceSerial, ENTERPRISE_ATTESTATION_PROFILE, enterpriseAttestationRequested } from '../enterpriseAttestation.js';
import { countCredentials } from '../../store/countCredentials.js';

/** Parameter keys of authenticatorMakeCredential (CTAP 2.1 6.1 table). */
export const MakeCredentialParam = {
  clientDataHash: 0x01,
  rp: 0x02,
  user: 0x03,
  pubKeyCredParams: 0x04,
  excludeList: 0x05,
  extensions: 0x06,
  options: 0x07,
  pinUvAuthParam: 0x08,
  pinUvAuthProtocol: 0x09,
  enterpriseAttestation: 0x0a,
  attestationFormatsPreference: 0x0b,
} as const;

const P = MakeCredentialParam;

/** Pick the first algorithm in the RP's order that the preset supports (CTAP 2.1 6.1.2 step 3). */
function chooseAlgorithm(state: AuthenticatorState, params: CborMap): CredentialAlgorithm {
  const list = arrayParam(params, P.pubKeyCredParams, 'pubKeyCredParams', true);
  for (const [i, entry] of list.entries()) {
    if (!isMap(entry)) throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, `pubKeyCredParams[${i}] must be a map`);
    const type = textParam(entry, 'type', `pubKeyCredParams[${i}].type`, true);
    const alg = intParam(entry, 'alg', `pubKeyCredParams[${i}].alg`, true);
    if (type === 'public-key' && isCredentialAlgorithm(alg) && state.preset.algorithms.includes(alg)) return alg;
  }
  throw new CtapError(
    CtapStatus.CTAP2_ERR_UNSUPPORTED_ALGORITHM,
    `none of the requested algorithms is supported by ${state.preset.id} (supports ${state.preset.algorithms.join(', ')})`,
  );
}

/** The `none` attestation a platform may prefer (one object: presetWithAttestation caches by profile). */
const NONE_PROFILE: AttestationProfile = Object.freeze({ format: 'none', type: 'none' });

/** The attestation this call produces: preset (or hybrid) profile, or `none` when the platform prefers it (CTAP 2.2 attestationFormatsPreference). */
function attestationFor(state: AuthenticatorState, params: CborMap, options: CallOptions): AttestationProfile {
  const profile = options.via === 'hybrid' && state.preset.hybrid ? state.preset.hybrid.attestation : state.preset.attestation;
  const preference = arrayParam(params, P.attestationFormatsPreference, 'attestationFormatsPreference');
  if (preference) {
    if (preference.some((f) => typeof f !== 'string')) {
      throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, 'attestationFormatsPreference must hold text strings');
    }
    // CTAP 2.2 6.1.2: the first supported format in preference order; "none" is always supported.
    for (const f of preference) {
      if (f === 'none') return NONE_PROFILE;
      if (f === profile.format) return profile;
    }
  }
  return profile;
}

/** `{ ...preset, attestation }` per preset and profile, made once (the builders only read it). */
const presetsWithProfile = new WeakMap<Preset, Map<AttestationProfile, Preset>>();
function presetWithAttestation(preset: Preset, attestation: AttestationProfile): Preset {
  if (attestation === preset.attestation) return preset;
  let byProfile = presetsWithProfile.get(preset);
  if (!byProfile) presetsWithProfile.set(preset, (byProfile = new Map()));
  let merged = byProfile.get(attestation);
  if (!merged) byProfile.set(attestation, (merged = { ...preset, attestation }));
  return merged;
}

/**
 * `record.privateKey` as a plain data property (value `value`), replacing the accessor the record
 * was made with, so the record reads, spreads, serializes and compares as before.
 */
function settlePrivateKey(record: StoredCredential, value: Uint8Array): Uint8Array {
  Object.defineProperty(record, 'privateKey', { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** Handle authenticatorMakeCredential. */
export const makeCredential: CommandHandler = async (state, params, options) => {
  const clientDataHash = bytesParam(params, P.clientDataHash, 'clientDataHash', true);
  const rp = mapParam(params, P.rp, 'rp', true);
  const rpId = textParam(rp, 'id', 'rp.id', true);
  // An RP ID is a domain (WebAuthn L3 5.4.2); an empty one would be stored in a credential the
  // store's JSON form refuses (FileCredentialStore could not load its own file).
  if (rpId.length === 0) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_LENGTH, 'rp.id must not be empty');
  const rpName = textParam(rp, 'name', 'rp.name');
  const user = mapParam(params, P.user, 'user', true);
  const userHandle = bytesParam(user, 'id', 'user.id', true);
  if (userHandle.length < 1 || userHandle.length > 64) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_LENGTH, 'user.id must be 1..64 bytes');
  }
  const userName = textParam(user, 'name', 'user.name');
  const userDisplayName = textParam(user, 'displayName', 'user.displayName');
  // CTAP 2.1 6.1.2 steps 1-2: the zero-length pinUvAuthParam probe, then pinUvAuthProtocol.
  const pinUvAuth = pinUvAuthRequest(state, params, P.pinUvAuthParam, P.pinUvAuthProtocol);
  const alg = chooseAlgorithm(state, params);
  const excludeList = descriptorList(params, P.excludeList, 'excludeList');
  const extensions = mapParam(params, P.extensions, 'extensions');
  const opts = mapParam(params, P.options, 'options') ?? new Map();
  const rk = boolParam(opts, 'rk', 'options.rk') ?? false;
  // Step 5.1-5.2: "uv" is false when absent, and treated as false when pinUvAuthParam is present.
  const uvRequested = (boolParam(opts, 'uv', 'options.uv') ?? false) && !pinUvAuth;
  // CTAP 2.1 6.1.2 step 5: "up" false is invalid for makeCredential.
  if (boolParam(opts, 'up', 'options.up') === false) throw new CtapError(CtapStatus.CTAP2_ERR_INVALID_OPTION, 'options.up=false is not allowed in makeCredential');
  if (rk && !state.preset.residentKeys) throw new CtapError(CtapStatus.CTAP2_ERR_UNSUPPORTED_OPTION, `${state.preset.id} does not support discoverable credentials`);
  if (uvRequested && !hasBuiltInUv(state.preset)) {
    throw new CtapError(CtapStatus.CTAP2_ERR_INVALID_OPTION, `${state.preset.id} has no built-in user verification: send a pinUvAuthParam instead of options.uv`);
  }
  // Steps 6-8: alwaysUv / makeCredUvNotRqd decide whether a pinUvAuthToken is required.
  const uvOption = makeCredentialUvRequirement(state, { rk, uv: uvRequested, pinUvAuth });
  // CTAP 2.1 6.1.2 step 9 / 7.1: enterprise attestation (ctap2/enterpriseAttestation.ts).
  const enterprise = enterpriseAttestationRequested(state, rpId, intParam(params, P.enterpriseAttestation, 'enterpriseAttestation'));

  state.user.beginCeremony();
  // Step 11: verify pinUvAuthParam (mc permission, RP ID) or perform built-in UV.
  const verification = verifyUser(state, { pinUvAuth, uv: uvOption, clientDataHash, rpId, permission: Permission.mc });
  // CTAP 2.1 6.1.2 step 12: an excluded credential still needs user presence before the error.
  // A userVerificationRequired (credProtect 3) credential only counts when the uv bit is set (CTAP 2.1 12.1).
  if (excludeList?.some((id) => { const c = state.store.get(id); return c?.rpId === rpId && credProtectExcludes(c, verification.uv); })) {
    if (!tokenCarriesPresence(state, pinUvAuth)) state.user.confirmPresence();
    throw new CtapError(CtapStatus.CTAP2_ERR_CREDENTIAL_EXCLUDED, `a credential in excludeList already exists on this authenticator for ${rpId}`);
  }
  // Steps 13-14: user presence (unless built-in UV or the token supplied it), then the token is used up.
  collectUserPresence(state, { pinUvAuth, interacted: verification.interacted });
  const uv = verification.uv;
  const credentialKey = newCredentialKey(state, rpId, userHandle, alg);
  const { id, keyPair } = credentialKey instanceof Promise ? await credentialKey : credentialKey; // only RSA keys wait
  // Step 12: extensions (each in ctap2/extensions/; seeded CredRandoms / largeBlobKey derive from the id).
  const ext = makeCredentialExtensions(state, { rpId, uv, rk, credentialId: id, extensions });
  // From the public JWK known at the key's making: no key object is made for it (crypto/keyPair.ts lazyPair).
  const credentialPublicKey = encodeCbor(coseKeyFromJwk(publicJwkOfPair(keyPair), alg));
  const hybrid = options.via === 'hybrid' && state.preset.hybrid;
  const aaguidHex = hybrid && hybrid.aaguid ? hybrid.aaguid : undefined;
  const aaguid = aaguidHex ? new Uint8Array(Buffer.from(aaguidHex.replace(/-/g, ''), 'hex')) : state.aaguid;
  const attestation = enterprise ? ENTERPRISE_ATTESTATION_PROFILE : attestationFor(state, params, options);
  // fido-u2f statements certify a zero AAGUID (WebAuthn L3 8.6 / CTAP1 responses carry none).
  const authAaguid = attestation.format === 'fido-u2f' ? new Uint8Array(16) : aaguid;
  const signCount = nextSignCount(state, undefined);
  const { eligible: be, state: bs } = state.preset.backup;
  const authData = buildAuthenticatorData({
    rpIdHash: rpIdHash(rpId),
    flags: { up: true, uv, be, bs },
    signCount,
    attestedCredentialData: { aaguid: authAaguid, credentialId: id, credentialPublicKey },
    ...(ext.authData && { extensions: ext.authData }),
  });
  const { fmt, attStmt } = await buildAttestation(attestation.format, {
    preset: presetWithAttestation(state.preset, attestation),
    authData,
    clientDataHash,
    credentialKey: keyPair,
    credentialPublicKey,
    credentialId: id,
    aaguid: authAaguid,
    seed: state.seed,
    ...(enterprise && { enterpriseSerial: deviceSerial(state) }),
  });

  // CTAP 2.1 6.1.2 step 17: a discoverable credential for the same rp and user id replaces the old one
  // (the indexed count skips listing the RP's credentials for a user who has none).
  if (rk && countCredentials(state.store, { rpId, userHandle }) > 0) {
    for (const old of state.store.list({ rpId })) {
      if (old.discoverable && old.userHandle && Buffer.compare(old.userHandle, userHandle) === 0) {
        state.store.delete(old.id);
      }
    }
  }
  const record: StoredCredential = {
    id,
    rpId,
    ...(rpName !== undefined && { rpName }),
    userHandle,
    ...(userName !== undefined && { userName }),
    ...(userDisplayName !== undefined && { userDisplayName }),
    alg,
    // The PKCS#8 export costs about as much as the key generation (OpenSSL 3's encoder) and sign-ins
    // use the cached KeyObject (state.keys): encoded when something first reads the record's key
    // (a file store saving, an export). An accessor in the literal keeps the record a fast-mode object.
    get privateKey(): Uint8Array {
      return settlePrivateKey(record, pkcs8Of(keyPair));
    },
    set privateKey(value: Uint8Array) {
      settlePrivateKey(record, value);
    },
    signCount,
    discoverable: rk,
    backupEligible: be,
    backupState: bs,
    createdAt: Date.now(),
    preset: state.preset.id,
    transports: hybrid ? [...hybrid.transports] : [...state.preset.transports],
    ...ext.record,
  };
  state.store.put(record);
  state.keys.set(record, keyPair);

  const response: CborMap = new Map();
  response.set(0x01, fmt);
  response.set(0x02, authData);
  response.set(0x03, attStmt);
  if (enterprise) response.set(0x04, true); // epAtt (CTAP 2.1 6.1 response)
  if (ext.largeBlobKey) response.set(0x05, ext.largeBlobKey);
  if (ext.unsigned) response.set(0x06, ext.unsigned);
  return response;
};
