/**
 * The subcommands that issue a pinUvAuthToken: getPinToken (CTAP 2.1 6.5.5.7.1),
 * getPinUvAuthTokenUsingPinWithPermissions (6.5.5.7.2) and
 * getPinUvAuthTokenUsingUvWithPermissions (6.5.5.7.3), step by step.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { PinUvAuthProtocol, PinUvAuthProtocolVersion } from '../../pin/pinUvAuthProtocol.js';
import type { AuthenticatorState } from '../command.js';
import { CtapError, CtapStatus } from '../status.js';
import { noMcGaPermissionsWithClientPin, selectPinUvAuthProtocol } from './capabilities.js';
import { ClientPinResponse, requireMembers, type ClientPinRequest } from './clientPinRequest.js';
import { readDeviceSettings } from './deviceSettings.js';
import { performBuiltInUv, type BuiltInUvFailure } from './performBuiltInUv.js';
import { DEFAULT_PERMISSIONS, grantablePermissions } from './permissions.js';
import { assertPinEntryAllowed, verifyPinHashEnc } from './pinRetries.js';
import { beginUsingPinUvAuthToken } from './pinUvAuthToken.js';

/** resetPinUvAuthToken + beginUsingPinUvAuthToken, then the encrypted token as the response (last steps of each subcommand). */
function issue(
  state: AuthenticatorState,
  protocol: PinUvAuthProtocol,
  sharedSecret: Uint8Array,
  grant: { permissions: number; rpId: string | undefined; userPresent: boolean },
): CborMap {
  const token = beginUsingPinUvAuthToken(state.pinUv, { protocol: protocol.version as PinUvAuthProtocolVersion, ...grant });
  return new Map([[ClientPinResponse.pinUvAuthToken, protocol.encrypt(sharedSecret, token)]]);
}

/**
 * getPinToken (0x05, superseded): a token with the default permissions (mc, ga) for the PIN.
 * @throws CtapError CTAP2_ERR_MISSING_PARAMETER, CTAP1_ERR_INVALID_PARAMETER (protocol, permissions or
 *   rpId present, keyAgreement), the PIN errors of {@link verifyPinHashEnc}, CTAP2_ERR_PIN_INVALID when
 *   forcePINChange is set
 */
export function getPinToken(state: AuthenticatorState, request: ClientPinRequest): CborMap {
  // Step 1.
  const r = requireMembers(request, 'getPinToken', ['pinUvAuthProtocol', 'keyAgreement', 'pinHashEnc']);
  // Step 2.
  const protocol = selectPinUvAuthProtocol(state, r.pinUvAuthProtocol);
  // Steps 3-4.
  if (r.permissions !== undefined) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'getPinToken takes no permissions: use getPinUvAuthTokenUsingPinWithPermissions (0x09)');
  if (r.rpId !== undefined) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'getPinToken takes no rpId: use getPinUvAuthTokenUsingPinWithPermissions (0x09)');
  // Step 5.
  assertPinEntryAllowed(state);
  // Step 6.
  const sharedSecret = protocol.decapsulate(state.pinUv.keyAgreement, r.keyAgreement);
  // Steps 8-10.
  verifyPinHashEnc(state, protocol, sharedSecret, r.pinHashEnc);
  // Step 11.
  if (readDeviceSettings(state).forcePinChange) throw new CtapError(CtapStatus.CTAP2_ERR_PIN_INVALID, 'the PIN must be changed first (forcePINChange): use changePIN');
  // Steps 12-15: user presence was not collected; default permissions unless noMcGaPermissionsWithClientPin.
  return issue(state, protocol, sharedSecret, { permissions: noMcGaPermissionsWithClientPin(state) ? 0 : DEFAULT_PERMISSIONS, rpId: undefined, userPresent: false });
}

/**
 * getPinUvAuthTokenUsingPinWithPermissions (0x09).
 * @throws CtapError CTAP2_ERR_MISSING_PARAMETER, CTAP1_ERR_INVALID_PARAMETER (protocol, permissions 0,
 *   keyAgreement), CTAP2_ERR_UNAUTHORIZED_PERMISSION, the PIN errors of {@link verifyPinHashEnc},
 *   CTAP2_ERR_PIN_POLICY_VIOLATION when forcePINChange is set
 */
