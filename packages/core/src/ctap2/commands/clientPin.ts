/**
 * authenticatorClientPIN (0x06), CTAP 2.1 section 6.5: PIN retries, key agreement, setting and
 * changing the PIN, and issuing pinUvAuthTokens with the PIN or built-in user verification.
 * Each subcommand's steps live in ctap2/pinUv/.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { AuthenticatorState, CommandHandler } from '../command.js';
import { CtapError, CtapStatus } from '../status.js';
import { hasBuiltInUv } from '../pinUv/builtInUv.js';
import { clientPinSupported, keyAgreementSupported, pinUvAuthTokenSupported, selectPinUvAuthProtocol } from '../pinUv/capabilities.js';
import { ClientPinResponse, ClientPinSubCommand, parseClientPinRequest, requireMembers, type ClientPinRequest } from '../pinUv/clientPinRequest.js';
import { readDeviceSettings } from '../pinUv/deviceSettings.js';
import { changePin, setPin } from '../pinUv/pinChange.js';
import { MAX_CONSECUTIVE_PIN_FAILURES } from '../pinUv/pinRetries.js';
import { getPinToken, getPinUvAuthTokenUsingPin, getPinUvAuthTokenUsingUv } from '../pinUv/tokenIssue.js';

export { ClientPinParam, ClientPinResponse, ClientPinSubCommand } from '../pinUv/clientPinRequest.js';

const S = ClientPinSubCommand;
const R = ClientPinResponse;

/**
 * getPINRetries (0x01, CTAP 2.1 6.5.5.2): pinRetries and whether a power cycle is needed first. Models
 * whose preset says `pinRetriesWithoutPin: 'pin-not-set'` (YubiKeys) refuse it while no PIN is set.
 * @throws CtapError CTAP2_ERR_PIN_NOT_SET (those models, no PIN)
 */
function getPinRetries(state: AuthenticatorState): CborMap {
  const settings = readDeviceSettings(state);
  if (state.preset.pinRetriesWithoutPin === 'pin-not-set' && !settings.pinHash) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_NOT_SET, `no PIN is set: ${state.preset.name} answers getPINRetries only once a PIN is set (setPIN first)`);
  }
  return new Map<number, number | boolean>([
    [R.pinRetries, settings.pinRetries],
    [R.powerCycleState, state.pinUv.consecutivePinFailures >= MAX_CONSECUTIVE_PIN_FAILURES],
  ]);
}

/** getUVRetries (0x07, CTAP 2.1 6.5.5.3). */
function getUvRetries(state: AuthenticatorState): CborMap {
  return new Map([[R.uvRetries, readDeviceSettings(state).uvRetries]]);
}

/**
 * getKeyAgreement (0x02, CTAP 2.1 6.5.5.4): the authenticator's key-agreement public key.
 * @throws CtapError CTAP2_ERR_MISSING_PARAMETER (no protocol), CTAP1_ERR_INVALID_PARAMETER (unsupported)
 */
function getKeyAgreement(state: AuthenticatorState, request: ClientPinRequest): CborMap {
  const r = requireMembers(request, 'getKeyAgreement', ['pinUvAuthProtocol']);
  selectPinUvAuthProtocol(state, r.pinUvAuthProtocol);
  return new Map([[R.keyAgreement, state.pinUv.keyAgreement.coseKey]]);
}

/** A subcommand and whether the emulated model implements it. */
interface Subcommand {
  name: string;
  available: (state: AuthenticatorState) => boolean;
  run: (state: AuthenticatorState, request: ClientPinRequest) => CborMap | undefined;
}

/** Built-in UV tokens need both the `pinUvAuthToken` option and a built-in method (CTAP 2.1 6.5.5.7.3). */
const uvTokens = (state: AuthenticatorState): boolean => pinUvAuthTokenSupported(state) && hasBuiltInUv(state.preset);

const SUBCOMMANDS = new Map<number, Subcommand>([
  [S.getPINRetries, { name: 'getPINRetries', available: clientPinSupported, run: getPinRetries }],
  [S.getKeyAgreement, { name: 'getKeyAgreement', available: () => true, run: getKeyAgreement }],
  [S.setPIN, { name: 'setPIN', available: clientPinSupported, run: setPin }],
  [S.changePIN, { name: 'changePIN', available: clientPinSupported, run: changePin }],
  [S.getPinToken, { name: 'getPinToken', available: clientPinSupported, run: getPinToken }],
  [S.getPinUvAuthTokenUsingUvWithPermissions, { name: 'getPinUvAuthTokenUsingUvWithPermissions', available: uvTokens, run: getPinUvAuthTokenUsingUv }],
  [S.getUVRetries, { name: 'getUVRetries', available: uvTokens, run: getUvRetries }],
  [
    S.getPinUvAuthTokenUsingPinWithPermissions,
    { name: 'getPinUvAuthTokenUsingPinWithPermissions', available: (s) => clientPinSupported(s) && pinUvAuthTokenSupported(s), run: getPinUvAuthTokenUsingPin },
  ],
]);

/**
 * Handle authenticatorClientPIN. Models whose getInfo has neither the `clientPin` option nor
 * `pinUvAuthToken` with built-in UV nor hmac-secret (getKeyAgreement only) do not implement the command (CTAP1_ERR_INVALID_COMMAND);
 * subcommands the model lacks answer CTAP2_ERR_INVALID_SUBCOMMAND.
 */
export const clientPin: CommandHandler = (state, params) => {
  if (!clientPinSupported(state) && !uvTokens(state) && !keyAgreementSupported(state)) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_COMMAND, `${state.preset.id} does not implement authenticatorClientPIN (no clientPin option in its getInfo)`);
  }
  const request = parseClientPinRequest(params);
  const sub = SUBCOMMANDS.get(request.subCommand);
  if (!sub || !sub.available(state)) {
    const what = sub ? sub.name : `0x${request.subCommand.toString(16).padStart(2, '0')}`;
    throw new CtapError(CtapStatus.CTAP2_ERR_INVALID_SUBCOMMAND, `authenticatorClientPIN subcommand ${what} is not implemented by ${state.preset.id}`);
  }
  return sub.run(state, request);
};
