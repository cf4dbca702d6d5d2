/**
 * authenticatorCredentialManagement (0x0a), CTAP 2.1 section 6.8, and its CTAP 2.1-PRE prototype
 * authenticatorCredentialManagement (0x41, section 6.13 "credentialMgmtPreview": subcommands 0x01
 * to 0x06 with the same parameters). Manages discoverable credentials only.
 * @module
 */
import { encodeCbor } from '../../cbor/index.js';
import type { CborMap, CborValue } from '../../cbor/types.js';
import { coseKeyFromPublicKey } from '../../cose/index.js';
import type { StoredCredential } from '../../store/types.js';
import type { AuthenticatorState, CommandHandler } from '../command.js';
import { credentialKeyPair } from '../credentialKeys.js';
import { bytesParam, intParam, isMap, mapParam, textParam } from '../params.js';
import { Permission } from '../pinUv/pinUvAuthToken.js';
import { rpIdHash } from '../rpIdHash.js';
import { CtapError, CtapStatus } from '../status.js';
import { requirePinUvAuth } from './managementAuth.js';
import { ENUMERATION_WINDOW_MS, managementState, type Enumeration } from './managementState.js';

/** Command byte of the CTAP 2.1-PRE prototype (CTAP 2.1 6.13, getInfo option credentialMgmtPreview). */
export const CREDENTIAL_MANAGEMENT_PREVIEW = 0x41;

/** Request parameter keys (CTAP 2.1 6.8 table). */
export const CredMgmtParam = { subCommand: 0x01, subCommandParams: 0x02, pinUvAuthProtocol: 0x03, pinUvAuthParam: 0x04 } as const;

/** subCommandParams keys (CTAP 2.1 6.8). */
export const CredMgmtSubParam = { rpIDHash: 0x01, credentialID: 0x02, user: 0x03 } as const;

/** Subcommands (CTAP 2.1 6.8). */
export const CredMgmtSubCommand = {
  getCredsMetadata: 0x01,
  enumerateRPsBegin: 0x02,
  enumerateRPsGetNextRP: 0x03,
  enumerateCredentialsBegin: 0x04,
  enumerateCredentialsGetNextCredential: 0x05,
  deleteCredential: 0x06,
  updateUserInformation: 0x07,
} as const;

/** Response keys (CTAP 2.1 6.8). */
export const CredMgmtResponse = {
  existingResidentCredentialsCount: 0x01,
  maxPossibleRemainingResidentCredentialsCount: 0x02,
  rp: 0x03,
  rpIDHash: 0x04,
  totalRPs: 0x05,
  user: 0x06,
  credentialID: 0x07,
  publicKey: 0x08,
  totalCredentials: 0x09,
  credProtect: 0x0a,
  largeBlobKey: 0x0b,
} as const;

/**
 * Discoverable-credential capacity assumed when the preset states none (neither residentKeyCapacity
 * nor getInfo remainingDiscoverableCredentials): vfido's choice, the common 25 of older security keys.
 */
export const DEFAULT_RESIDENT_CAPACITY = 25;

const S = CredMgmtSubCommand;
const R = CredMgmtResponse;

/** The request as parsed once. */
interface Request {
  command: number;
  subCommand: number;
  subCommandParams: CborMap | undefined;
  params: CborMap;
}

/** Discoverable credentials (newest first), optionally of one RP. */
function discoverable(state: AuthenticatorState, rpId?: string): StoredCredential[] {
  return state.store.list(rpId === undefined ? undefined : { rpId }).filter((c) => c.discoverable);
}

/** The discoverable credential with this id, or CTAP2_ERR_NO_CREDENTIALS (CTAP 2.1 6.8.5 / 6.8.6). */
function findDiscoverable(state: AuthenticatorState, id: Uint8Array): StoredCredential {
  const credential = state.store.get(id);
  if (!credential?.discoverable) throw new CtapError(CtapStatus.CTAP2_ERR_NO_CREDENTIALS, 'no discoverable credential with this credentialID on the authenticator');
  return credential;
}

const eq = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0;

/** Every permission bit: whatever token the authenticator issued. */
const ANY_PERMISSION = 0xff;

/**
 * Whether this request is the 2.1-PRE prototype on a model without pinUvAuthToken: such models
 * only issue getPinToken tokens (default permissions mc and ga, CTAP 2.1 6.5.5.7.1), and the
 * prototype predates permissions (6.13), so the token is not asked for cm.
 */
