/**
 * Registration ceremony options (WebAuthn L3 5.4 `PublicKeyCredentialCreationOptions`, sent as
 * `PublicKeyCredentialCreationOptionsJSON` for `PublicKeyCredential.parseCreationOptionsFromJSON`, 5.1.6).
 * Defaults follow SimpleWebAuthn's `generateRegistrationOptions`: EdDSA/ES256/RS256, residentKey and
 * userVerification `preferred`, attestation `none`, 60 s, `credProps` asked for.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { decodeBase64url, encodeBase64url } from '../encoding/base64url.js';
import {
  challengeFrom, descriptorsFrom, extensionsFrom, hintsFrom, oneOf, optionsInvalid, requiredString, rpIdFrom, timeoutFrom,
} from './optionInputs.js';
import type {
  AttestationConveyance, AuthenticatorAttachment, AuthenticatorSelectionCriteria, CredentialDescriptorInput,
  PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialHint, Requirement,
} from './types.js';

/** Default `pubKeyCredParams`: EdDSA (-8), ES256 (-7), RS256 (-257), in that order of preference, as SimpleWebAuthn. */
export const DEFAULT_REGISTRATION_ALGORITHMS: readonly number[] = Object.freeze([-8, -7, -257]);
/** Bytes in a generated user handle: 64, as L3 5.4.3 recommends ("64 random bytes"). */
export const USER_ID_BYTES = 64;

const REQUIREMENTS: readonly Requirement[] = ['required', 'preferred', 'discouraged'];
const ATTESTATIONS: readonly AttestationConveyance[] = ['none', 'indirect', 'direct', 'enterprise'];
const ATTACHMENTS: readonly AuthenticatorAttachment[] = ['platform', 'cross-platform'];

/** Input of {@link generateRegistrationOptions}. */
export interface RegistrationOptionsInput {
  /** The RP's name shown to the user (`rp.name`). */
  rpName: string;
  /** The RP ID, a domain such as `example.com` (`rp.id`); verify with the same `expectedRpId`. */
  rpId: string;
  /** The account name, e.g. an email address (`user.name`). */
  userName: string;
  /** A friendly name (`user.displayName`). Default `''`. */
  userDisplayName?: string;
  /**
   * The user handle: 1-64 bytes, or their base64url. Reuse the account's handle when it has one; default 64 random
   * bytes. Never put personal data in it (L3 14.6.1).
   */
  userId?: Uint8Array | string;
  /** The challenge bytes (at least 16). Default 32 random bytes from node:crypto. */
  challenge?: Uint8Array;
  /** Milliseconds. Default 60000. */
  timeout?: number;
  /** Attestation conveyance. Default `none`; ask `direct` to check the model against a `TrustStore`. */
  attestation?: AttestationConveyance;
  /** Preferred attestation formats, most preferred first (L3 5.4 `attestationFormats`). */
  attestationFormats?: readonly string[];
  /** The user's existing credentials (records or `{ id, transports }`), so an authenticator is not registered twice. */
  excludeCredentials?: readonly CredentialDescriptorInput[];
  /** Default `{ residentKey: 'preferred', userVerification: 'preferred' }`; `requireResidentKey` is derived. */
  authenticatorSelection?: Omit<AuthenticatorSelectionCriteria, 'requireResidentKey'>;
  /** COSE algorithms to offer, most preferred first. Default {@link DEFAULT_REGISTRATION_ALGORITHMS}. */
  supportedAlgorithms?: readonly number[];
  /** Which kind of authenticator to steer the user to (L3 5.8.8). */
  hints?: readonly PublicKeyCredentialHint[];
  /** Client extension inputs; `credProps: true` is added unless given. */
  extensions?: Readonly<Record<string, unknown>>;
}

/** Result of {@link generateRegistrationOptions}. */
export interface GeneratedRegistrationOptions {
  /** Send this to the browser as is. */
  options: PublicKeyCredentialCreationOptionsJSON;
  /** The challenge (base64url): keep it server-side with the session and pass it as `expectedChallenge`. */
  challenge: string;
  /** The user handle (base64url): store it with the account; sign-in responses carry it as `userHandle`. */
  userId: string;
}

