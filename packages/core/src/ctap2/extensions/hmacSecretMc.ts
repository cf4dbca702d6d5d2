/**
 * HMAC Secret MakeCredential (hmac-secret-mc), CTAP 2.2 section 12.6: the platform sends the
 * same salt input as hmac-secret's getAssertion input along with `"hmac-secret": true`, and gets
 * the hmac-secret output of the credential it is creating, so a PRF value is available at
 * registration.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { AuthenticatorState } from '../command.js';
import { CtapError, CtapStatus } from '../status.js';
import { evaluateSalts, HMAC_SECRET, parseSaltInput, type CredRandoms } from './hmacSecret.js';

/** Extension identifier (CTAP 2.2 12.6). */
export const HMAC_SECRET_MC = 'hmac-secret-mc';

/**
 * The hmac-secret-mc output for a credential being created, or undefined when the request has no
 * hmac-secret-mc input.
 * @param randoms - the new credential's CredRandoms; undefined when the request did not also
 *   carry `"hmac-secret": true`
 * @param uv - the uv bit of the makeCredential response (picks the CredRandom, as at getAssertion)
 * @throws CtapError CTAP2_ERR_MISSING_PARAMETER when `"hmac-secret": true` is missing, and the
 *   errors of hmac-secret's salt processing
 */
export function hmacSecretMcOutput(
  state: Pick<AuthenticatorState, 'preset' | 'pinUv'>,
  extensions: CborMap,
  randoms: CredRandoms | undefined,
  uv: boolean,
): Uint8Array | undefined {
  const value = extensions.get(HMAC_SECRET_MC);
  if (value === undefined) return undefined;
  const name = `extensions.${HMAC_SECRET_MC}`;
  const input = parseSaltInput(value, name);
  if (!randoms) {
    throw new CtapError(CtapStatus.CTAP2_ERR_MISSING_PARAMETER, `${HMAC_SECRET_MC} needs "${HMAC_SECRET}": true in the same request`);
  }
  return evaluateSalts(state, input, uv ? randoms.withUv : randoms.withoutUv, name);
}
