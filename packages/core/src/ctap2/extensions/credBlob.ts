/**
 * Credential Blob (credBlob), CTAP 2.1 section 12.2: a small opaque blob stored with the
 * credential at makeCredential and read back at getAssertion with `"credBlob": true`.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { Preset } from '../../presets/types.js';
import type { StoredCredential } from '../../store/types.js';
import { boolParam, bytesParam } from '../params.js';

/** Extension identifier (CTAP 2.1 12.2). */
export const CRED_BLOB = 'credBlob';

/** Smallest maxCredBlobLength an authenticator may declare (CTAP 2.1 6.4 maxCredBlobLength: "at least 32 bytes"). */
export const MIN_MAX_CRED_BLOB_LENGTH = 32;

/** The longest blob the model stores: its getInfo maxCredBlobLength, never below 32. */
export function maxCredBlobLength(preset: Pick<Preset, 'getInfo'>): number {
  return Math.max(preset.getInfo.maxCredBlobLength ?? MIN_MAX_CRED_BLOB_LENGTH, MIN_MAX_CRED_BLOB_LENGTH);
}

/**
 * makeCredential processing (CTAP 2.1 12.2): a blob no longer than maxCredBlobLength is stored
 * (output true); a longer one is not (output false).
 * @returns undefined without a credBlob input, else the output and the blob to store
 * @throws CtapError CTAP2_ERR_CBOR_UNEXPECTED_TYPE when the input is not a byte string
 */
export function credBlobInput(preset: Pick<Preset, 'getInfo'>, extensions: CborMap): { output: boolean; blob?: Uint8Array } | undefined {
  const blob = bytesParam(extensions, CRED_BLOB, `extensions.${CRED_BLOB}`);
  if (blob === undefined) return undefined;
  if (blob.length > maxCredBlobLength(preset)) return { output: false };
  return { output: true, blob: new Uint8Array(blob) };
}

/**
 * getAssertion processing (CTAP 2.1 12.2 getCredBlob): with `"credBlob": true` the output is the
 * stored blob, or an empty byte string when the credential has none.
 * @returns undefined when the blob was not asked for
 * @throws CtapError CTAP2_ERR_CBOR_UNEXPECTED_TYPE when the input is not a boolean
 */
export function credBlobAssertion(extensions: CborMap, credential: Pick<StoredCredential, 'credBlob'>): Uint8Array | undefined {
  if (boolParam(extensions, CRED_BLOB, `extensions.${CRED_BLOB}`) !== true) return undefined;
  return credential.credBlob ?? new Uint8Array(0);
}
