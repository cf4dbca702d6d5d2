/**
 * Fuzz target: the `packed` attestation statement format (WebAuthn L3 section 8) through
 * verifyRegistration, on mutated attestationObjects and clientDataJSON (see harness/registration.ts).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { fuzzRegistration, registrationOptions } from '../harness/registration.js';

/** Target options. */
export const options: TargetOptions = registrationOptions('packed', ['1.3.6.1.4.1.45724.1.1.4']);

/** Verify one mutated packed registration. */
export function fuzz(data: Buffer): Promise<void> {
  return fuzzRegistration(data);
}
