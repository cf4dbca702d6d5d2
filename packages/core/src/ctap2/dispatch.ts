/**
 * The CTAP2 message dispatcher: command byte + CBOR parameters in, status byte + CBOR response out
 * (CTAP 2.1 section 6 "Message encoding", 8.2 status codes).
 * @module
 */
import { speaksCtap2 } from '../ctap1/version.js';
import { CborError, decodeCbor, encodeCbor } from '../cbor/index.js';
import { encodeCborAfterByte } from '../cbor/encodeCbor.js';
import type { CborMap } from '../cbor/types.js';
import { CtapCommand, type AuthenticatorState, type CallOptions, type CommandHandler } from './command.js';
import { CtapError, CtapStatus } from './status.js';
import { makeCredential } from './commands/makeCredential.js';
import { getAssertion } from './commands/getAssertion.js';
import { getNextAssertion } from './commands/getNextAssertion.js';
import { getInfo } from './commands/getInfo.js';
import { reset } from './commands/reset.js';
import { selection } from './commands/selection.js';
import { clientPin } from './commands/clientPin.js';
import { credentialManagement, credentialManagementPreview, CREDENTIAL_MANAGEMENT_PREVIEW } from './commands/credentialManagement.js';
import { largeBlobs } from './commands/largeBlobs.js';
import { config } from './commands/config.js';
import { discardInterruptedEnumeration } from './commands/managementState.js';

/** Handlers by command byte. */
const HANDLERS = new Map<number, CommandHandler>([
  [CtapCommand.MakeCredential, makeCredential],
  [CtapCommand.GetAssertion, getAssertion],
  [CtapCommand.GetNextAssertion, getNextAssertion],
  [CtapCommand.GetInfo, getInfo],
  [CtapCommand.Reset, reset],
  [CtapCommand.Selection, selection],
  [CtapCommand.ClientPIN, clientPin],
  [CtapCommand.CredentialManagement, credentialManagement],
  [CREDENTIAL_MANAGEMENT_PREVIEW, credentialManagementPreview],
  [CtapCommand.LargeBlobs, largeBlobs],
  [CtapCommand.Config, config],
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

/** {@link speaksCtap2} per preset object, worked out once (presets are not changed after use). */
const ctap2Presets = new WeakMap<AuthenticatorState['preset'], boolean>();
function presetSpeaksCtap2(preset: AuthenticatorState['preset']): boolean {
  let speaks = ctap2Presets.get(preset);
  if (speaks === undefined) ctap2Presets.set(preset, (speaks = speaksCtap2(preset)));
  return speaks;
}

/**
 * Decode, dispatch and run one request: the handler's response map (undefined for an empty
 * response), or a promise of it from a handler that waits. Throws (or rejects) on failure.
 */
function execute(state: AuthenticatorState, request: Uint8Array, options: CallOptions): ReturnType<CommandHandler> {
  if (request.length === 0) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_LENGTH, 'empty request');
  if (!presetSpeaksCtap2(state.preset)) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_COMMAND, `${state.preset.id} is a CTAP1/U2F-only authenticator: it answers no CTAP2 command (use U2F over CTAPHID_MSG)`);
  }
  const handler = HANDLERS.get(request[0]!);
  if (!handler) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_COMMAND, `command 0x${request[0]!.toString(16)} is not supported`);
  const params = decodeParams(request.subarray(1), state.preset.getInfo.maxMsgSize ?? DEFAULT_MAX_MSG);
  discardInterruptedEnumeration(state, request[0]!, params); // CTAP 2.1 6.8.3 / 6.8.4 stateful subcommands
  return handler(state, params, options);
}

/** Any failure as a CtapError: unexpected ones become CTAP1_ERR_OTHER with the cause kept. */
function asCtapError(error: unknown): CtapError {
  if (error instanceof CtapError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CtapError(CtapStatus.CTAP1_ERR_OTHER, `internal error: ${message}`, { cause: error });
}

/** `ok(response)`, or `fail` with the error if that throws (e.g. an unencodable response). */
function settle<T>(response: CborMap | undefined, ok: (response: CborMap | undefined) => T, fail: (error: CtapError) => T): T {
  try {
    return ok(response);
  } catch (error) {
    return fail(asCtapError(error));
  }
}

/**
 * Run one request and turn its outcome into `T` with `ok` or `fail`: synchronously when the handler
 * answered synchronously (the common case: no promise, no extra microtask hops), else once it
 * settles. Never throws or rejects.
 */
function runRequest<T>(
  state: AuthenticatorState,
  request: Uint8Array,
  options: CallOptions,
  ok: (response: CborMap | undefined) => T,
  fail: (error: CtapError) => T,
): T | Promise<T> {
  let result: ReturnType<CommandHandler>;
  try {
    result = execute(state, request, options);
  } catch (error) {
    return fail(asCtapError(error));
  }
  if (!(result instanceof Promise)) return settle(result, ok, fail);
  return result.then(
    (response) => settle(response, ok, fail),
    (error: unknown) => fail(asCtapError(error)),
  );
}

/** A success outcome: CTAP2_OK and the encoded response. */
const okOutcome = (response: CborMap | undefined): Ctap2Outcome => ({
  status: CtapStatus.CTAP2_OK,
  body: response ? encodeCbor(response) : new Uint8Array(0),
});

/** A failure outcome, the typed error kept. */
const errorOutcome = (error: CtapError): Ctap2Outcome => ({ status: error.status, body: new Uint8Array(0), error });

/**
 * Process one CTAP2 request and keep the error detail. Never throws or rejects; the outcome is
 * returned directly when the command completed without waiting.
 * @param state - authenticator state
 * @param request - command byte followed by CBOR parameters
 * @param options - how the platform reached the authenticator
 */
export function runCtap2(state: AuthenticatorState, request: Uint8Array, options: CallOptions = {}): Ctap2Outcome | Promise<Ctap2Outcome> {
  return runRequest(state, request, options, okOutcome, errorOutcome);
}

/** A successful response frame: CTAP2_OK and the CBOR response in one buffer (CTAP 2.1 section 6). */
const okFrame = (response: CborMap | undefined): Uint8Array =>
  response ? encodeCborAfterByte(CtapStatus.CTAP2_OK, response) : Uint8Array.of(CtapStatus.CTAP2_OK);

/** A failure frame: the status byte alone. */
const errorFrame = (error: CtapError): Uint8Array => Uint8Array.of(error.status);

/**
 * Process one CTAP2 request as the wire sees it. Never throws or rejects: every failure becomes its
 * status byte. The frame is returned directly when the command completed without waiting.
 * @returns status byte, followed by the CBOR response on success
 */
export function dispatchCtap2(state: AuthenticatorState, request: Uint8Array, options: CallOptions = {}): Uint8Array | Promise<Uint8Array> {
  return runRequest(state, request, options, okFrame, errorFrame);
}
