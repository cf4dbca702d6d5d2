/**
 * authenticatorLargeBlobs (0x0c), CTAP 2.1 section 6.10: read the serialized large-blob array in
 * fragments (`get`), or replace it in fragments (`set`) with integrity check on completion.
 * @module
 */
import { createHash } from 'node:crypto';
import type { CborMap, CborValue } from '../../cbor/types.js';
import type { AuthenticatorState, CommandHandler } from '../command.js';
import { bytesParam } from '../params.js';
import { readDeviceSettings } from '../pinUv/deviceSettings.js';
import { Permission } from '../pinUv/pinUvAuthToken.js';
import { CtapError, CtapStatus } from '../status.js';
import { hasValidTrailer, LARGE_BLOB_HASH_LENGTH, readLargeBlobArray, writeLargeBlobArray } from './largeBlobArray.js';
import { protectedByUv, requirePinUvAuth } from './managementAuth.js';
import { managementState } from './managementState.js';

/** Request parameter keys (CTAP 2.1 6.10.2 table). */
export const LargeBlobsParam = { get: 0x01, set: 0x02, offset: 0x03, length: 0x04, pinUvAuthParam: 0x05, pinUvAuthProtocol: 0x06 } as const;

/** Response key: the fragment read (CTAP 2.1 6.10.2). */
export const LARGE_BLOBS_CONFIG = 0x01;

/** maxMsgSize when getInfo states none (CTAP 2.1 6.4: at least 1024 bytes). */
const DEFAULT_MAX_MSG_SIZE = 1024;
/** Smallest maxSerializedLargeBlobArray allowed (CTAP 2.1 6.4: "at least 1024"). */
const MIN_SERIALIZED_LARGE_BLOB_ARRAY = 1024;

const P = LargeBlobsParam;
const invalid = (detail: string): CtapError => new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, detail);

/** An unsigned-integer parameter (CTAP2_ERR_CBOR_UNEXPECTED_TYPE for anything else). */
function uintParam(params: CborMap, key: number, name: string): number | undefined {
  const v: CborValue | undefined = params.get(key);
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, `${name} must be an unsigned integer`);
  return v;
}

/** maxFragmentLength = maxMsgSize - 64 (CTAP 2.1 6.10.2). */
export function maxFragmentLength(state: AuthenticatorState): number {
  return (state.preset.getInfo.maxMsgSize ?? DEFAULT_MAX_MSG_SIZE) - 64;
}

/** getInfo maxSerializedLargeBlobArray of the model (at least 1024). */
function maxSerialized(state: AuthenticatorState): number {
  return Math.max(state.preset.getInfo.maxSerializedLargeBlobArray ?? MIN_SERIALIZED_LARGE_BLOB_ARRAY, MIN_SERIALIZED_LARGE_BLOB_ARRAY);
}

/** 6.10.2 step 4: a fragment of the committed array. */
function get(state: AuthenticatorState, params: CborMap, count: number, offset: number): CborMap {
  if (params.has(P.length)) throw invalid('length is only allowed with set');
  if (params.has(P.pinUvAuthParam) || params.has(P.pinUvAuthProtocol)) throw invalid('get needs no pinUvAuthParam / pinUvAuthProtocol');
  const max = maxFragmentLength(state);
  if (count > max) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_LENGTH, `get ${count} exceeds maxFragmentLength ${max} (maxMsgSize - 64)`);
  const array = readLargeBlobArray(state);
  if (offset > array.length) throw invalid(`offset ${offset} is past the end of the ${array.length}-byte serialized large-blob array`);
  return new Map([[LARGE_BLOBS_CONFIG, array.slice(offset, offset + count)]]);
}