function legacyPreview(state: AuthenticatorState, req: Request): boolean {
  return req.command === CREDENTIAL_MANAGEMENT_PREVIEW && state.preset.getInfo.options?.pinUvAuthToken !== true;
}

/**
 * The pinUvAuthParam over `subCommand || subCommandParams` with the cm permission (CTAP 2.1 6.8.2
 * steps 1-4 and the same steps of every authenticated subcommand).
 */
function authenticate(state: AuthenticatorState, req: Request, name: string): void {
  const params = req.subCommandParams ? encodeCbor(req.subCommandParams) : new Uint8Array(0);
  const message = new Uint8Array(1 + params.length);
  message[0] = req.subCommand;
  message.set(params, 1);
  requirePinUvAuth(state, {
    param: bytesParam(req.params, CredMgmtParam.pinUvAuthParam, 'pinUvAuthParam'),
    protocol: intParam(req.params, CredMgmtParam.pinUvAuthProtocol, 'pinUvAuthProtocol'),
    message,
    permission: legacyPreview(state, req) ? ANY_PERMISSION : Permission.cm,
    what: `credentialManagement ${name}`,
  });
}

/**
 * CTAP 2.1 6.8: a token with a permissions RP ID may only be used on credentials of that RP
 * (enumerateCredentialsBegin, deleteCredential, updateUserInformation); getCredsMetadata and
 * enumerateRPsBegin need a token with no permissions RP ID.
 */
function requireRpBinding(state: AuthenticatorState, allowed: ((boundRpId: string) => boolean) | undefined, name: string): void {
  const bound = state.pinUv.tokenState.rpId;
  if (bound === undefined) return;
  if (!allowed) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, `${name} needs a pinUvAuthToken without a permissions RP ID (this one is bound to ${bound})`);
  }
  if (!allowed(bound)) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, `the pinUvAuthToken is bound to RP ID ${bound}: ${name} may only touch that RP's credentials`);
  }
}

/** The credentialID subCommandParam: a PublicKeyCredentialDescriptor's id. */
function credentialIdParam(req: Request): Uint8Array {
  const descriptor = mapParam(req.subCommandParams ?? new Map(), CredMgmtSubParam.credentialID, 'subCommandParams.credentialID', true);
  textParam(descriptor, 'type', 'credentialID.type', true);
  return bytesParam(descriptor, 'id', 'credentialID.id', true);
}

/** How many more discoverable credentials fit. */
function remainingCapacity(state: AuthenticatorState, used: number): number {
  const capacity = state.preset.residentKeyCapacity ?? state.preset.getInfo.remainingDiscoverableCredentials ?? DEFAULT_RESIDENT_CAPACITY;
  return Math.max(0, capacity - used);
}

/** The rp / rpIDHash members for one RP (CTAP 2.1 6.8.3): the RP's name as the newest credential stored it. */
function rpResponse(state: AuthenticatorState, rpId: string, total?: number): CborMap {
  const rp = new Map<string, CborValue>([['id', rpId]]);
  const name = discoverable(state, rpId).find((c) => c.rpName !== undefined)?.rpName;
  if (name !== undefined) rp.set('name', name);
  const m: CborMap = new Map<number, CborValue>([[R.rp, rp], [R.rpIDHash, new Uint8Array(rpIdHash(rpId))]]);
  if (total !== undefined) m.set(R.totalRPs, total);
  return m;
}

/** One credential's members (CTAP 2.1 6.8.4): user, credentialID, publicKey, credProtect, largeBlobKey. */
function credentialResponse(state: AuthenticatorState, c: StoredCredential, total?: number): CborMap {
  const user = new Map<string, CborValue>([['id', c.userHandle ?? new Uint8Array(0)]]);
  if (c.userName !== undefined) user.set('name', c.userName);
  if (c.userDisplayName !== undefined) user.set('displayName', c.userDisplayName);
  const m: CborMap = new Map<number, CborValue>([
    [R.user, user],
    [R.credentialID, new Map<string, CborValue>([['id', c.id], ['type', 'public-key']])],
    [R.publicKey, coseKeyFromPublicKey(credentialKeyPair(state, c).publicKey, c.alg)],
    // credProtect: the credential's policy, 1 (userVerificationOptional) when none was requested (CTAP 2.1 12.1).
    [R.credProtect, c.credProtect ?? 1],
  ]);
  if (total !== undefined) m.set(R.totalCredentials, total);
  if (c.largeBlobKey) m.set(R.largeBlobKey, c.largeBlobKey);
  return m;
}

