/**
 * How credentials registered over CTAP1/U2F live in the shared credential store, and which stored
 * credentials a U2F application parameter may use.
 *
 * U2F_REGISTER names the relying party only by its application parameter, SHA-256 of the AppID
 * (FIDO U2F Raw Message Formats v1.2, "Registration Request Message"); the AppID string itself never
 * reaches the authenticator. Such a credential is stored with the rpId `u2f-appid-sha256:<64 hex>`
 * (see {@link u2fRpId}): a string no RP ID or AppID can equal, so CTAP2 code that compares RP IDs
 * never mistakes it for a WebAuthn RP, and the file store persists it unchanged. The record has no
 * user handle (U2F has no user entity) and is never discoverable.
 *
 * U2F_AUTHENTICATE matches a key handle to a credential when the application parameter equals the
 * stored hash, or, for a credential made by authenticatorMakeCredential, SHA-256 of its rpId
 * (what a CTAP2 authenticator that also speaks U2F does; a client's WebAuthn `appid` extension can
 * only work this way). {@link credentialMatchesRpId} is the CTAP2-side counterpart: the RP ID
 * `authenticatorGetAssertion` is given is the AppID when a client uses the `appid` extension, and its
 * SHA-256 is the stored hash.
 * @module
 */
import { rpIdHash } from '../ctap2/rpIdHash.js';
import type { StoredCredential } from '../store/types.js';
import type { AuthenticatorState } from '../ctap2/command.js';

/** rpId prefix of a credential registered over U2F; 64 hex digits of the application parameter follow. */
export const U2F_RP_ID_PREFIX = 'u2f-appid-sha256:';

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/**
 * The rpId under which a U2F registration for `appParam` is stored.
 * @param appParam - the 32-byte application parameter (SHA-256 of the AppID)
 */
export function u2fRpId(appParam: Uint8Array): string {
  if (appParam.length !== 32) throw new RangeError('the application parameter is 32 bytes');
  return U2F_RP_ID_PREFIX + hex(appParam);
}

/** Whether `credential` was registered over CTAP1/U2F (its rpId is a {@link u2fRpId}). */
export function isU2fCredential(credential: Pick<StoredCredential, 'rpId'>): boolean {
  return credential.rpId.startsWith(U2F_RP_ID_PREFIX);
}

/**
 * The application parameter a credential answers to: the stored hash of a U2F registration, else
 * rpIdHash of its RP ID (WebAuthn L3 6.1: the same SHA-256).
 * @param credential - a stored credential
 */
export function applicationParameter(credential: Pick<StoredCredential, 'rpId'>): Uint8Array {
  if (isU2fCredential(credential)) return new Uint8Array(Buffer.from(credential.rpId.slice(U2F_RP_ID_PREFIX.length), 'hex'));
  return rpIdHash(credential.rpId);
}

/**
 * Whether authenticatorGetAssertion for `rpId` may use `credential`: the same RP ID, or a U2F
 * registration whose application parameter is SHA-256(`rpId`) (the client's `appid` extension,
 * WebAuthn L3 10.1.1, sends the AppID as the RP ID).
 * @param credential - a stored credential
 * @param rpId - the RP ID of the request
 */
export function credentialMatchesRpId(credential: Pick<StoredCredential, 'rpId'>, rpId: string): boolean {
  return credential.rpId === rpId || (isU2fCredential(credential) && credential.rpId === u2fRpId(rpIdHash(rpId)));
}

/** Why a key handle cannot be used for an application: for the SW_WRONG_DATA message. */
export type KeyHandleMismatch = 'unknown' | 'other-application' | 'not-es256' | 'uv-required';

/**
 * The credential a U2F_AUTHENTICATE key handle names for `appParam`, or why there is none. Only
 * ES256 credentials qualify (U2F signatures are ECDSA P-256), and never one whose credProtect level
 * is userVerificationRequired (CTAP 2.1 12.1: such a credential is used only after user
 * verification, which U2F cannot perform).
 * @param state - the authenticator
 * @param keyHandle - the key handle (credential id)
 * @param appParam - the application parameter of the request
 */
export function credentialForApplication(
  state: Pick<AuthenticatorState, 'store'>,
  keyHandle: Uint8Array,
  appParam: Uint8Array,
): { credential: StoredCredential } | { mismatch: KeyHandleMismatch } {
  const credential = keyHandle.length === 0 ? undefined : state.store.get(keyHandle);
  if (!credential) return { mismatch: 'unknown' };
  if (Buffer.compare(applicationParameter(credential), appParam) !== 0) return { mismatch: 'other-application' };
  if (credential.alg !== -7) return { mismatch: 'not-es256' };
  if (credential.credProtect === 3) return { mismatch: 'uv-required' };
  return { credential };
}
