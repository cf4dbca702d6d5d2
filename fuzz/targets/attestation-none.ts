/**
 * Fuzz target: the `none` attestation statement format (WebAuthn L3 section 8) through
 * verifyRegistration, on mutated attestationObjects and clientDataJSON (see harness/registration.ts).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { fuzzRegistration, registrationOptions } from '../harness/registration.js';

/** Target options. */
export const options: TargetOptions = registrationOptions('none', []);

/** Verify one mutated none registration. */
export function fuzz(data: Buffer): Promise<void> {
  return fuzzRegistration(data);
}
