/**
 * Fuzz target: the `android-key` attestation statement format (WebAuthn L3 section 8) through
 * verifyRegistration, on mutated attestationObjects and clientDataJSON (see harness/registration.ts).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { fuzzRegistration, registrationOptions } from '../harness/registration.js';

/** Target options. */
export const options: TargetOptions = registrationOptions('android-key', ['1.3.6.1.4.1.11129.2.1.17']);

/** Verify one mutated android-key registration. */
export function fuzz(data: Buffer): Promise<void> {
  return fuzzRegistration(data);
}