/** 6.10.2 step 5: one fragment of a new array; the last one commits it. */
function set(state: AuthenticatorState, params: CborMap, fragment: Uint8Array, offset: number): undefined {
  const max = maxFragmentLength(state);
  if (fragment.length > max) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_LENGTH, `set of ${fragment.length} bytes exceeds maxFragmentLength ${max} (maxMsgSize - 64)`);
  const length = uintParam(params, P.length, 'length');
  const ms = managementState(state);
  if (offset === 0) {
    if (length === undefined) throw invalid('length (the whole serialized array\'s size) is required with offset 0');
    const limit = maxSerialized(state);
    if (length > limit) throw new CtapError(CtapStatus.CTAP2_ERR_LARGE_BLOB_STORAGE_FULL, `a ${length}-byte serialized large-blob array exceeds maxSerializedLargeBlobArray ${limit}`);
    if (length < LARGE_BLOB_HASH_LENGTH + 1) throw invalid(`length ${length} is below the 17 bytes of the smallest serialized large-blob array`);
    ms.largeBlobWrite = { expectedLength: length, expectedNextOffset: 0, chunks: [] };
  } else if (length !== undefined) {
    throw invalid('length is only allowed with offset 0');
  }
  const write = ms.largeBlobWrite;
  const expectedNextOffset = write?.expectedNextOffset ?? 0;
  if (offset !== expectedNextOffset) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_SEQ, `set offset ${offset} is not the expected next offset ${expectedNextOffset}: restart the write at offset 0`);
  }
  // Step 5.5: authenticate when a PIN / built-in UV protects the authenticator or alwaysUv is on.
  if (protectedByUv(state) || readDeviceSettings(state).alwaysUv) {
    const message = new Uint8Array(32 + 2 + 4 + 32);
    message.fill(0xff, 0, 32);
    message.set([0x0c, 0x00], 32);
    new DataView(message.buffer).setUint32(34, offset, true);
    message.set(createHash('sha256').update(fragment).digest(), 38);
    requirePinUvAuth(state, {
      param: bytesParam(params, P.pinUvAuthParam, 'pinUvAuthParam'),
      protocol: uintParam(params, P.pinUvAuthProtocol, 'pinUvAuthProtocol'),
      message,
      permission: Permission.lbw,
      what: 'largeBlobs set',
    });
  }
  if (!write) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_SEQ, 'no large-blob write in progress: start at offset 0');
  if (offset + fragment.length > write.expectedLength) {
    throw invalid(`fragment ends at ${offset + fragment.length}, past the announced length ${write.expectedLength}`);
  }
  write.chunks.push(fragment.slice());
  write.expectedNextOffset = offset + fragment.length;
  if (write.expectedNextOffset < write.expectedLength) return undefined;
  ms.largeBlobWrite = undefined;
  const serialized = new Uint8Array(Buffer.concat(write.chunks));
  if (!hasValidTrailer(serialized)) {
    throw new CtapError(CtapStatus.CTAP2_ERR_INTEGRITY_FAILURE, 'the last 16 bytes are not LEFT(SHA-256(array), 16): nothing was written');
  }
  writeLargeBlobArray(state, serialized);
  return undefined;
}

/** Handle authenticatorLargeBlobs (getInfo option largeBlobs). */
export const largeBlobs: CommandHandler = (state, params) => {
  if (state.preset.getInfo.options?.largeBlobs !== true) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_COMMAND, `${state.preset.id} does not support authenticatorLargeBlobs (getInfo option largeBlobs)`);
  }
  // Steps 1-3: offset is mandatory; exactly one of get and set.
  const offset = uintParam(params, P.offset, 'offset');
  if (offset === undefined) throw invalid('offset is required');
  const count = uintParam(params, P.get, 'get');
  const fragment = bytesParam(params, P.set, 'set');
  if (count === undefined && fragment === undefined) throw invalid('one of get or set is required');
  if (count !== undefined && fragment !== undefined) throw invalid('get and set cannot be combined');
  return count !== undefined ? get(state, params, count, offset) : set(state, params, fragment!, offset);
};
