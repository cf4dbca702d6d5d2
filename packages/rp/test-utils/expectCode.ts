/**
 * Test-only assertion: a promise rejects with a VerificationError carrying `code`.
 * @module
 */
import { expect } from 'vitest';
import { VerificationError, type VerificationErrorCodeValue } from '../src/index.js';

/** Awaits `promise` and asserts it rejected with a {@link VerificationError} whose code is `code`; returns the error. */
export async function expectCode(promise: Promise<unknown>, code: VerificationErrorCodeValue): Promise<VerificationError> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(error, `expected rejection with ${code}`).toBeInstanceOf(VerificationError);
  const ve = error as VerificationError;
  expect(ve.name).toBe('VerificationError');
  expect(ve.code, ve.message).toBe(code);
  expect(ve.message.length).toBeGreaterThan(0);
  return ve;
}

/** Runs `fn`, asserts it threw a {@link VerificationError} with `code` (and, when given, a message containing `mentions`). */
export function expectThrowCode(fn: () => unknown, code: VerificationErrorCodeValue, mentions?: string): VerificationError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error instanceof VerificationError && error.code === code, `expected ${code}, got ${String(error)}`).toBe(true);
  if (mentions !== undefined) expect((error as Error).message).toContain(mentions);
  return error as VerificationError;
}