export function getPinUvAuthTokenUsingPin(state: AuthenticatorState, request: ClientPinRequest): CborMap {
  // Step 1.
  const r = requireMembers(request, 'getPinUvAuthTokenUsingPinWithPermissions', ['pinUvAuthProtocol', 'keyAgreement', 'pinHashEnc', 'permissions']);
  // Step 2.
  const protocol = selectPinUvAuthProtocol(state, r.pinUvAuthProtocol);
  // Steps 3-4.
  const permissions = grantablePermissions(state, r.permissions, 'pin');
  // Step 5.
  assertPinEntryAllowed(state);
  // Step 6.
  const sharedSecret = protocol.decapsulate(state.pinUv.keyAgreement, r.keyAgreement);
  // Steps 8-10.
  verifyPinHashEnc(state, protocol, sharedSecret, r.pinHashEnc);
  // Step 11.
  if (readDeviceSettings(state).forcePinChange) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION, 'the PIN must be changed first (forcePINChange): use changePIN');
  }
  // Steps 12-16.
  return issue(state, protocol, sharedSecret, { permissions, rpId: r.rpId, userPresent: false });
}

/** A failed built-in UV as the status 6.5.5.7.3 steps 7 and 10 give it. */
function uvTokenError(reason: BuiltInUvFailure): CtapError {
  switch (reason) {
    case 'timeout':
      return new CtapError(CtapStatus.CTAP2_ERR_USER_ACTION_TIMEOUT, 'user verification timed out');
    case 'uvBlocked':
      return new CtapError(CtapStatus.CTAP2_ERR_UV_BLOCKED, 'built-in user verification is blocked (uvRetries is 0): use the PIN, or reset the authenticator');
    case 'pinBlocked':
      return new CtapError(CtapStatus.CTAP2_ERR_PIN_BLOCKED, 'the PIN is blocked, which disables built-in user verification too: reset the authenticator');
    case 'refused':
      return new CtapError(CtapStatus.CTAP2_ERR_OPERATION_DENIED, 'the user cancelled user verification');
    default:
      return new CtapError(CtapStatus.CTAP2_ERR_UV_INVALID, 'built-in user verification failed: try again');
  }
}

/**
 * getPinUvAuthTokenUsingUvWithPermissions (0x06): the scripted user is the biometric.
 * @throws CtapError CTAP2_ERR_MISSING_PARAMETER, CTAP1_ERR_INVALID_PARAMETER, CTAP2_ERR_UNAUTHORIZED_PERMISSION,
 *   CTAP2_ERR_UV_BLOCKED, CTAP2_ERR_PIN_BLOCKED, CTAP2_ERR_USER_ACTION_TIMEOUT, CTAP2_ERR_OPERATION_DENIED, CTAP2_ERR_UV_INVALID
 */
export function getPinUvAuthTokenUsingUv(state: AuthenticatorState, request: ClientPinRequest): CborMap {
  // Step 1.
  const r = requireMembers(request, 'getPinUvAuthTokenUsingUvWithPermissions', ['pinUvAuthProtocol', 'keyAgreement', 'permissions']);
  // Step 2.
  const protocol = selectPinUvAuthProtocol(state, r.pinUvAuthProtocol);
  // Steps 3-4.
  const permissions = grantablePermissions(state, r.permissions, 'uv');
  // Step 5 (the built-in method is always configured) and step 7 before any user action.
  const settings = readDeviceSettings(state);
  if (settings.pinHash && settings.pinRetries === 0) throw uvTokenError('pinBlocked');
  if (settings.uvRetries === 0) throw uvTokenError('uvBlocked');
  // The shared secret first: a malformed keyAgreement costs no UV attempt.
  const sharedSecret = protocol.decapsulate(state.pinUv.keyAgreement, r.keyAgreement);
  // Steps 9-10.
  state.user.beginCeremony();
  const outcome = performBuiltInUv(state);
  if (!outcome.ok) throw uvTokenError(outcome.reason);
  // Steps 12-16: the biometric gesture is evidence of user interaction (userIsPresent: true).
  return issue(state, protocol, sharedSecret, { permissions, rpId: r.rpId, userPresent: true });
}
