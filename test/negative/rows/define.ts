/**
 * Test-only: compact row constructors.
 * @module
 */
import type { VerificationErrorCodeValue } from '@vfido/rp';
import type { AuthenticationFixture, RegistrationFixture } from '../fixtures.js';
import type { AuthenticationRow, RegistrationRow, Verdict } from '../types.js';

type Outcome = VerificationErrorCodeValue | 'accept';
type RegistrationExtra = Omit<RegistrationRow, 'target' | 'format' | 'name' | 'spec' | 'rp' | 'swa'>;
type AuthenticationExtra = Omit<AuthenticationRow, 'target' | 'format' | 'name' | 'spec' | 'rp' | 'swa'>;

/** Rows over the valid registration of `format`. */
export const registrationRows =
  (format: RegistrationFixture) =>
  (name: string, spec: string, rp: Outcome, swa: Verdict | 'n/a', extra: RegistrationExtra = {}): RegistrationRow => ({
    target: 'registration',
    format,
    name: `${format}: ${name}`,
    spec,
    rp,
    swa,
    ...extra,
  });

/** Rows over the valid assertion of `format` (credential algorithm). */
export const authenticationRows =
  (format: AuthenticationFixture) =>
  (name: string, spec: string, rp: Outcome, swa: Verdict | 'n/a', extra: AuthenticationExtra = {}): AuthenticationRow => ({
    target: 'authentication',
    format,
    name: `assertion ${format}: ${name}`,
    spec,
    rp,
    swa,
    ...extra,
  });
