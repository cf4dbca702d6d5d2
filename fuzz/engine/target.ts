/**
 * The fuzz-target contract (libFuzzer style, as Jazzer.js runs it): a module exporting
 * `fuzz(data)` that returns normally for every input the code under test handles correctly, and
 * throws (or rejects) only on a finding: an exception that is not one of the code's typed errors,
 * or a broken invariant. Helpers here keep the targets short.
 * @module
 */
import type { PartKind } from './mutate.js';

/** Options a target module exports as `options`. */
export interface TargetOptions {
  /** One-line description for the run report. */
  description: string;
  /** Part kinds of a multi-part input (see parts.ts); default one `bytes` part. */
  parts?: readonly PartKind[];
  /** Largest input the mutator produces (default 4096 bytes). */
  maxLen?: number;
  /** Tokens worth inserting. */
  dictionary?: readonly (string | Uint8Array)[];
  /** Mutations in the quick run inside `npm test` (default 3000). */
  quickRuns?: number;
  /** Time cap of the quick run inside `npm test`, seconds (default 1.5). */
  quickSeconds?: number;
  /**
   * An input slower than this is a hang (default: the run's limit, 1000 ms). Only for targets whose
   * legitimate work is slow, e.g. an RSA-2048 key generation in makeCredential.
   */
  timeoutMs?: number;
}

/** A loaded target module. */
export interface TargetModule {
  /** Runs one input; throws only on a finding. */
  fuzz(data: Buffer): void | Promise<void>;
  options: TargetOptions;
}

/** Thrown by a target when an invariant does not hold (a finding, not an input error). */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

/** Assert an invariant of the code under test. */
export function invariant(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantViolation(typeof message === 'string' ? message : message());
}

/** A class of error the code under test documents for bad input. */
export type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Rethrow `error` unless it is an instance of one of `allowed` with a non-empty message (and, when
 * it has a `code`, a string one): the "only typed errors escape" invariant.
 */
export function onlyTyped(error: unknown, ...allowed: ErrorClass[]): void {
  if (!allowed.some((c) => error instanceof c)) throw error;
  const e = error as Error & { code?: unknown };
  if (typeof e.message !== 'string' || e.message.length === 0) throw new InvariantViolation(`${e.name} with an empty message`, { cause: error });
  if ('code' in e && e.code !== undefined && typeof e.code !== 'string' && typeof e.code !== 'number') {
    throw new InvariantViolation(`${e.name} with a non-string code`, { cause: error });
  }
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Deep equality for decoded CBOR/JSON values (Map, arrays, bytes, bigint, NaN-aware). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  // an integral number beyond 2^53 encodes as a CBOR integer and decodes as the same value in a bigint
  if (typeof a === 'number' && typeof b === 'bigint') return Number.isInteger(a) && BigInt(a) === b;
  if (typeof a === 'bigint' && typeof b === 'number') return Number.isInteger(b) && BigInt(b) === a;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return bytesEqual(a, b);
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    const unmatched = [...b.entries()];
    for (const [k, v] of a) {
      // keys match by value: 1 and 1n, or two arrays with the same items (rp's decoder allows those)
      const i = unmatched.findIndex(([kb]) => deepEqual(k, kb));
      if (i < 0 || !deepEqual(v, unmatched[i]![1])) return false;
      unmatched.splice(i, 1);
    }
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !(a instanceof Uint8Array) && !(b instanceof Uint8Array)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Run `fn` on a copy-checked input: the code under test must not modify what it parses. */
export function unmodified(data: Uint8Array, fn: () => void): void {
  const before = Uint8Array.from(data);
  try {
    fn();
  } finally {
    invariant(bytesEqual(before, data), 'the input buffer was modified');
  }
}

/** Same as {@link unmodified} for async code. */
export async function unmodifiedAsync(data: Uint8Array, fn: () => Promise<void>): Promise<void> {
  const before = Uint8Array.from(data);
  try {
    await fn();
  } finally {
    invariant(bytesEqual(before, data), 'the input buffer was modified');
  }
}
