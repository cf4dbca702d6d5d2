/**
 * The credProtect extension from the client's side (CTAP 2.1 12.1): the
 * credentialProtectionPolicy and enforceCredentialProtectionPolicy client inputs and the level
 * sent to the authenticator.
 * @module
 */
import type { AuthenticatorInfo } from '../authenticatorInfo.js';
import { WebAuthnError } from '../webAuthnError.js';
import { booleanMember, stringMember } from './inputs.js';

/** CTAP 2.1 12.1 credentialProtectionPolicy values and their credProtect levels. */
export const CRED_PROTECT_LEVELS: Readonly<Record<string, 1 | 2 | 3>> = {
  userVerificationOptional: 1,
  userVerificationOptionalWithCredentialIDList: 2,
  userVerificationRequired: 3,
};

/** The requested protection, or undefined when no (known) policy was given. */
export function parseCredProtect(extensions: Record<string, unknown>): { level: 1 | 2 | 3; enforce: boolean } | undefined {
  const policy = stringMember(extensions.credentialProtectionPolicy, 'extensions.credentialProtectionPolicy');
  const enforce = booleanMember(extensions.enforceCredentialProtectionPolicy, 'extensions.enforceCredentialProtectionPolicy') ?? false;
  const level = policy === undefined ? undefined : CRED_PROTECT_LEVELS[policy];
  return level === undefined ? undefined : { level, enforce };
}

/**
 * The credProtect authenticator input (CTAP 2.1 12.1 client processing), or undefined when the
 * authenticator does not support it and the RP did not insist.
 * @throws WebAuthnError NotAllowedError when enforceCredentialProtectionPolicy is true, the policy is above userVerificationOptional and the authenticator cannot apply it
 */
export function credProtectInput(request: { level: 1 | 2 | 3; enforce: boolean }, info: AuthenticatorInfo): number | undefined {
  if (info.extensions.includes('credProtect')) return request.level;
  if (request.enforce && request.level > 1) {
    throw new WebAuthnError('NotAllowedError', 'enforceCredentialProtectionPolicy is true but this authenticator does not support credProtect, so the credential cannot be protected as asked');
  }
  return undefined;
}
