/**
 * Test-only shortcut: craft a registration and verify it with the default expectations.
 * @module
 */
import { verifyRegistration, type RegistrationVerification, type VerifyRegistrationOptions } from '../src/index.js';
import { CHALLENGE, craftRegistration, ORIGIN, RP_ID, type RegistrationOptions } from './ceremony.js';

/** Crafts a registration with `o` and verifies it, with `extra` verifier options. */
export function verifyCrafted(o: RegistrationOptions = {}, extra: Partial<VerifyRegistrationOptions> = {}): Promise<RegistrationVerification> {
  const { response } = craftRegistration(o);
  return verifyRegistration({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID, ...extra });
}
