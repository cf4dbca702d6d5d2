/**
 * Moving credentials between vfido, Chromium's WebAuthn domain (`WebAuthn.addCredential` /
 * `getCredentials`, CDP `WebAuthn.Credential`) and Playwright's `context.credentials`.
 * @module
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { CredentialAlgorithm } from '../crypto/algorithms.js';
import type { StoredCredential } from './types.js';
import { CredentialStoreError } from './serialize.js';

/** Chromium DevTools Protocol `WebAuthn.Credential` (binary fields are standard base64). */
export interface CdpCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
  largeBlob?: string;
  backupEligibility?: boolean;
  backupState?: boolean;
  userName?: string;
  userDisplayName?: string;
}

/** Playwright `context.credentials` credential (binary fields are base64url). */
export interface PlaywrightCredential {
  id: string;
  rpId: string;
  userHandle: string;
  privateKey: string;
  publicKey: string;
  signCount: number;
}

/**
 * The COSE algorithm of a PKCS#8 private key (P-256 -> ES256, P-384 -> ES384, Ed25519 -> EdDSA, RSA -> RS256).
 * @throws CredentialStoreError `ERR_CREDENTIAL_INVALID` for unparsable or unsupported keys (the key itself is never echoed)
 */
export function algorithmOfPkcs8(pkcs8: Uint8Array): CredentialAlgorithm {
  let key;
  try {
    key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', 'privateKey is not a PKCS#8 DER private key', { cause });
  }
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type === 'ec' && curve === 'prime256v1') return -7;
  if (type === 'ec' && curve === 'secp384r1') return -35;
  if (type === 'ed25519') return -8;
  if (type === 'rsa') return -257;
  throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `privateKey type ${type}${curve ? ` (${curve})` : ''} is not supported; use P-256, P-384, Ed25519 or RSA`);
}

const bytes = (s: string, encoding: 'base64' | 'base64url'): Uint8Array => new Uint8Array(Buffer.from(s, encoding));
const text = (b: Uint8Array, encoding: 'base64' | 'base64url'): string => Buffer.from(b).toString(encoding);

function required(o: object, fields: string[], shape: string): void {
  for (const f of fields) {
    if (typeof (o as Record<string, unknown>)[f] !== 'string') throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `${shape} credential: ${f} must be a string`);
  }
}

/** Export a vfido credential in Chromium's CDP shape. */
export function toCdpCredential(c: StoredCredential): CdpCredential {
  return {
    credentialId: text(c.id, 'base64'),
    isResidentCredential: c.discoverable,
    rpId: c.rpId,
    privateKey: text(c.privateKey, 'base64'),
    ...(c.userHandle && { userHandle: text(c.userHandle, 'base64') }),
    signCount: c.signCount,
    backupEligibility: c.backupEligible,
    backupState: c.backupState,
    ...(c.userName !== undefined && { userName: c.userName }),
    ...(c.userDisplayName !== undefined && { userDisplayName: c.userDisplayName }),
  };
}

/**
 * Import a credential from Chromium's CDP shape.
 * @param rpId - used when the CDP credential has none
 * @throws CredentialStoreError `ERR_CREDENTIAL_INVALID`
 */
export function fromCdpCredential(c: CdpCredential, rpId?: string): StoredCredential {
  required(c, ['credentialId', 'privateKey'], 'CDP');
  const id = c.rpId ?? rpId;
  if (!id) throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', 'CDP credential has no rpId; pass one');
  const privateKey = bytes(c.privateKey, 'base64');
  const be = c.backupEligibility === true;
  return {
    id: bytes(c.credentialId, 'base64'),
    rpId: id,
    ...(c.userHandle && { userHandle: bytes(c.userHandle, 'base64') }),
    ...(c.userName !== undefined && { userName: c.userName }),
    ...(c.userDisplayName !== undefined && { userDisplayName: c.userDisplayName }),
    alg: algorithmOfPkcs8(privateKey),
    privateKey,
    signCount: c.signCount ?? 0,
    discoverable: c.isResidentCredential,
    backupEligible: be,
    backupState: be && c.backupState === true,
    createdAt: Date.now(),
  };
}

/** Export a vfido credential in Playwright's `context.credentials` shape. */
export function toPlaywrightCredential(c: StoredCredential): PlaywrightCredential {
  const spki = createPublicKey(createPrivateKey({ key: Buffer.from(c.privateKey), format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
  return {
    id: text(c.id, 'base64url'),
    rpId: c.rpId,
    userHandle: c.userHandle ? text(c.userHandle, 'base64url') : '',
    privateKey: text(c.privateKey, 'base64url'),
    publicKey: Buffer.from(spki).toString('base64url'),
    signCount: c.signCount,
  };
}

/**
 * Import a credential from Playwright's `context.credentials` shape (always discoverable there).
 * @throws CredentialStoreError `ERR_CREDENTIAL_INVALID`, also when publicKey does not match privateKey
 */
export function fromPlaywrightCredential(c: PlaywrightCredential): StoredCredential {
  required(c, ['id', 'rpId', 'privateKey'], 'Playwright');
  const privateKey = bytes(c.privateKey, 'base64url');
  const alg = algorithmOfPkcs8(privateKey);
  if (c.publicKey) {
    const derived = createPublicKey(createPrivateKey({ key: Buffer.from(privateKey), format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
    if (!Buffer.from(derived).equals(Buffer.from(c.publicKey, 'base64url'))) {
      throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', `Playwright credential ${c.id}: publicKey does not belong to privateKey`);
    }
  }
  return {
    id: bytes(c.id, 'base64url'),
    rpId: c.rpId,
    ...(c.userHandle && { userHandle: bytes(c.userHandle, 'base64url') }),
    alg,
    privateKey,
    signCount: c.signCount ?? 0,
    discoverable: true,
    backupEligible: false,
    backupState: false,
    createdAt: Date.now(),
  };
}