/** Start an enumeration: its state waits for GetNext. */
function beginEnumeration(state: AuthenticatorState, kind: Enumeration['kind'], command: number, remaining: Enumeration['remaining']): void {
  managementState(state).enumeration = remaining.length > 0 ? { kind, command, remaining, expiresAt: Date.now() + ENUMERATION_WINDOW_MS } : undefined;
}

/** The next item of a live enumeration of `kind`, or CTAP2_ERR_NOT_ALLOWED (no Begin, expired, exhausted). */
function nextOf(state: AuthenticatorState, kind: Enumeration['kind'], command: number): string | Uint8Array {
  const ms = managementState(state);
  const e = ms.enumeration;
  const begin = kind === 'rps' ? 'enumerateRPsBegin' : 'enumerateCredentialsBegin';
  if (!e || e.kind !== kind || e.command !== command || Date.now() > e.expiresAt || e.remaining.length === 0) {
    ms.enumeration = undefined;
    throw new CtapError(CtapStatus.CTAP2_ERR_NOT_ALLOWED, `no ${kind === 'rps' ? 'RP' : 'credential'} enumeration is in progress: call ${begin} first (state ends after 30 s or any other command)`);
  }
  e.expiresAt = Date.now() + ENUMERATION_WINDOW_MS;
  const item = e.remaining.shift()!;
  if (e.remaining.length === 0) ms.enumeration = undefined;
  return item;
}

/** 6.8.2 getCredsMetadata. */
function getCredsMetadata(state: AuthenticatorState, req: Request): CborMap {
  authenticate(state, req, 'getCredsMetadata');
  requireRpBinding(state, undefined, 'getCredsMetadata');
  const used = discoverable(state).length;
  return new Map([
    [R.existingResidentCredentialsCount, used],
    [R.maxPossibleRemainingResidentCredentialsCount, remainingCapacity(state, used)],
  ]);
}

/** 6.8.3 enumerateRPsBegin: the first RP and totalRPs; the rest wait for enumerateRPsGetNextRP. */
function enumerateRPsBegin(state: AuthenticatorState, req: Request): CborMap {
  authenticate(state, req, 'enumerateRPsBegin');
  requireRpBinding(state, undefined, 'enumerateRPsBegin');
  const rpIds = [...new Set(discoverable(state).map((c) => c.rpId))];
  if (rpIds.length === 0) throw new CtapError(CtapStatus.CTAP2_ERR_NO_CREDENTIALS, 'no discoverable credentials on this authenticator');
  beginEnumeration(state, 'rps', req.command, rpIds.slice(1));
  return rpResponse(state, rpIds[0]!, rpIds.length);
}

/** 6.8.3 enumerateRPsGetNextRP (no pinUvAuthParam). */
function enumerateRPsGetNextRP(state: AuthenticatorState, req: Request): CborMap {
  return rpResponse(state, nextOf(state, 'rps', req.command) as string);
}

/** 6.8.4 enumerateCredentialsBegin: the first credential of the RP and totalCredentials. */
function enumerateCredentialsBegin(state: AuthenticatorState, req: Request): CborMap {
  if (!req.subCommandParams) throw new CtapError(CtapStatus.CTAP2_ERR_MISSING_PARAMETER, 'enumerateCredentialsBegin needs subCommandParams with rpIDHash');
  const hash = bytesParam(req.subCommandParams, CredMgmtSubParam.rpIDHash, 'subCommandParams.rpIDHash', true);
  authenticate(state, req, 'enumerateCredentialsBegin');
  requireRpBinding(state, (bound) => eq(rpIdHash(bound), hash), 'enumerateCredentialsBegin');
  const credentials = discoverable(state).filter((c) => eq(rpIdHash(c.rpId), hash));
  if (credentials.length === 0) throw new CtapError(CtapStatus.CTAP2_ERR_NO_CREDENTIALS, 'no discoverable credentials for this rpIDHash');
  beginEnumeration(state, 'credentials', req.command, credentials.slice(1).map((c) => c.id));
  return credentialResponse(state, credentials[0]!, credentials.length);
}

