/**
 * Authenticator extension processing for makeCredential and getAssertion (CTAP 2.1 section 12):
 * the command handlers call these hooks; each extension lives in its own file here. An extension
 * runs only when the emulated model lists it in getInfo.extensions; for any other the input is
 * ignored, as CTAP 2.1 6.1.2 / 6.2.2 ("Process any extensions that this authenticator supports,
 * ignoring any that it does not support") requires.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { StoredCredential } from '../../store/types.js';
import type { AuthenticatorState } from '../command.js';
import { CRED_BLOB, credBlobAssertion, credBlobInput } from './credBlob.js';
import { CRED_PROTECT, credProtectInput } from './credProtect.js';
import { HMAC_SECRET, hmacSecretAssertion, hmacSecretRequested, newCredRandoms } from './hmacSecret.js';
import { HMAC_SECRET_MC, hmacSecretMcOutput } from './hmacSecretMc.js';
import { LARGE_BLOB_KEY, largeBlobKeyForAssertion, largeBlobKeyForNewCredential } from './largeBlobKey.js';
import { MIN_PIN_LENGTH, minPinLengthOutput } from './minPinLength.js';

export { credProtectAllows, credProtectExcludes, credProtectLevel, type CredProtectLevel } from './credProtect.js';

/**
 * Extension identifiers this engine processes (CTAP 2.1 section 12, CTAP 2.2 12.6). getInfo
 * reports the preset's extensions that are in this set.
 */
export const IMPLEMENTED_EXTENSIONS: ReadonlySet<string> = new Set<string>([
  CRED_PROTECT,
  CRED_BLOB,
  LARGE_BLOB_KEY,
  MIN_PIN_LENGTH,
  HMAC_SECRET,
  HMAC_SECRET_MC,
]);

/** Whether the emulated model supports extension `id` (lists it in getInfo and the engine implements it). */
export function supportsExtension(state: Pick<AuthenticatorState, 'preset'>, id: string): boolean {
  return IMPLEMENTED_EXTENSIONS.has(id) && (state.preset.getInfo.extensions?.includes(id) ?? false);
}

/** What makeCredential knows when it processes extensions (CTAP 2.1 6.1.2, extensions step). */
export interface MakeCredentialExtensionContext {
  /** RP ID of the new credential. */
  rpId: string;
  /** Whether the user was verified for this call (built-in UV or a pinUvAuthToken): the response's uv bit. */
  uv: boolean;
  /** Whether the credential is discoverable. */
  rk: boolean;
  /** Id of the credential being made (seeded derivations of CredRandoms and largeBlobKey use it). */
  credentialId: Uint8Array;
  /** The request's extensions map (makeCredential parameter 0x06), if any. */
  readonly extensions: CborMap | undefined;
}

/** Extension results of makeCredential. */
export interface MakeCredentialExtensionResult {
  /** Authenticator extension outputs for authData (ED flag); undefined when none. */
  authData: CborMap | undefined;
  /** The largeBlobKey response member (CTAP 2.1 6.1 response 0x05), when requested and supported. */
  largeBlobKey?: Uint8Array;
  /** Unsigned extension outputs (CTAP 2.2 6.1 response 0x06), if any. */
  unsigned?: CborMap;
  /** Fields to store with the credential (credProtect level, credBlob, largeBlobKey, hmac-secret CredRandoms). */
  record: Partial<Pick<StoredCredential, 'credProtect' | 'credBlob' | 'largeBlobKey' | 'hmacSecret'>>;
}

/** What getAssertion knows when it processes extensions for one credential (CTAP 2.1 6.2.2, extensions step). */
export interface GetAssertionExtensionContext {
  rpId: string;
  /** Whether the user was verified for this call: the response's uv bit. */
  uv: boolean;
  /** Whether user presence was collected: the response's up bit. */
  up: boolean;
}

/** Extension results of one assertion. */
export interface GetAssertionExtensionResult {
  /** Authenticator extension outputs for authData (ED flag); undefined when none. */
  authData: CborMap | undefined;
  /** The largeBlobKey response member (CTAP 2.1 6.2 response 0x07), when requested and the credential has one. */
  largeBlobKey?: Uint8Array;
}

/**
 * Process makeCredential's extension inputs.
 * @throws CtapError for malformed inputs of extensions the preset supports
 */
export function makeCredentialExtensions(state: AuthenticatorState, ctx: MakeCredentialExtensionContext): MakeCredentialExtensionResult {
  const result: MakeCredentialExtensionResult = { authData: undefined, record: {} };
  const extensions = ctx.extensions;
  if (!extensions || extensions.size === 0) return result;
  const outputs: CborMap = new Map();
  const has = (id: string): boolean => extensions.has(id) && supportsExtension(state, id);

  if (has(CRED_PROTECT)) {
    const level = credProtectInput(extensions);
    if (level !== undefined) {
      result.record.credProtect = level;
      outputs.set(CRED_PROTECT, level);
    }
  }
  if (has(CRED_BLOB)) {
    const blob = credBlobInput(state.preset, extensions);
    if (blob) {
      if (blob.blob) result.record.credBlob = blob.blob;
      outputs.set(CRED_BLOB, blob.output);
    }
  }
  if (has(LARGE_BLOB_KEY)) {
    const key = largeBlobKeyForNewCredential(state, extensions, ctx);
    if (key) {
      result.record.largeBlobKey = key;
      result.largeBlobKey = key;
    }
  }
  if (has(MIN_PIN_LENGTH)) {
    const minPinLength = minPinLengthOutput(state, extensions, ctx.rpId);
    if (minPinLength !== undefined) outputs.set(MIN_PIN_LENGTH, minPinLength);
  }
  if (has(HMAC_SECRET) && hmacSecretRequested(extensions)) {
    result.record.hmacSecret = newCredRandoms(state, ctx.credentialId);
    outputs.set(HMAC_SECRET, true);
  }
  if (has(HMAC_SECRET_MC)) {
    const output = hmacSecretMcOutput(state, extensions, result.record.hmacSecret, ctx.uv);
    if (output) outputs.set(HMAC_SECRET_MC, output);
  }

  if (outputs.size > 0) result.authData = outputs;
  return result;
}

/**
 * Process getAssertion's extension inputs for the credential being asserted.
 * @throws CtapError for malformed inputs of extensions the preset supports
 */
export function getAssertionExtensions(
  state: AuthenticatorState,
  extensions: CborMap | undefined,
  credential: StoredCredential,
  ctx: GetAssertionExtensionContext,
): GetAssertionExtensionResult {
  const result: GetAssertionExtensionResult = { authData: undefined };
  if (!extensions || extensions.size === 0) return result;
  const outputs: CborMap = new Map();
  const has = (id: string): boolean => extensions.has(id) && supportsExtension(state, id);

  if (has(CRED_BLOB)) {
    const blob = credBlobAssertion(extensions, credential);
    if (blob) outputs.set(CRED_BLOB, blob);
  }
  if (has(LARGE_BLOB_KEY)) {
    const key = largeBlobKeyForAssertion(extensions, credential);
    if (key) result.largeBlobKey = key;
  }
  if (has(HMAC_SECRET)) {
    const output = hmacSecretAssertion(state, extensions, credential, ctx);
    if (output) outputs.set(HMAC_SECRET, output);
  }

  if (outputs.size > 0) result.authData = outputs;
  return result;
}
