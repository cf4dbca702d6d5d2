/**
 * authenticatorGetAssertion (0x02), CTAP 2.1 section 6.2 / 6.2.2.
 * @module
 */
import { rpIdHash } from '../rpIdHash.js';
import type { CborMap, CborValue } from '../../cbor/types.js';
import { buildAuthenticatorData } from '../../authData/index.js';
import { signWith } from '../../crypto/keyPair.js';
import type { StoredCredential } from '../../store/types.js';
import { CtapError, CtapStatus } from '../status.js';
import type { AuthenticatorState, CommandHandler } from '../command.js';
import { boolParam, bytesParam, descriptorList, mapParam, textParam } from '../params.js';
import { credentialKeyPair } from '../credentialKeys.js';
import { nextSignCount } from '../signCounter.js';
import { collectUserPresence, getAssertionUvRequirement, pinUvAuthRequest, verifyUser } from './pinUvAuth.js';
import { hasBuiltInUv } from '../pinUv/builtInUv.js';
import { Permission } from '../pinUv/pinUvAuthToken.js';
import type { AccountChooser } from '../../user/scriptedUser.js';
import { credProtectAllows, getAssertionExtensions } from '../extensions/index.js';
import { credentialMatchesRpId } from '../../ctap1/u2fCredentials.js';

/** Parameter keys of authenticatorGetAssertion (CTAP 2.1 6.2 table). */
export const GetAssertionParam = {
  rpId: 0x01,
  clientDataHash: 0x02,
  allowList: 0x03,
  extensions: 0x04,
  options: 0x05,
  pinUvAuthParam: 0x06,
  pinUvAuthProtocol: 0x07,
} as const;

/** Response keys of authenticatorGetAssertion (CTAP 2.1 6.2 response table). */
export const GetAssertionResponse = {
  credential: 0x01,
  authData: 0x02,
  signature: 0x03,
  user: 0x04,
  numberOfCredentials: 0x05,
  userSelected: 0x06,
  largeBlobKey: 0x07,
} as const;

/** How long getNextAssertion state lives (CTAP 2.1 6.3: 30 seconds). */
export const NEXT_ASSERTION_WINDOW_MS = 30_000;

/** Stands in for an absent options map (only ever read). */
const NO_OPTIONS: CborMap = new Map();

const P = GetAssertionParam;
const R = GetAssertionResponse;

/**
 * Sign one assertion for `credential` and build its response map (CTAP 2.1 6.2.2 steps 11-13).
 * Shared with authenticatorGetNextAssertion.
 */
export function assertionResponse(
  state: AuthenticatorState,
  credential: StoredCredential,
  rpId: string,
  clientDataHash: Uint8Array,
  flags: { up: boolean; uv: boolean },
  withUser: boolean,
  extensions?: CborMap,
): CborMap {
  // Step 12: extensions, per credential (hmac-secret outputs depend on the credential).
  const ext = extensions ? getAssertionExtensions(state, extensions, credential, { rpId, uv: flags.uv, up: flags.up }) : undefined;
  const signCount = nextSignCount(state, credential);
  state.store.setSignCount(credential.id, signCount);
  const authData = buildAuthenticatorData({
    rpIdHash: rpIdHash(rpId),
    flags: { up: flags.up, uv: flags.uv, be: credential.backupEligible, bs: credential.backupState },
    signCount,
    ...(ext?.authData && { extensions: ext.authData }),
  });
  // Step 12: the assertion signature covers authenticatorData || clientDataHash (WebAuthn L3 6.3.3).
  // Only read by the signer, so a slice of Node's buffer pool does (no allocation of its own).
  const toSign = Buffer.allocUnsafe(authData.length + clientDataHash.length);
  toSign.set(authData);
  toSign.set(clientDataHash, authData.length);
  const response: CborMap = new Map();
  // A Map with its keys in canonical order: the encoder's sort finds nothing to do.
  response.set(R.credential, new Map<string, CborValue>([['id', credential.id], ['type', 'public-key']]));
  response.set(R.authData, authData);
  response.set(R.signature, signWith(credentialKeyPair(state, credential), toSign));
  if (withUser && credential.userHandle) response.set(R.user, userEntity(credential, flags.uv));
  if (ext?.largeBlobKey) response.set(R.largeBlobKey, ext.largeBlobKey);
  return response;
}

/** The user entity of an assertion response (PublicKeyCredentialUserEntity, CTAP 2.1 6.2 member 0x04). */
function userEntity(credential: StoredCredential, uv: boolean): CborMap {
  // A Map inserted in canonical key order (id, name, displayName): the encoder's sort finds nothing to do.
  const user: CborMap = new Map<string, CborValue>([['id', credential.userHandle]]);
  // CTAP 2.1 6.2.2: name/displayName only after user verification, for discoverable credentials.
  if (uv && credential.discoverable) {
    if (credential.userName !== undefined) user.set('name', credential.userName);
    if (credential.userDisplayName !== undefined) user.set('displayName', credential.userDisplayName);
  }
  return user;
}

