/**
 * Test-only: what the @vfido/rp interop tests share: the RP's origin and ID, and the typed-error assertion.
 * @module
 */
import { expect } from 'vitest';
import { isVerificationError, type VerificationError, type VerificationErrorCodeValue } from '@vfido/rp';

/** The origin the vfido client reports, and the RP ID the options and verifiers use. */
export const ORIGIN = 'https://login.example.com';
export const RP_ID = 'example.com';
/** Attestation types whose x5c chains to a vendor root (the others are self or none). */
export const CHAINED = ['basic', 'attca', 'anonca'];

/** Awaits `promise`, asserts it rejected with a VerificationError carrying `code`, and returns the error. */
export async function expectCode(promise: Promise<unknown>, code: VerificationErrorCodeValue): Promise<VerificationError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(isVerificationError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  return error as VerificationError;
}
