/**
 * Field readers for policy JSON: each checks one field's type and throws a {@link PolicyError} naming its
 * JSON path; unknown members become warnings (Graph adds properties over time, so they are not errors).
 * @module
 */
import { PolicyError } from './policyError.js';

/** A non-fatal finding about a policy file. */
export interface PolicyWarning {
  /** Stable code, e.g. `UNKNOWN_FIELD`, `EMPTY_ALLOW_LIST`. */
  code: string;
  message: string;
  /** JSON path of the field. */
  path: string;
}

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object. */
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const invalid = (path: string, message: string): PolicyError => new PolicyError('ERR_POLICY_INVALID', message, { path });

/** The value as an object, or throws. */
export function objectAt(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw invalid(path, 'must be a json object');
  return value;
}

/** A required non-empty string. */
export function stringAt(obj: JsonObject, key: string, path: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v.trim() === '') throw invalid(`${path}.${key}`, v === undefined ? 'is required' : 'must be a non-empty string');
  return v;
}

/** An optional boolean. */
export function optionalBooleanAt(obj: JsonObject, key: string, path: string): boolean | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw invalid(`${path}.${key}`, 'must be true or false');
  return v;
}

/** A required boolean. */
export function booleanAt(obj: JsonObject, key: string, path: string): boolean {
  const v = optionalBooleanAt(obj, key, path);
  if (v === undefined) throw invalid(`${path}.${key}`, 'is required (true or false)');
  return v;
}

/** A required value from a fixed set. */
export function enumAt<const T extends string>(obj: JsonObject, key: string, allowed: readonly T[], path: string): T {
  const v = obj[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    const got = v === undefined ? 'it is missing' : `got ${JSON.stringify(v)}`;
    throw invalid(`${path}.${key}`, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; ${got}`);
  }
  return v as T;
}

/** An optional array (absent: undefined). */
export function optionalArrayAt(obj: JsonObject, key: string, path: string): unknown[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalid(`${path}.${key}`, 'must be an array');
  return v;
}

/** A required array of strings. */
export function stringArrayAt(obj: JsonObject, key: string, path: string): string[] {
  const v = optionalArrayAt(obj, key, path);
  if (v === undefined) throw invalid(`${path}.${key}`, 'is required (an array of strings)');
  return v.map((item, i) => {
    if (typeof item !== 'string') throw invalid(`${path}.${key}[${i}]`, 'must be a string');
    return item;
  });
}

/**
 * Warns about members that are neither known nor OData annotations (`@odata.type`, `x@odata.context`).
 * @param warnings collects the warnings
 */
export function warnUnknown(obj: JsonObject, known: readonly string[], path: string, warnings: PolicyWarning[]): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key) || key.startsWith('@') || key.includes('@odata.')) continue;
    warnings.push({ code: 'UNKNOWN_FIELD', message: `unknown field '${key}' is ignored`, path: `${path}.${key}` });
  }
}
