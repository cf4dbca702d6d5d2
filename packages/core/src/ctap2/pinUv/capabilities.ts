/**
 * What the emulated model offers for PIN/UV (CTAP 2.1 6.4 getInfo options `clientPin`,
 * `pinUvAuthToken`, `uv`, `noMcGaPermissionsWithClientPin`, member `pinUvAuthProtocols`) and the
 * derived states the command algorithms test, such as "protected by some form of user verification".
 * @module
 */
import { pinUvAuthProtocol, type PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import type { AuthenticatorState } from '../command.js';
import { CtapError, CtapStatus } from '../status.js';
import { hasBuiltInUv } from './builtInUv.js';
import { isPinSet } from './deviceSettings.js';

type State = Pick<AuthenticatorState, 'preset' | 'store'>;

/** Whether the model implements authenticatorClientPIN: its getInfo has the `clientPin` option, whatever its value (CTAP 2.1 6.4). */
export function clientPinSupported(state: Pick<AuthenticatorState, 'preset'>): boolean {
  return state.preset.getInfo.options?.clientPin !== undefined;
}

/** Whether the model reports `pinUvAuthToken: true` (CTAP 2.1 6.4): permissions-scoped tokens, subcommands 0x06 and 0x09. */
export function pinUvAuthTokenSupported(state: Pick<AuthenticatorState, 'preset'>): boolean {
  return state.preset.getInfo.options?.pinUvAuthToken === true;
}

/** Whether the model has the `noMcGaPermissionsWithClientPin` option set (CTAP 2.1 6.4): PIN tokens carry no mc/ga permission. */
export function noMcGaPermissionsWithClientPin(state: Pick<AuthenticatorState, 'preset'>): boolean {
  return state.preset.getInfo.options?.noMcGaPermissionsWithClientPin === true;
}

/**
 * "clientPin is supported for the mc / ga permission" (CTAP 2.1 6.1.2 step 6, 6.2.2 step 5): the
 * `clientPin` option is present and `noMcGaPermissionsWithClientPin` is absent or false.
 */
export function clientPinServesMcGa(state: Pick<AuthenticatorState, 'preset'>): boolean {
  return clientPinSupported(state) && !noMcGaPermissionsWithClientPin(state);
}

/** Whether the model supports either PIN/UV feature (CTAP 2.1 6.1.2 step 1: "pinUvAuthToken or clientPin features"). */
export function pinUvFeaturesSupported(state: Pick<AuthenticatorState, 'preset'>): boolean {
  return clientPinSupported(state) || pinUvAuthTokenSupported(state);
}

/**
 * Whether the model answers clientPIN getKeyAgreement: with a PIN/UV feature, or for the
 * hmac-secret extension alone, whose salts are encrypted with a key-agreement shared secret
 * (CTAP 2.1 12.5; platform authenticators such as iCloud Keychain list hmac-secret without clientPin).
 */
export function keyAgreementSupported(state: Pick<AuthenticatorState, 'preset'>): boolean {
  return pinUvFeaturesSupported(state) || (state.preset.getInfo.extensions?.includes('hmac-secret') ?? false);
}

/**
 * The PIN/UV auth protocols the model accepts: its getInfo `pinUvAuthProtocols`, both protocols when
 * it supports a PIN/UV feature but lists none, and none at all without such a feature.
 */
export function supportedPinUvAuthProtocols(state: Pick<AuthenticatorState, 'preset'>): readonly number[] {
  if (!keyAgreementSupported(state)) return [];
  return state.preset.getInfo.pinUvAuthProtocols ?? [1, 2];
}

/**
 * The implementation of a requested PIN/UV auth protocol, if the model supports it.
 * @param value - pinUvAuthProtocol from the request (present)
 * @throws CtapError CTAP1_ERR_INVALID_PARAMETER when the model does not support it (CTAP 2.1 6.1.2 step 2.1, 6.5.5.x step 2)
 */
export function selectPinUvAuthProtocol(state: Pick<AuthenticatorState, 'preset'>, value: number): PinUvAuthProtocol {
  const supported = supportedPinUvAuthProtocols(state);
  if (!supported.includes(value)) {
    const offer = supported.length ? `supports ${supported.join(', ')}` : 'supports none';
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, `pinUvAuthProtocol ${value} is not supported by ${state.preset.id} (${offer})`);
  }
  return pinUvAuthProtocol(value);
}

/**
 * "Protected by some form of user verification" as CTAP 2.1 defines it for the 2.1 algorithms
 * (6.1.2 steps 6-8, 6.2.2 step 5): `pinUvAuthToken` is true and a PIN is set or a built-in user
 * verification method is enabled.
 */
export function protectedByUserVerification(state: State): boolean {
  return pinUvAuthTokenSupported(state) && (isPinSet(state) || hasBuiltInUv(state.preset));
}

/**
 * Whether the authenticator can verify the user at all (a PIN is set, or built-in UV): the gate of
 * CTAP 2.1 6.1.2 step 11 and 6.2.2 step 6, which also covers CTAP 2.0-style models without
 * `pinUvAuthToken` (CTAP 2.0 5.1 step 7 "If authenticator is protected by some form of user verification").
 */
export function canVerifyUser(state: State): boolean {
  return isPinSet(state) || hasBuiltInUv(state.preset);
}