function userIdFrom(userId: Uint8Array | string | undefined): string {
  if (userId === undefined) return encodeBase64url(randomBytes(USER_ID_BYTES));
  const bytes = typeof userId === 'string' ? decodeBase64url(userId) : userId instanceof Uint8Array ? userId : undefined;
  if (!bytes || bytes.byteLength < 1 || bytes.byteLength > 64) throw optionsInvalid('userId must be 1 to 64 bytes (a Uint8Array or base64url), L3 5.4.3');
  return encodeBase64url(bytes);
}

function algorithmsFrom(algorithms: readonly number[] | undefined): { type: 'public-key'; alg: number }[] {
  const list = algorithms ?? DEFAULT_REGISTRATION_ALGORITHMS;
  if (!Array.isArray(list) || list.length === 0 || !list.every((a) => Number.isInteger(a)) || new Set(list).size !== list.length) {
    throw optionsInvalid('supportedAlgorithms must be a non-empty list of distinct COSE algorithm integers, e.g. [-8, -7, -257]');
  }
  return list.map((alg) => ({ type: 'public-key', alg }));
}

function selectionFrom(input: RegistrationOptionsInput['authenticatorSelection']): AuthenticatorSelectionCriteria {
  if (input !== undefined && (typeof input !== 'object' || input === null)) throw optionsInvalid('authenticatorSelection must be an object');
  const residentKey = oneOf(input?.residentKey, REQUIREMENTS, 'authenticatorSelection.residentKey', 'preferred');
  const selection: AuthenticatorSelectionCriteria = {
    residentKey,
    // L3 5.4.4: "Relying Parties SHOULD set it to true if, and only if, residentKey is set to required."
    requireResidentKey: residentKey === 'required',
    userVerification: oneOf(input?.userVerification, REQUIREMENTS, 'authenticatorSelection.userVerification', 'preferred'),
  };
  const attachment = oneOf(input?.authenticatorAttachment, ATTACHMENTS, 'authenticatorSelection.authenticatorAttachment');
  if (attachment) selection.authenticatorAttachment = attachment;
  return selection;
}

/**
 * Makes the options for `navigator.credentials.create()`, with a fresh random challenge.
 * @param input the RP, the user and any choices that differ from the defaults
 * @returns the options JSON, its challenge and the user handle
 * @see https://www.w3.org/TR/webauthn-3/#dictionary-makecredentialoptions
 * @example
 * const { options, challenge } = generateRegistrationOptions({ rpName: 'Example', rpId: 'example.com', userName: 'ada@example.com' });
 * @throws VerificationError ERR_OPTIONS_INVALID for a missing or malformed member (names it)
 */
export function generateRegistrationOptions(input: RegistrationOptionsInput): GeneratedRegistrationOptions {
  if (typeof input !== 'object' || input === null) throw optionsInvalid('generateRegistrationOptions needs an object with rpName, rpId and userName');
  const displayName = input.userDisplayName ?? '';
  if (typeof displayName !== 'string') throw optionsInvalid('userDisplayName must be a string');
  const challenge = challengeFrom(input.challenge);
  const userId = userIdFrom(input.userId);
  const options: PublicKeyCredentialCreationOptionsJSON = {
    rp: { id: rpIdFrom(input.rpId), name: requiredString(input.rpName, 'rpName') },
    user: { id: userId, name: requiredString(input.userName, 'userName'), displayName },
    challenge,
    pubKeyCredParams: algorithmsFrom(input.supportedAlgorithms),
    timeout: timeoutFrom(input.timeout),
    excludeCredentials: descriptorsFrom(input.excludeCredentials, 'excludeCredentials') ?? [],
    authenticatorSelection: selectionFrom(input.authenticatorSelection),
    attestation: oneOf(input.attestation, ATTESTATIONS, 'attestation', 'none'),
    extensions: { credProps: true, ...extensionsFrom(input.extensions) },
  };
  if (input.attestationFormats !== undefined) {
    if (!Array.isArray(input.attestationFormats) || !input.attestationFormats.every((f) => typeof f === 'string' && f.length > 0)) {
      throw optionsInvalid('attestationFormats must be an array of format identifiers such as "packed"');
    }
    options.attestationFormats = [...input.attestationFormats];
  }
  const hints = hintsFrom(input.hints);
  if (hints) options.hints = hints;
  return { options, challenge, userId };
}
