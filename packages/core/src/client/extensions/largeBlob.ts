/**
 * The largeBlob client extension (WebAuthn L3 10.1.5): input rules for create() and get(), and
 * whether an authenticator can store large blobs (CTAP 2.1 largeBlobKey extension + largeBlobs
 * option).
 * @module
 */
import type { AuthenticatorInfo } from '../authenticatorInfo.js';
import { WebAuthnError } from '../webAuthnError.js';
import { booleanMember, bytesMember, dictionary, stringMember } from './inputs.js';

/** What get() asks of largeBlob: read the blob, write one, or nothing. */
export type LargeBlobAuthenticationInput = { read: true } | { write: Uint8Array } | { none: true };

/** Whether the authenticator stores large, per-credential blobs (CTAP 2.1 12.3 and 6.10). */
export function supportsLargeBlobs(info: AuthenticatorInfo): boolean {
  return info.extensions.includes('largeBlobKey') && info.options.get('largeBlobs') === true;
}

/**
 * The largeBlob input of create() (WebAuthn L3 10.1.5 registration): `required` or `preferred`
 * (absent or unknown `support` values mean preferred), or undefined when absent.
 * @throws WebAuthnError NotSupportedError for read or write, TypeError for malformed members
 */
export function parseLargeBlobRegistration(raw: unknown): { support: 'required' | 'preferred' } | undefined {
  const largeBlob = dictionary(raw, 'extensions.largeBlob');
  if (!largeBlob) return undefined;
  if (largeBlob.read !== undefined || largeBlob.write !== undefined) {
    throw new WebAuthnError('NotSupportedError', 'extensions.largeBlob.read and .write are only valid in navigator.credentials.get() (WebAuthn L3 10.1.5)');
  }
  const support = stringMember(largeBlob.support, 'extensions.largeBlob.support');
  return { support: support === 'required' ? 'required' : 'preferred' };
}

/**
 * The largeBlob input of get() (WebAuthn L3 10.1.5 authentication), or undefined when absent.
 * @param allowCount - number of allowCredentials entries
 * @throws WebAuthnError NotSupportedError (support given; read and write together; write without exactly one allowed credential), TypeError
 */
export function parseLargeBlobAuthentication(raw: unknown, allowCount: number): LargeBlobAuthenticationInput | undefined {
  const largeBlob = dictionary(raw, 'extensions.largeBlob');
  if (!largeBlob) return undefined;
  if (largeBlob.support !== undefined) throw new WebAuthnError('NotSupportedError', 'extensions.largeBlob.support is only valid in navigator.credentials.create() (WebAuthn L3 10.1.5)');
  if (largeBlob.read !== undefined && largeBlob.write !== undefined) {
    throw new WebAuthnError('NotSupportedError', 'extensions.largeBlob cannot read and write in the same call (WebAuthn L3 10.1.5)');
  }
  const read = booleanMember(largeBlob.read, 'extensions.largeBlob.read');
  const write = bytesMember(largeBlob.write, 'extensions.largeBlob.write');
  if (write) {
    if (allowCount !== 1) throw new WebAuthnError('NotSupportedError', 'extensions.largeBlob.write needs exactly one credential in allowCredentials (WebAuthn L3 10.1.5)');
    return { write };
  }
  return read ? { read: true } : { none: true };
}
