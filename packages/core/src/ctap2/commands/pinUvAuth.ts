/**
 * pinUvAuthParam handling shared by makeCredential and getAssertion (CTAP 2.1 6.1.2 steps 1-2,
 * 6.2.2 steps 1-2). vfido has no clientPIN yet, so a PIN/UV auth token can never be valid.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import { CtapError, CtapStatus } from '../status.js';
import { bytesParam, intParam } from '../params.js';

/**
 * Check pinUvAuthParam/pinUvAuthProtocol.
 * @throws CtapError CTAP2_ERR_PIN_NOT_SET for the zero-length probe, CTAP2_ERR_MISSING_PARAMETER
 *   when the protocol is absent, CTAP1_ERR_INVALID_PARAMETER for an unknown protocol,
 *   CTAP2_ERR_PIN_AUTH_INVALID otherwise (no PIN is set, so no token can be valid).
 */
export function checkPinUvAuth(params: CborMap, paramKey: number, protocolKey: number): void {
  const param = bytesParam(params, paramKey, 'pinUvAuthParam');
  if (param === undefined) return;
  // Step 1: the zero-length probe asks "is a PIN set?" after a touch; vfido has none.
  if (param.length === 0) throw new CtapError(CtapStatus.CTAP2_ERR_PIN_NOT_SET, 'no PIN is set on this authenticator');
  const protocol = intParam(params, protocolKey, 'pinUvAuthProtocol');
  if (protocol === undefined) throw new CtapError(CtapStatus.CTAP2_ERR_MISSING_PARAMETER, 'pinUvAuthProtocol is required with pinUvAuthParam');
  if (protocol !== 1 && protocol !== 2) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, `pinUvAuthProtocol ${protocol} is not supported`);
  throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'no PIN/UV auth token has been issued');
}
