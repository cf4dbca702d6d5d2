/**
 * Credential Protection (credProtect), CTAP 2.1 section 12.1: the RP picks how much user
 * verification a credential needs before getAssertion may use it, and the level is stored with
 * the credential (credentialManagement reports it, CTAP 2.1 6.8 credProtect 0x0A).
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { StoredCredential } from '../../store/types.js';
import { intParam } from '../params.js';
import { CtapError, CtapStatus } from '../status.js';

/** Extension identifier (CTAP 2.1 12.1). */
export const CRED_PROTECT = 'credProtect';

/**
 * credProtect levels (CTAP 2.1 12.1 table): 1 userVerificationOptional (the default when the
 * extension is absent), 2 userVerificationOptionalWithCredentialIDList, 3 userVerificationRequired.
 */
export type CredProtectLevel = 1 | 2 | 3;

/** The level of a credential: records without one were made at level 1 (CTAP 2.1 12.1 "SHOULD use the default value of 1"). */
export function credProtectLevel(credential: Pick<StoredCredential, 'credProtect'>): CredProtectLevel {
  return credential.credProtect ?? 1;
}

/**
 * The level requested at makeCredential, if any.
 * @throws CtapError CTAP2_ERR_CBOR_UNEXPECTED_TYPE when not an integer, CTAP2_ERR_INVALID_OPTION
 *   for an integer outside 1..3 (the spec defines no other level; CanoKey answers the same)
 */
export function credProtectInput(extensions: CborMap): CredProtectLevel | undefined {
  const level = intParam(extensions, CRED_PROTECT, 'extensions.credProtect');
  if (level === undefined) return undefined;
  if (level !== 1 && level !== 2 && level !== 3) {
    throw new CtapError(CtapStatus.CTAP2_ERR_INVALID_OPTION, `extensions.credProtect must be 1, 2 or 3, got ${level}`);
  }
  return level;
}

/**
 * Whether getAssertion may use `credential` (CTAP 2.1 6.2.2 step 7 / 12.1): level 3 only when the
 * response's uv bit is set; level 2 also when the request carries an allowList (the credential is
 * then necessarily in it); level 1 always.
 */
export function credProtectAllows(credential: Pick<StoredCredential, 'credProtect'>, ctx: { uv: boolean; allowListed: boolean }): boolean {
  const level = credProtectLevel(credential);
  if (level === 3) return ctx.uv;
  if (level === 2) return ctx.uv || ctx.allowListed;
  return true;
}

/**
 * Whether an excludeList entry naming `credential` excludes the new one (CTAP 2.1 6.1.2 step 12
 * "excludeList"): a userVerificationRequired credential is skipped unless the uv bit is set, so a
 * caller without UV cannot probe for it; any other level always excludes.
 */
export function credProtectExcludes(credential: Pick<StoredCredential, 'credProtect'>, uv: boolean): boolean {
  return credProtectLevel(credential) !== 3 || uv;
}
