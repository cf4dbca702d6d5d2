/**
 * Typed readers for CTAP2 request parameter maps: wrong types give CTAP2_ERR_CBOR_UNEXPECTED_TYPE,
 * absent required members CTAP2_ERR_MISSING_PARAMETER (CTAP 2.1 section 8, 6.1.2 step 1).
 * @module
 */
import type { CborMap, CborValue } from '../cbor/types.js';
import { CtapError, CtapStatus } from './status.js';

const unexpected = (what: string): CtapError => new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, what);
const missing = (what: string): CtapError => new CtapError(CtapStatus.CTAP2_ERR_MISSING_PARAMETER, what);

/** True for a CBOR map as decoded (a `Map`). */
export function isMap(v: CborValue): v is CborMap {
  return v instanceof Map;
}

/** Read a parameter: `required` throws MISSING_PARAMETER when absent. */
function read<T extends CborValue>(m: CborMap, key: number | string, name: string, required: boolean, check: (v: CborValue) => v is T, type: string): T | undefined {
  const v = m.get(key);
  if (v === undefined) {
    if (required) throw missing(`${name} is required`);
    return undefined;
  }
  if (!check(v)) throw unexpected(`${name} must be ${type}`);
  return v;
}

const isBytes = (v: CborValue): v is Uint8Array => v instanceof Uint8Array;
const isText = (v: CborValue): v is string => typeof v === 'string';
const isInt = (v: CborValue): v is number => typeof v === 'number' && Number.isInteger(v);
const isBool = (v: CborValue): v is boolean => typeof v === 'boolean';
const isArray = (v: CborValue): v is CborValue[] => Array.isArray(v);

/** Byte-string parameter. */
export function bytesParam(m: CborMap, key: number | string, name: string, required: true): Uint8Array;
export function bytesParam(m: CborMap, key: number | string, name: string, required?: false): Uint8Array | undefined;
export function bytesParam(m: CborMap, key: number | string, name: string, required = false): Uint8Array | undefined {
  return read(m, key, name, required, isBytes, 'a byte string');
}

/** Text-string parameter. */
export function textParam(m: CborMap, key: number | string, name: string, required: true): string;
export function textParam(m: CborMap, key: number | string, name: string, required?: false): string | undefined;
export function textParam(m: CborMap, key: number | string, name: string, required = false): string | undefined {
  return read(m, key, name, required, isText, 'a text string');
}

/** Integer parameter. */
export function intParam(m: CborMap, key: number | string, name: string, required: true): number;
export function intParam(m: CborMap, key: number | string, name: string, required?: false): number | undefined;
export function intParam(m: CborMap, key: number | string, name: string, required = false): number | undefined {
  return read(m, key, name, required, isInt, 'an integer');
}

/** Map parameter. */
export function mapParam(m: CborMap, key: number | string, name: string, required: true): CborMap;
export function mapParam(m: CborMap, key: number | string, name: string, required?: false): CborMap | undefined;
export function mapParam(m: CborMap, key: number | string, name: string, required = false): CborMap | undefined {
  return read(m, key, name, required, isMap, 'a map');
}

/** Array parameter. */
export function arrayParam(m: CborMap, key: number | string, name: string, required: true): CborValue[];
export function arrayParam(m: CborMap, key: number | string, name: string, required?: false): CborValue[] | undefined;
export function arrayParam(m: CborMap, key: number | string, name: string, required = false): CborValue[] | undefined {
  return read(m, key, name, required, isArray, 'an array');
}

/** Boolean member of an options map. */
export function boolParam(m: CborMap, key: string, name: string): boolean | undefined {
  return read(m, key, name, false, isBool, 'a boolean');
}

/**
 * A PublicKeyCredentialDescriptor list (excludeList/allowList, CTAP 2.1 6.1 / 6.2): entries whose
 * type is not "public-key" are ignored, malformed entries are rejected.
 */
export function descriptorList(m: CborMap, key: number, name: string): Uint8Array[] | undefined {
  const list = arrayParam(m, key, name);
  if (!list) return undefined;
  const ids: Uint8Array[] = [];
  for (const [i, entry] of list.entries()) {
    if (!isMap(entry)) throw unexpected(`${name}[${i}] must be a map`);
    const type = textParam(entry, 'type', `${name}[${i}].type`, true);
    const id = bytesParam(entry, 'id', `${name}[${i}].id`, true);
    if (type === 'public-key') ids.push(id);
  }
  return ids;
}
