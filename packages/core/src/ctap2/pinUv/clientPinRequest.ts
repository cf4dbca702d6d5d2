/**
 * The parameters of authenticatorClientPIN (CTAP 2.1 6.5.3 table) and the check that a subcommand's
 * mandatory ones are present (6.5.5.x step 1: CTAP2_ERR_MISSING_PARAMETER).
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import { bytesParam, intParam, mapParam, textParam } from '../params.js';
import { CtapError, CtapStatus } from '../status.js';

/** Parameter keys of authenticatorClientPIN (CTAP 2.1 6.5.3). */
export const ClientPinParam = {
  pinUvAuthProtocol: 0x01,
  subCommand: 0x02,
  keyAgreement: 0x03,
  pinUvAuthParam: 0x04,
  newPinEnc: 0x05,
  pinHashEnc: 0x06,
  permissions: 0x09,
  rpId: 0x0a,
} as const;

/** Response keys of authenticatorClientPIN (CTAP 2.1 6.5.4). */
export const ClientPinResponse = {
  keyAgreement: 0x01,
  pinUvAuthToken: 0x02,
  pinRetries: 0x03,
  powerCycleState: 0x04,
  uvRetries: 0x05,
} as const;

/** authenticatorClientPIN subcommands (CTAP 2.1 6.5.3). */
export const ClientPinSubCommand = {
  getPINRetries: 0x01,
  getKeyAgreement: 0x02,
  setPIN: 0x03,
  changePIN: 0x04,
  getPinToken: 0x05,
  getPinUvAuthTokenUsingUvWithPermissions: 0x06,
  getUVRetries: 0x07,
  getPinUvAuthTokenUsingPinWithPermissions: 0x09,
} as const;

/** A decoded authenticatorClientPIN request; absent members are undefined. */
export interface ClientPinRequest {
  /** pinUvAuthProtocol (0x01). */
  pinUvAuthProtocol: number | undefined;
  /** subCommand (0x02). */
  subCommand: number;
  /** The platform's key-agreement COSE_Key (0x03). */
  keyAgreement: CborMap | undefined;
  /** pinUvAuthParam (0x04). */
  pinUvAuthParam: Uint8Array | undefined;
  /** newPinEnc (0x05). */
  newPinEnc: Uint8Array | undefined;
  /** pinHashEnc (0x06). */
  pinHashEnc: Uint8Array | undefined;
  /** permissions (0x09). */
  permissions: number | undefined;
  /** rpId (0x0A). */
  rpId: string | undefined;
}

/**
 * Decode the request parameters (types only; which ones are required depends on the subcommand).
 * @throws CtapError CTAP2_ERR_MISSING_PARAMETER (no subCommand), CTAP2_ERR_CBOR_UNEXPECTED_TYPE (a member of the wrong type)
 */
export function parseClientPinRequest(params: CborMap): ClientPinRequest {
  const K = ClientPinParam;
  const permissions = intParam(params, K.permissions, 'permissions');
  if (permissions !== undefined && permissions < 0) throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, 'permissions must be an unsigned integer');
  return {
    pinUvAuthProtocol: intParam(params, K.pinUvAuthProtocol, 'pinUvAuthProtocol'),
    subCommand: intParam(params, K.subCommand, 'subCommand', true),
    keyAgreement: mapParam(params, K.keyAgreement, 'keyAgreement'),
    pinUvAuthParam: bytesParam(params, K.pinUvAuthParam, 'pinUvAuthParam'),
    newPinEnc: bytesParam(params, K.newPinEnc, 'newPinEnc'),
    pinHashEnc: bytesParam(params, K.pinHashEnc, 'pinHashEnc'),
    permissions,
    rpId: textParam(params, K.rpId, 'rpId'),
  };
}

type Member = Exclude<keyof ClientPinRequest, 'subCommand'>;

/** The request with `names` known to be present. */
export type WithMembers<N extends Member> = ClientPinRequest & { [K in N]-?: NonNullable<ClientPinRequest[K]> };

/**
 * Check that a subcommand's mandatory parameters are present (CTAP 2.1 6.5.5.x step 1).
 * @param what - subcommand name for the message
 * @throws CtapError CTAP2_ERR_MISSING_PARAMETER naming the first absent one
 */
export function requireMembers<N extends Member>(request: ClientPinRequest, what: string, names: readonly N[]): WithMembers<N> {
  for (const name of names) {
    if (request[name] === undefined) throw new CtapError(CtapStatus.CTAP2_ERR_MISSING_PARAMETER, `${what} needs ${name}`);
  }
  return request as WithMembers<N>;
}
