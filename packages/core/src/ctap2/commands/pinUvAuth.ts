/**
 * User verification and presence in authenticatorMakeCredential (CTAP 2.1 6.1.2 steps 1-2, 6-8, 11,
 * 13-14) and authenticatorGetAssertion (6.2.2 steps 1-2, 5-6, 8-9): the zero-length pinUvAuthParam
 * probe, pinUvAuthProtocol, when a pinUvAuthToken is required, verifying pinUvAuthParam against the
 * current token (permission and RP ID), built-in UV, and using up the token's flags and permissions.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { PinUvAuthProtocolVersion } from '../../pin/pinUvAuthProtocol.js';
import type { AuthenticatorState } from '../command.js';
import { bytesParam, intParam } from '../params.js';
import { hasBuiltInUv } from '../pinUv/builtInUv.js';
import {
  canVerifyUser,
  clientPinServesMcGa,
  noMcGaPermissionsWithClientPin,
  pinUvAuthTokenSupported,
  pinUvFeaturesSupported,
  protectedByUserVerification,
  selectPinUvAuthProtocol,
} from '../pinUv/capabilities.js';
import { isPinSet, readDeviceSettings } from '../pinUv/deviceSettings.js';
import { builtInUvErrorForOperation, performBuiltInUv } from '../pinUv/performBuiltInUv.js';
import {
  clearPermissionsExceptLbw,
  clearUserPresentFlag,
  clearUserVerifiedFlag,
  userPresentFlagValue,
  verifyPinUvAuthParam,
} from '../pinUv/pinUvAuthToken.js';
import { CtapError, CtapStatus } from '../status.js';

/** A non-empty pinUvAuthParam with a supported protocol (after 6.1.2 / 6.2.2 steps 1-2). */
export interface PinUvAuthRequest {
  /** pinUvAuthParam: the MAC of clientDataHash under the pinUvAuthToken. */
  param: Uint8Array;
  /** pinUvAuthProtocol. */
  protocol: PinUvAuthProtocolVersion;
}

/**
 * Steps 1-2 of makeCredential and getAssertion. A zero-length pinUvAuthParam is a CTAP 2.0
 * platform's "touch to select" probe: it asks for user presence, then answers PIN_INVALID when a PIN
 * is set and PIN_NOT_SET otherwise.
 * @returns the pinUvAuthParam to verify in step 11 / 6, or undefined when the request has none
 * @throws CtapError CTAP2_ERR_PIN_INVALID / CTAP2_ERR_PIN_NOT_SET (probe), CTAP2_ERR_OPERATION_DENIED (probe
 *   not confirmed), CTAP2_ERR_MISSING_PARAMETER (no pinUvAuthProtocol), CTAP1_ERR_INVALID_PARAMETER
 *   (protocol the model does not support)
 */
export function pinUvAuthRequest(state: AuthenticatorState, params: CborMap, paramKey: number, protocolKey: number): PinUvAuthRequest | undefined {
  const param = bytesParam(params, paramKey, 'pinUvAuthParam');
  const protocol = intParam(params, protocolKey, 'pinUvAuthProtocol');
  if (param === undefined) return undefined;
  // Step 1 (only for models with clientPin or pinUvAuthToken).
  if (param.length === 0 && pinUvFeaturesSupported(state)) {
    state.user.beginCeremony();
    try {
      state.user.confirmPresence();
    } catch (cause) {
      const declined = cause instanceof CtapError && (cause.status === CtapStatus.CTAP2_ERR_OPERATION_DENIED || cause.status === CtapStatus.CTAP2_ERR_USER_ACTION_TIMEOUT);
      if (!declined) throw cause;
      throw new CtapError(CtapStatus.CTAP2_ERR_OPERATION_DENIED, 'the user did not touch the authenticator to select it', { cause });
    }
    if (isPinSet(state)) throw new CtapError(CtapStatus.CTAP2_ERR_PIN_INVALID, 'selected by touch: a PIN is set, get a pinUvAuthToken with it');
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_NOT_SET, 'selected by touch: no PIN is set on this authenticator');
  }
  // Step 2.
  if (protocol === undefined) throw new CtapError(CtapStatus.CTAP2_ERR_MISSING_PARAMETER, 'pinUvAuthProtocol is required with pinUvAuthParam');
  selectPinUvAuthProtocol(state, protocol);
  return { param, protocol: protocol as PinUvAuthProtocolVersion };
}

/** The error of steps 6-8 when some form of user verification is required but was not supplied. */
function verificationRequired(clientPinUsable: boolean, what: string): CtapError {
  return clientPinUsable
    ? new CtapError(CtapStatus.CTAP2_ERR_PUAT_REQUIRED, `${what} requires user verification: send a pinUvAuthParam made with a pinUvAuthToken`)
    : new CtapError(CtapStatus.CTAP2_ERR_OPERATION_DENIED, `${what} requires user verification, which this request does not provide`);
}

/**
 * makeCredential steps 6-8 (alwaysUv, makeCredUvNotRqd): whether the request may go on without a
 * pinUvAuthToken, and the effective "uv" option. CTAP 2.0-style models (no `pinUvAuthToken`) apply
 * CTAP 2.0 5.1 step 7 instead: a set PIN requires pinAuth (CTAP2_ERR_PIN_REQUIRED, the same byte).
 * @param request.uv - the "uv" option after step 5 (false when pinUvAuthParam is present)
 * @returns the "uv" option after step 6.3
 * @throws CtapError CTAP2_ERR_PUAT_REQUIRED or CTAP2_ERR_OPERATION_DENIED
 */
