/**
 * Authenticator extension processing for makeCredential and getAssertion (CTAP 2.1 section 12):
 * the command handlers call these hooks; each extension lives in its own file here.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { StoredCredential } from '../../store/types.js';
import type { AuthenticatorState } from '../command.js';

/**
 * Extension identifiers this engine processes (CTAP 2.1 section 12). getInfo reports the preset's
 * extensions that are in this set; each extension file adds itself here when it lands.
 */
export const IMPLEMENTED_EXTENSIONS: ReadonlySet<string> = new Set<string>([]);

/** What makeCredential knows when it processes extensions (CTAP 2.1 6.1.2 step 12). */
export interface MakeCredentialExtensionContext {
  /** RP ID of the new credential. */
  rpId: string;
  /** Whether the user was verified for this call (built-in UV or a pinUvAuthToken). */
  uv: boolean;
  /** Whether the credential is discoverable. */
  rk: boolean;
  /** Whether the RP asked for the largeBlobKey (CTAP 2.1 12.3: extension input `largeBlobKey: true`). */
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

/** What getAssertion knows when it processes extensions for one credential (CTAP 2.1 6.2.2 step 12). */
export interface GetAssertionExtensionContext {
  rpId: string;
  /** Whether the user was verified for this call. */
  uv: boolean;
  /** Whether user presence was collected. */
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
  void state;
  void ctx;
  return { authData: undefined, record: {} };
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
  void state;
  void extensions;
  void credential;
  void ctx;
  return { authData: undefined };
}

/**
 * Whether credProtect lets getAssertion use `credential` (CTAP 2.1 12.1: level 2 needs UV or an
 * allowList naming it, level 3 needs UV).
 */
export function credProtectAllows(credential: StoredCredential, ctx: { uv: boolean; allowListed: boolean }): boolean {
  const level = credential.credProtect ?? 1;
  if (level === 3) return ctx.uv;
  if (level === 2) return ctx.uv || ctx.allowListed;
  return true;
}
