/**
 * The CTAP2 message dispatcher: command byte + CBOR parameters in, status byte + CBOR response out
 * (CTAP 2.1 section 6 "Message encoding", 8.2 status codes).
 * @module
 */
import { CborError, decodeCbor, encodeCbor } from '../cbor/index.js';
import type { CborMap } from '../cbor/types.js';
import { CtapCommand, type AuthenticatorState, type CallOptions, type CommandHandler } from './command.js';
import { CtapError, CtapStatus } from './status.js';
import { makeCredential } from './commands/makeCredential.js';
import { getAssertion } from './commands/getAssertion.js';
import { getNextAssertion } from './commands/getNextAssertion.js';
import { getInfo } from './commands/getInfo.js';
import { reset } from './commands/reset.js';
import { selection } from './commands/selection.js';

/** Handlers by command byte. */
const HANDLERS = new Map<number, CommandHandler>([
  [CtapCommand.MakeCredential, makeCredential],
  [CtapCommand.GetAssertion, getAssertion],
  [CtapCommand.GetNextAssertion, getNextAssertion],
  [CtapCommand.GetInfo, getInfo],
  [CtapCommand.Reset, reset],
  [CtapCommand.Selection, selection],
]);

/** Largest CTAP2 request accepted when the preset declares no maxMsgSize. */
const DEFAULT_MAX_MSG = 7609;

/** Decode the parameter map of a request (CTAP 2.1 8: a CBOR map with integer keys). */
function decodeParams(body: Uint8Array, maxBytes: number): CborMap {
  if (body.length === 0) return new Map();
  if (body.length > maxBytes) throw new CtapError(CtapStatus.CTAP2_ERR_REQUEST_TOO_LARGE, `request of ${body.length} bytes exceeds maxMsgSize ${maxBytes}`);
  let value;
  try {
    value = decodeCbor(body, { maxBytes, maxDepth: 8 });
  } catch (cause) {
    if (cause instanceof CborError) throw new CtapError(CtapStatus.CTAP2_ERR_INVALID_CBOR, cause.message, { cause });
    throw cause;
  }
  if (!(value instanceof Map)) throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, 'request parameters must be a CBOR map');
  for (const k of value.keys()) {
    if (typeof k !== 'number') throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, 'request parameter keys must be integers');
  }
  return value;
}

/** Outcome of one CTAP2 request, with the typed error kept for in-process callers. */
export interface Ctap2Outcome {
  /** CTAP status byte. */
  status: number;
  /** CBOR response body (empty on error or for empty responses). */
  body: Uint8Array;
  /** The rejection, with its actionable message. */
  error?: CtapError;
}

/**
 * Process one CTAP2 request and keep the error detail. Never throws.
 * @param state - authenticator state
 * @param request - command byte followed by CBOR parameters
 * @param options - how the platform reached the authenticator
 */
export async function runCtap2(state: AuthenticatorState, request: Uint8Array, options: CallOptions = {}): Promise<Ctap2Outcome> {
  try {
    if (request.length === 0) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_LENGTH, 'empty request');
    const handler = HANDLERS.get(request[0]!);
    if (!handler) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_COMMAND, `command 0x${request[0]!.toString(16)} is not supported`);
    const params = decodeParams(request.subarray(1), state.preset.getInfo.maxMsgSize ?? DEFAULT_MAX_MSG);
    const response = await handler(state, params, options);
    return { status: CtapStatus.CTAP2_OK, body: response ? encodeCbor(response) : new Uint8Array(0) };
  } catch (error) {
    const e = error instanceof CtapError ? error : new CtapError(CtapStatus.CTAP1_ERR_OTHER, `internal error: ${(error as Error).message}`, { cause: error });
    return { status: e.status, body: new Uint8Array(0), error: e };
  }
}

/**
 * Process one CTAP2 request as the wire sees it. Never throws: every failure becomes its status byte.
 * @returns status byte, followed by the CBOR response on success
 */
export async function dispatchCtap2(state: AuthenticatorState, request: Uint8Array, options: CallOptions = {}): Promise<Uint8Array> {
  const { status, body } = await runCtap2(state, request, options);
  const out = new Uint8Array(body.length + 1);
  out[0] = status;
  out.set(body, 1);
  return out;
}
