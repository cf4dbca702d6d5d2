/**
 * Large Blob Key (largeBlobKey), CTAP 2.1 section 12.3: a 32-byte per-credential key, made at
 * makeCredential for discoverable credentials and returned as a response member (not an authData
 * output): makeCredential 0x05, getAssertion 0x07. Platforms use it to encrypt the credential's
 * entry in the large-blob array (authenticatorLargeBlobs, CTAP 2.1 6.10).
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import { deriveBytes } from '../../crypto/seed.js';
import type { StoredCredential } from '../../store/types.js';
import type { AuthenticatorState } from '../command.js';
import { boolParam } from '../params.js';
import { CtapError, CtapStatus } from '../status.js';

/** Extension identifier (CTAP 2.1 12.3). */
export const LARGE_BLOB_KEY = 'largeBlobKey';

/** Length of a largeBlobKey (CTAP 2.1 12.3: 32 bytes, an AES-256-GCM key). */
export const LARGE_BLOB_KEY_LENGTH = 32;

const b64u = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');

/**
 * Whether the request asks for the largeBlobKey. The only valid value is `true`.
 * @throws CtapError CTAP2_ERR_CBOR_UNEXPECTED_TYPE when not a boolean, CTAP2_ERR_INVALID_OPTION
 *   for `false` (CTAP 2.1 12.3)
 */
function requested(extensions: CborMap): boolean {
  const value = boolParam(extensions, LARGE_BLOB_KEY, `extensions.${LARGE_BLOB_KEY}`);
  if (value === false) throw new CtapError(CtapStatus.CTAP2_ERR_INVALID_OPTION, `extensions.${LARGE_BLOB_KEY} may only be true: leave it out instead of sending false`);
  return value === true;
}

/**
 * makeCredential processing: a new key (random, or seed-derived from the credential id) for a
 * discoverable credential.
 * @returns undefined when not requested
 * @throws CtapError CTAP2_ERR_INVALID_OPTION for `false`, or when the credential is not
 *   discoverable (largeBlobKey exists only for discoverable credentials, CTAP 2.1 12.3 / 6.10;
 *   CanoKey and the Trussed fido-authenticator reject it the same way)
 */
export function largeBlobKeyForNewCredential(
  state: Pick<AuthenticatorState, 'seed' | 'preset'>,
  extensions: CborMap,
  ctx: { rk: boolean; credentialId: Uint8Array },
): Uint8Array | undefined {
  if (!requested(extensions)) return undefined;
  if (!ctx.rk) {
    throw new CtapError(CtapStatus.CTAP2_ERR_INVALID_OPTION, `${LARGE_BLOB_KEY} needs a discoverable credential: set options.rk=true`);
  }
  return deriveBytes(state.seed, `largeBlobKey/${state.preset.id}/${b64u(ctx.credentialId)}`, LARGE_BLOB_KEY_LENGTH);
}

/**
 * getAssertion processing: the asserted credential's key, when requested and it has one.
 * @throws CtapError CTAP2_ERR_INVALID_OPTION for `false`
 */
export function largeBlobKeyForAssertion(extensions: CborMap, credential: Pick<StoredCredential, 'largeBlobKey'>): Uint8Array | undefined {
  if (!requested(extensions)) return undefined;
  return credential.largeBlobKey;
}
