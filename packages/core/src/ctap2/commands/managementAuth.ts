/**
 * The pinUvAuthParam steps shared by the CTAP 2.1 management commands: authenticatorCredentialManagement
 * (6.8), authenticatorLargeBlobs (6.10.2) and authenticatorConfig (6.11): CTAP2_ERR_PUAT_REQUIRED when
 * the parameter is absent, the protocol present and supported, then the MAC, the permission and the
 * user-verified flag of the current pinUvAuthToken ({@link verifyPinUvAuthParam}).
 * @module
 */
import type { AuthenticatorState } from '../command.js';
import { isPinSet } from '../pinUv/deviceSettings.js';
import { hasBuiltInUv } from '../pinUv/builtInUv.js';
import { verifyPinUvAuthParam } from '../pinUv/pinUvAuthToken.js';
import { CtapError, CtapStatus } from '../status.js';

/** What a management command authenticates. */
export interface ManagementAuth {
  /** pinUvAuthParam from the request, if any. */
  param: Uint8Array | undefined;
  /** pinUvAuthProtocol from the request, if any. */
  protocol: number | undefined;
  /** The bytes the platform MACed (e.g. `subCommand || subCommandParams`). */
  message: Uint8Array;
  /** The permission bit the command needs (cm, lbw, acfg). */
  permission: number;
  /** Command name for error messages, e.g. `credentialManagement getCredsMetadata`. */
  what: string;
}

/**
 * "The authenticator is protected by some form of user verification" (CTAP 2.1 6.10.2 step 5.5,
 * 6.11): a PIN is set or the model has a built-in user verification method.
 */
export function protectedByUv(state: AuthenticatorState): boolean {
  return isPinSet(state) || hasBuiltInUv(state.preset);
}

/**
 * Check a management command's pinUvAuthParam against the current pinUvAuthToken. RP ID rules are
 * the caller's (credentialManagement binds by credential, not by request), so no RP ID is bound here.
 * @throws CtapError CTAP2_ERR_PUAT_REQUIRED (no pinUvAuthParam), CTAP2_ERR_MISSING_PARAMETER (no
 *   protocol), CTAP1_ERR_INVALID_PARAMETER (protocol not supported by the model),
 *   CTAP2_ERR_PIN_AUTH_INVALID (MAC, token, permission or user-verified flag)
 */
export function requirePinUvAuth(state: AuthenticatorState, auth: ManagementAuth): void {
  if (auth.param === undefined) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PUAT_REQUIRED, `${auth.what} needs a pinUvAuthParam: get a pinUvAuthToken with the required permission first`);
  }
  if (auth.protocol === undefined) {
    throw new CtapError(CtapStatus.CTAP2_ERR_MISSING_PARAMETER, `${auth.what}: pinUvAuthProtocol is required with pinUvAuthParam`);
  }
  const supported = state.preset.getInfo.pinUvAuthProtocols ?? [1, 2];
  if (!supported.includes(auth.protocol)) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, `${auth.what}: pinUvAuthProtocol ${auth.protocol} is not supported by ${state.preset.id} (supports ${supported.join(', ')})`);
  }
  verifyPinUvAuthParam(state.pinUv, { protocol: auth.protocol, param: auth.param, message: auth.message, permission: auth.permission });
}
