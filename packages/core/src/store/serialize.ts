/**
 * JSON form of stored credentials (file store format v1 and export), with strict validation on read.
 * @module
 */
import type { StoredCredential } from './types.js';
import { VfidoError } from '../errors/vfidoError.js';
import { isCredentialAlgorithm } from '../crypto/algorithms.js';

/** Stable codes of {@link CredentialStoreError}. */
export type CredentialStoreErrorCode = 'ERR_STORE_CORRUPT' | 'ERR_STORE_VERSION' | 'ERR_STORE_IO' | 'ERR_STORE_LOCKED' | 'ERR_CREDENTIAL_INVALID';

/** An unreadable or invalid credential file or import; the message says what to do. */
export class CredentialStoreError extends VfidoError<CredentialStoreErrorCode> {
  override readonly name = 'CredentialStoreError';
}

/** A credential in JSON: byte fields as base64url. */
export interface StoredCredentialJSON {
  id: string;
  rpId: string;
  rpName?: string;
  userHandle?: string;
  userName?: string;
  userDisplayName?: string;
  alg: number;
  privateKey: string;
  signCount: number;
  discoverable: boolean;
  backupEligible: boolean;
  backupState: boolean;
  createdAt: number;
  preset?: string;
  transports?: string[];
  credProtect?: 1 | 2 | 3;
  credBlob?: string;
  largeBlobKey?: string;
  hmacSecret?: { withUv: string; withoutUv: string };
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const B64U = /^[A-Za-z0-9_-]*$/;

/** Encode a credential as JSON-safe data. */
export function credentialToJSON(c: StoredCredential): StoredCredentialJSON {
  return {
    id: b64u(c.id),
    rpId: c.rpId,
    ...(c.rpName !== undefined && { rpName: c.rpName }),
    ...(c.userHandle && { userHandle: b64u(c.userHandle) }),
    ...(c.userName !== undefined && { userName: c.userName }),
    ...(c.userDisplayName !== undefined && { userDisplayName: c.userDisplayName }),
    alg: c.alg,
    privateKey: b64u(c.privateKey),
    signCount: c.signCount,
    discoverable: c.discoverable,
    backupEligible: c.backupEligible,
    backupState: c.backupState,
    createdAt: c.createdAt,
    ...(c.preset !== undefined && { preset: c.preset }),
    ...(c.transports && { transports: [...c.transports] }),
    ...(c.credProtect !== undefined && { credProtect: c.credProtect }),
    ...(c.credBlob && { credBlob: b64u(c.credBlob) }),
    ...(c.largeBlobKey && { largeBlobKey: b64u(c.largeBlobKey) }),
    ...(c.hmacSecret && { hmacSecret: { withUv: b64u(c.hmacSecret.withUv), withoutUv: b64u(c.hmacSecret.withoutUv) } }),
  };
}

function bytes(value: unknown, field: string, where: string): Uint8Array {
  if (typeof value !== 'string' || !B64U.test(value)) {
    throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: ${field} must be a base64url string`);
  }
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

function optString(value: unknown, field: string, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: ${field} must be a string`);
  return value;
}

/**
 * Decode and validate one credential from JSON.
 * @throws CredentialStoreError `ERR_CREDENTIAL_INVALID` naming the bad field
 */
export function credentialFromJSON(input: unknown, where = 'credential'): StoredCredential {
  if (typeof input !== 'object' || input === null) throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where} must be an object`);
  const o = input as Record<string, unknown>;
  const id = bytes(o.id, 'id', where);
  if (id.length < 1 || id.length > 1023) throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: id must be 1..1023 bytes`);
  if (typeof o.rpId !== 'string' || o.rpId === '') throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: rpId must be a non-empty string`);
  if (!isCredentialAlgorithm(o.alg)) throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: alg ${String(o.alg)} is not one of -7, -8, -35, -257`);
  const signCount = o.signCount ?? 0;
  if (typeof signCount !== 'number' || !Number.isInteger(signCount) || signCount < 0 || signCount > 0xffffffff) {
    throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: signCount must be an integer 0..2^32-1`);
  }
  const userHandle = o.userHandle === undefined ? undefined : bytes(o.userHandle, 'userHandle', where);
  if (userHandle && (userHandle.length < 1 || userHandle.length > 64)) {
    throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: userHandle must be 1..64 bytes`);
  }
  const transports = o.transports;
  if (transports !== undefined && !(Array.isArray(transports) && transports.every((t) => typeof t === 'string'))) {
    throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: transports must be an array of strings`);
  }
  const backupEligible = o.backupEligible === true;
  const backupState = o.backupState === true;
  if (backupState && !backupEligible) throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: backupState requires backupEligible (WebAuthn L3 6.1.3)`);
  const cred: StoredCredential = {
    id,
    rpId: o.rpId,
    alg: o.alg,
    privateKey: bytes(o.privateKey, 'privateKey', where),
    signCount,
    discoverable: o.discoverable !== false,
    backupEligible,
    backupState,
    createdAt: typeof o.createdAt === 'number' ? o.createdAt : Date.now(),
  };
  const rpName = optString(o.rpName, 'rpName', where);
  if (rpName !== undefined) cred.rpName = rpName;
  if (userHandle) cred.userHandle = userHandle;
  const userName = optString(o.userName, 'userName', where);
  if (userName !== undefined) cred.userName = userName;
  const userDisplayName = optString(o.userDisplayName, 'userDisplayName', where);
  if (userDisplayName !== undefined) cred.userDisplayName = userDisplayName;
  const preset = optString(o.preset, 'preset', where);
  if (preset !== undefined) cred.preset = preset;
  if (transports) cred.transports = transports as string[];
  if (o.credProtect !== undefined) {
    if (o.credProtect !== 1 && o.credProtect !== 2 && o.credProtect !== 3) throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: credProtect must be 1, 2 or 3`);
    cred.credProtect = o.credProtect;
  }
  if (o.credBlob !== undefined) cred.credBlob = bytes(o.credBlob, 'credBlob', where);
  if (o.largeBlobKey !== undefined) {
    const k = bytes(o.largeBlobKey, 'largeBlobKey', where);
    if (k.length !== 32) throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: largeBlobKey must be 32 bytes`);
    cred.largeBlobKey = k;
  }
  if (o.hmacSecret !== undefined) {
    const h = o.hmacSecret as { withUv?: unknown; withoutUv?: unknown } | null;
    if (typeof h !== 'object' || h === null) throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: hmacSecret must be an object`);
    const withUv = bytes(h.withUv, 'hmacSecret.withUv', where);
    const withoutUv = bytes(h.withoutUv, 'hmacSecret.withoutUv', where);
    if (withUv.length !== 32 || withoutUv.length !== 32) throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${where}: hmacSecret CredRandoms must be 32 bytes each`);
    cred.hmacSecret = { withUv, withoutUv };
  }
  return cred;
}
