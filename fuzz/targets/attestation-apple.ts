/**
 * Fuzz target: the `apple` attestation statement format (WebAuthn L3 section 8) through
 * verifyRegistration, on mutated attestationObjects and clientDataJSON (see harness/registration.ts).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { fuzzRegistration, registrationOptions } from '../harness/registration.js';

/** Target options. */
export const options: TargetOptions = registrationOptions('apple', ['1.2.840.113635.100.8.2']);

/** Verify one mutated apple registration. */
export function fuzz(data: Buffer): Promise<void> {
  return fuzzRegistration(data);
}