/** Handle authenticatorGetAssertion; synchronous unless an account chooser has to be awaited. */
export const getAssertion: CommandHandler = (state, params) => {
  const rpId = textParam(params, P.rpId, 'rpId', true);
  const clientDataHash = bytesParam(params, P.clientDataHash, 'clientDataHash', true);
  // CTAP 2.1 6.2.2 steps 1-2: the zero-length pinUvAuthParam probe, then pinUvAuthProtocol.
  const pinUvAuth = pinUvAuthRequest(state, params, P.pinUvAuthParam, P.pinUvAuthProtocol);
  const allowList = descriptorList(params, P.allowList, 'allowList');
  const extensions = mapParam(params, P.extensions, 'extensions');
  const opts = mapParam(params, P.options, 'options') ?? NO_OPTIONS;
  if (boolParam(opts, 'rk', 'options.rk') !== undefined) {
    throw new CtapError(CtapStatus.CTAP2_ERR_UNSUPPORTED_OPTION, 'options.rk is not valid in getAssertion');
  }
  const up = boolParam(opts, 'up', 'options.up') ?? true;
  // Step 4: "uv" is false when absent, and treated as false when pinUvAuthParam is present.
  const uvRequested = (boolParam(opts, 'uv', 'options.uv') ?? false) && !pinUvAuth;
  if (uvRequested && !hasBuiltInUv(state.preset)) {
    throw new CtapError(CtapStatus.CTAP2_ERR_INVALID_OPTION, `${state.preset.id} has no built-in user verification: send a pinUvAuthParam instead of options.uv`);
  }
  // Step 5: alwaysUv.
  const uvOption = getAssertionUvRequirement(state, { up, uv: uvRequested, pinUvAuth });
  state.pending = undefined;
  state.user.beginCeremony();
  // Step 6: verify pinUvAuthParam (ga permission, RP ID) or perform built-in UV.
  const verification = verifyUser(state, { pinUvAuth, uv: uvOption, clientDataHash, rpId, permission: Permission.ga });
  const uv = verification.uv;

  // Step 6: locate credentials (allowList members for this rp, or discoverable ones), then drop
  // those credProtect hides without UV (CTAP 2.1 12.1).
  const allowListed = allowList !== undefined && allowList.length > 0;
  const candidates = (
    allowListed
      ? allowList.map((id) => state.store.get(id)).filter((c): c is StoredCredential => c !== undefined && credentialMatchesRpId(c, rpId)) // U2F registrations answer to their AppID (ctap1/u2fCredentials.ts)
      : state.store.list({ rpId }).filter((c) => c.discoverable)
  ).filter((c) => c.credProtect === undefined || credProtectAllows(c, { uv, allowListed }));
  if (candidates.length === 0) {
    throw new CtapError(CtapStatus.CTAP2_ERR_NO_CREDENTIALS, `no credential for ${rpId} on this authenticator${allowList?.length ? ' matches allowList' : ''}`);
  }
  // Steps 8-9: evidence of interaction from built-in UV, else a touch when "up" is true (not when the
  // token's userPresent flag is set); then the token's flags and permissions are used up.
  if (up) collectUserPresence(state, { pinUvAuth, interacted: verification.interacted });
  const flags = { up: up || verification.interacted, uv };

  if (allowListed) {
    return assertionResponse(state, candidates[0]!, rpId, clientDataHash, flags, true, extensions);
  }
  // Step 11: with several discoverable credentials, a chooser picks one (userSelected) or they
  // come out newest first with numberOfCredentials and getNextAssertion.
  if (candidates.length > 1 && state.user.chooseAccount) {
    return chosenAssertion(state, state.user.chooseAccount, candidates, rpId, clientDataHash, flags, extensions);
  }
  const response = assertionResponse(state, candidates[0]!, rpId, clientDataHash, flags, true, extensions);
  if (candidates.length > 1) {
    response.set(R.numberOfCredentials, candidates.length);
    const rest = candidates.slice(1);
    state.pending = { rpId, clientDataHash, credentials: rest, flags, extensions, expiresAt: Date.now() + NEXT_ASSERTION_WINDOW_MS, total: candidates.length };
  }
  return response;
};

/** Step 11 with an account chooser: the user picks one credential, marked userSelected. */
async function chosenAssertion(
  state: AuthenticatorState,
  chooseAccount: AccountChooser,
  candidates: StoredCredential[],
  rpId: string,
  clientDataHash: Uint8Array,
  flags: { up: boolean; uv: boolean },
  extensions: CborMap | undefined,
): Promise<CborMap> {
  const index = await chooseAccount(
    candidates.map((c) => ({
      credentialId: c.id,
      rpId: c.rpId,
      ...(c.userHandle && { userHandle: c.userHandle }),
      ...(c.userName !== undefined && { userName: c.userName }),
      ...(c.userDisplayName !== undefined && { userDisplayName: c.userDisplayName }),
    })),
  );
  const chosen = index === undefined ? undefined : candidates[index];
  if (!chosen) throw new CtapError(CtapStatus.CTAP2_ERR_OPERATION_DENIED, 'the user did not choose an account');
  const response = assertionResponse(state, chosen, rpId, clientDataHash, flags, true, extensions);
  response.set(R.userSelected, true);
  return response;
}