export function makeCredentialUvRequirement(state: AuthenticatorState, request: { rk: boolean; uv: boolean; pinUvAuth: PinUvAuthRequest | undefined }): boolean {
  const isProtected = protectedByUserVerification(state);
  let makeCredUvNotRqd = state.preset.getInfo.options?.makeCredUvNotRqd === true;
  let uv = request.uv;
  // Step 6.
  if (readDeviceSettings(state).alwaysUv) {
    makeCredUvNotRqd = false;
    if (!isProtected) throw verificationRequired(clientPinServesMcGa(state), 'alwaysUv is on: makeCredential');
    if (!request.pinUvAuth && hasBuiltInUv(state.preset)) uv = true;
    if (!request.pinUvAuth && !uv) throw verificationRequired(clientPinServesMcGa(state), 'alwaysUv is on: makeCredential');
  }
  // Steps 7-8 ("If the ClientPin option ID is true": a PIN is set).
  if (isProtected && !uv && !request.pinUvAuth && (!makeCredUvNotRqd || request.rk)) {
    const what = makeCredUvNotRqd ? 'a discoverable credential' : 'makeCredential';
    throw verificationRequired(isPinSet(state) && !noMcGaPermissionsWithClientPin(state), what);
  }
  if (!pinUvAuthTokenSupported(state) && isPinSet(state) && !uv && !request.pinUvAuth) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PUAT_REQUIRED, 'a PIN is set: makeCredential needs a pinUvAuthParam made with a PIN token');
  }
  return uv;
}

/**
 * getAssertion step 5 (alwaysUv with "up" true): whether the request may go on, and the effective
 * "uv" option.
 * @param request.uv - the "uv" option after step 4
 * @throws CtapError CTAP2_ERR_PUAT_REQUIRED or CTAP2_ERR_OPERATION_DENIED
 */
export function getAssertionUvRequirement(state: AuthenticatorState, request: { up: boolean; uv: boolean; pinUvAuth: PinUvAuthRequest | undefined }): boolean {
  if (!readDeviceSettings(state).alwaysUv || !request.up) return request.uv;
  // Step 5.1.
  if (!protectedByUserVerification(state)) throw verificationRequired(clientPinServesMcGa(state), 'alwaysUv is on: getAssertion');
  // Steps 5.2-5.4.
  if (request.pinUvAuth || request.uv) return request.uv;
  if (hasBuiltInUv(state.preset)) return true;
  // Steps 5.5-5.6.
  throw verificationRequired(clientPinServesMcGa(state), 'alwaysUv is on: getAssertion');
}

/** Outcome of {@link verifyUser}. */
export interface UserVerification {
  /** The response's "uv" bit. */
  uv: boolean;
  /** Built-in UV supplied evidence of user interaction: the "up" bit is set without another touch (6.1.2 step 13, 6.2.2 step 8). */
  interacted: boolean;
}

/**
 * makeCredential step 11 / getAssertion step 6: verify pinUvAuthParam against the current
 * pinUvAuthToken (MAC over clientDataHash, the mc / ga permission, the RP ID binding, the
 * userVerified flag; an unbound token gets bound to this RP), or perform built-in UV when "uv" is
 * true. Skipped when the authenticator cannot verify users at all.
 * The caller has started the ceremony (`state.user.beginCeremony()`).
 * @throws CtapError CTAP2_ERR_PIN_AUTH_INVALID, or for built-in UV CTAP2_ERR_USER_ACTION_TIMEOUT,
 *   CTAP2_ERR_PIN_BLOCKED (uvRetries 0), CTAP2_ERR_OPERATION_DENIED
 */
export function verifyUser(
  state: AuthenticatorState,
  request: { pinUvAuth: PinUvAuthRequest | undefined; uv: boolean; clientDataHash: Uint8Array; rpId: string; permission: number },
): UserVerification {
  if (!canVerifyUser(state)) return { uv: false, interacted: false };
  if (request.pinUvAuth) {
    verifyPinUvAuthParam(state.pinUv, {
      protocol: request.pinUvAuth.protocol,
      param: request.pinUvAuth.param,
      message: request.clientDataHash,
      permission: request.permission,
      rpId: request.rpId,
    });
    return { uv: true, interacted: false };
  }
  if (request.uv) {
    const outcome = performBuiltInUv(state);
    if (!outcome.ok) throw builtInUvErrorForOperation(outcome.reason, outcome.cause);
    return { uv: true, interacted: true };
  }
  return { uv: false, interacted: false };
}

/**
 * The presence a pinUvAuthToken already carries: its userPresent flag when the request used it
 * (6.1.2 steps 12.1 and 14.1, 6.2.2 step 9.1), so the user is not asked to touch again.
 */
export function tokenCarriesPresence(state: AuthenticatorState, pinUvAuth: PinUvAuthRequest | undefined): boolean {
  return pinUvAuth !== undefined && userPresentFlagValue(state.pinUv);
}

/**
 * makeCredential steps 13-14 / getAssertion steps 8-9 with "up" true: unless built-in UV already
 * supplied evidence of user interaction, ask for a touch (not when the pinUvAuthToken's userPresent
 * flag is set), then use up the token: clearUserPresentFlag, clearUserVerifiedFlag,
 * clearPinUvAuthTokenPermissionsExceptLbw.
 * @throws CtapError from the user (CTAP2_ERR_OPERATION_DENIED, CTAP2_ERR_USER_ACTION_TIMEOUT)
 */
export function collectUserPresence(state: AuthenticatorState, request: { pinUvAuth: PinUvAuthRequest | undefined; interacted: boolean }): void {
  if (request.interacted) return;
  if (!tokenCarriesPresence(state, request.pinUvAuth)) state.user.confirmPresence();
  clearUserPresentFlag(state.pinUv);
  clearUserVerifiedFlag(state.pinUv);
  clearPermissionsExceptLbw(state.pinUv);
}