/** 6.8.4 enumerateCredentialsGetNextCredential (no pinUvAuthParam). A credential removed meanwhile is skipped. */
function enumerateCredentialsGetNextCredential(state: AuthenticatorState, req: Request): CborMap {
  for (;;) {
    const credential = state.store.get(nextOf(state, 'credentials', req.command) as Uint8Array);
    if (credential?.discoverable) return credentialResponse(state, credential);
  }
}

/** 6.8.5 deleteCredential. */
function deleteCredential(state: AuthenticatorState, req: Request): undefined {
  const id = credentialIdParam(req);
  authenticate(state, req, 'deleteCredential');
  const credential = findDiscoverable(state, id);
  requireRpBinding(state, (bound) => bound === credential.rpId, 'deleteCredential');
  state.store.delete(credential.id);
  return undefined;
}

/**
 * 6.8.6 updateUserInformation: user.id must be the credential's; name and displayName are replaced,
 * and a member absent or empty in the request is removed from the credential.
 */
function updateUserInformation(state: AuthenticatorState, req: Request): undefined {
  const id = credentialIdParam(req);
  const user = mapParam(req.subCommandParams!, CredMgmtSubParam.user, 'subCommandParams.user', true);
  const userId = bytesParam(user, 'id', 'user.id', true);
  const name = textParam(user, 'name', 'user.name');
  const displayName = textParam(user, 'displayName', 'user.displayName');
  authenticate(state, req, 'updateUserInformation');
  const credential = findDiscoverable(state, id);
  requireRpBinding(state, (bound) => bound === credential.rpId, 'updateUserInformation');
  if (!credential.userHandle || !eq(credential.userHandle, userId)) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'user.id does not match the credential\'s user handle (it cannot be changed)');
  }
  const updated: StoredCredential = { ...credential };
  delete updated.userName;
  delete updated.userDisplayName;
  if (name) updated.userName = name;
  if (displayName) updated.userDisplayName = displayName;
  state.store.put(updated);
  return undefined;
}

type SubHandler = (state: AuthenticatorState, req: Request) => CborMap | undefined;

const SUBCOMMANDS = new Map<number, SubHandler>([
  [S.getCredsMetadata, getCredsMetadata],
  [S.enumerateRPsBegin, enumerateRPsBegin],
  [S.enumerateRPsGetNextRP, enumerateRPsGetNextRP],
  [S.enumerateCredentialsBegin, enumerateCredentialsBegin],
  [S.enumerateCredentialsGetNextCredential, enumerateCredentialsGetNextCredential],
  [S.deleteCredential, deleteCredential],
  [S.updateUserInformation, updateUserInformation],
]);

/** getInfo option that announces each command byte. */
const OPTION = { [0x0a]: 'credMgmt', [CREDENTIAL_MANAGEMENT_PREVIEW]: 'credentialMgmtPreview' } as const;

function handlerFor(command: 0x0a | typeof CREDENTIAL_MANAGEMENT_PREVIEW): CommandHandler {
  return (state, params) => {
    const option = OPTION[command];
    if (state.preset.getInfo.options?.[option] !== true) {
      throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_COMMAND, `${state.preset.id} does not support credential management command 0x${command.toString(16)} (getInfo option ${option})`);
    }
    const subCommand = intParam(params, CredMgmtParam.subCommand, 'subCommand', true);
    // 6.13: the prototype has subcommands 0x01-0x06 only; updateUserInformation came with CTAP 2.1.
    const handler = command === CREDENTIAL_MANAGEMENT_PREVIEW && subCommand === S.updateUserInformation ? undefined : SUBCOMMANDS.get(subCommand);
    if (!handler) throw new CtapError(CtapStatus.CTAP2_ERR_INVALID_SUBCOMMAND, `credentialManagement subCommand 0x${subCommand.toString(16)} is not supported`);
    const sub = params.get(CredMgmtParam.subCommandParams);
    if (sub !== undefined && !isMap(sub)) throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, 'subCommandParams must be a map');
    return handler(state, { command, subCommand, subCommandParams: sub, params });
  };
}

/** Handle authenticatorCredentialManagement (0x0a, getInfo option credMgmt). */
export const credentialManagement: CommandHandler = handlerFor(0x0a);

/** Handle the CTAP 2.1-PRE authenticatorCredentialManagement prototype (0x41, getInfo option credentialMgmtPreview). */
export const credentialManagementPreview: CommandHandler = handlerFor(CREDENTIAL_MANAGEMENT_PREVIEW);
