/**
 * Fuzz target: the `tpm` attestation statement format (WebAuthn L3 section 8) through
 * verifyRegistration, on mutated attestationObjects and clientDataJSON (see harness/registration.ts).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { fuzzRegistration, registrationOptions } from '../harness/registration.js';

/** Target options. */
export const options: TargetOptions = registrationOptions('tpm', ['2.23.133.8.3', 'id:4E544300', 'TPM']);

/** Verify one mutated tpm registration. */
export function fuzz(data: Buffer): Promise<void> {
  return fuzzRegistration(data);
}
