/**
 * Authentication ceremony options (WebAuthn L3 5.5 `PublicKeyCredentialRequestOptions`, sent as
 * `PublicKeyCredentialRequestOptionsJSON` for `PublicKeyCredential.parseRequestOptionsFromJSON`, 5.1.7).
 * Defaults follow SimpleWebAuthn's `generateAuthenticationOptions`: userVerification `preferred`, 60 s, and no
 * `allowCredentials` (the browser offers the user's passkeys for the RP ID).
 * @module
 */
import { challengeFrom, descriptorsFrom, extensionsFrom, hintsFrom, oneOf, optionsInvalid, rpIdFrom, timeoutFrom } from './optionInputs.js';
import type { CredentialDescriptorInput, PublicKeyCredentialHint, PublicKeyCredentialRequestOptionsJSON, Requirement } from './types.js';

const REQUIREMENTS: readonly Requirement[] = ['required', 'preferred', 'discouraged'];

/** Input of {@link generateAuthenticationOptions}. */
export interface AuthenticationOptionsInput {
  /** The RP ID, a domain such as `example.com`; verify with the same `expectedRpId`. */
  rpId: string;
  /**
   * The user's credentials (records or `{ id, transports }`) when the user is known; omit for a passkey sign-in
   * where the browser lets the user pick a discoverable credential.
   */
  allowCredentials?: readonly CredentialDescriptorInput[];
  /** Default `preferred`; with `required` also pass `requireUserVerification: true` to `verifyAuthentication`. */
  userVerification?: Requirement;
  /** The challenge bytes (at least 16). Default 32 random bytes from node:crypto. */
  challenge?: Uint8Array;
  /** Milliseconds. Default 60000. */
  timeout?: number;
  /** Which kind of authenticator to steer the user to (L3 5.8.8). */
  hints?: readonly PublicKeyCredentialHint[];
  /** Client extension inputs. */
  extensions?: Readonly<Record<string, unknown>>;
}

/** Result of {@link generateAuthenticationOptions}. */
export interface GeneratedAuthenticationOptions {
  /** Send this to the browser as is. */
  options: PublicKeyCredentialRequestOptionsJSON;
  /** The challenge (base64url): keep it server-side with the session and pass it as `expectedChallenge`. */
  challenge: string;
}

/**
 * Makes the options for `navigator.credentials.get()`, with a fresh random challenge.
 * @param input the RP ID and any choices that differ from the defaults
 * @returns the options JSON and its challenge
 * @see https://www.w3.org/TR/webauthn-3/#dictionary-assertion-options
 * @example
 * const { options, challenge } = generateAuthenticationOptions({ rpId: 'example.com' });
 * @throws VerificationError ERR_OPTIONS_INVALID for a missing or malformed member (names it)
 */
export function generateAuthenticationOptions(input: AuthenticationOptionsInput): GeneratedAuthenticationOptions {
  if (typeof input !== 'object' || input === null) throw optionsInvalid('generateAuthenticationOptions needs an object with rpId');
  const challenge = challengeFrom(input.challenge);
  const options: PublicKeyCredentialRequestOptionsJSON = {
    rpId: rpIdFrom(input.rpId),
    challenge,
    timeout: timeoutFrom(input.timeout),
    userVerification: oneOf(input.userVerification, REQUIREMENTS, 'userVerification', 'preferred'),
  };
  const allowCredentials = descriptorsFrom(input.allowCredentials, 'allowCredentials');
  if (allowCredentials) options.allowCredentials = allowCredentials;
  const hints = hintsFrom(input.hints);
  if (hints) options.hints = hints;
  if (input.extensions !== undefined) options.extensions = extensionsFrom(input.extensions);
  return { options, challenge };
}
