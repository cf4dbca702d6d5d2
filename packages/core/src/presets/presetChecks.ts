/**
 * Small typed checks the preset validator is built from. Each takes a `fail` callback bound to one
 * preset, so every error names the preset and the dotted field path. Internal to presets/.
 * @module
 */
import { PresetError } from './presetError.js';

/** Throws `ERR_INVALID_PRESET` for `field` with a short description of the problem. */
export type Fail = (field: string, problem: string) => never;

/**
 * A {@link Fail} bound to one preset id.
 * @param presetId - id of the preset being checked (or a placeholder when the id itself is bad)
 */
export function failFor(presetId: string): Fail {
  return (field, problem) => {
    throw new PresetError('ERR_INVALID_PRESET', `preset '${presetId}': ${field} ${problem}`, { presetId, field });
  };
}

/** True for a plain (non-array, non-null) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as an object, or fail. */
export function expectRecord(fail: Fail, field: string, value: unknown): Record<string, unknown> {
  if (!isRecord(value)) fail(field, 'must be an object');
  return value;
}

/** Fail when `obj` has a key outside `allowed` (catches typos in hand-edited JSON). */
export function expectOnlyKeys(fail: Fail, field: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(field ? `${field}.${key}` : key, `is not a known field (known: ${allowed.join(', ')})`);
  }
}

/** A non-empty string, or fail. */
export function expectString(fail: Fail, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') fail(field, 'must be a non-empty string');
  return value;
}

/** A boolean, or fail. */
export function expectBoolean(fail: Fail, field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(field, 'must be true or false');
  return value;
}

/** An integer in [min, max], or fail. */
export function expectInteger(fail: Fail, field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * An array of distinct values, each in `allowed` when given; non-empty unless `allowEmpty`.
 * @returns the array, typed as `T[]`
 */
export function expectList<T extends string | number>(
  fail: Fail,
  field: string,
  value: unknown,
  allowed?: readonly T[],
  allowEmpty = false,
): T[] {
  if (!Array.isArray(value)) fail(field, 'must be an array');
  if (value.length === 0 && !allowEmpty) fail(field, 'must not be empty');
  const seen = new Set<unknown>();
  for (const item of value as unknown[]) {
    if (allowed ? !allowed.includes(item as T) : typeof item !== 'string' || item === '') {
      fail(field, `has unsupported value ${JSON.stringify(item)}${allowed ? ` (allowed: ${allowed.join(', ')})` : ''}`);
    }
    if (seen.has(item)) fail(field, `lists ${JSON.stringify(item)} twice`);
    seen.add(item);
  }
  return value as T[];
}

/** True when both lists hold the same members, in any order. */
export function sameMembers(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
