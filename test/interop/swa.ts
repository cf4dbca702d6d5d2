/**
 * Test-only: @simplewebauthn/server's verdict on an assertion, with the arguments every interop
 * test passes the same way.
 * @module
 */
import { verifyAuthenticationResponse, type WebAuthnCredential } from '@simplewebauthn/server';

type SwaAuthentication = Parameters<typeof verifyAuthenticationResponse>[0]['response'];

/** What the RP knows: where it runs and the credential as SimpleWebAuthn stored it at registration. */
export interface SwaAssertionContext {
  expectedOrigin: string;
  expectedRPID: string;
  credential: Pick<WebAuthnCredential, 'id' | 'publicKey'>;
  /** Counter from the previous ceremony. */
  counter: number;
  requireUserVerification?: boolean;
}

/** Verify `assertion` (an AuthenticationResponseJSON from vfido, a browser or an RP type) for `expectedChallenge` with SimpleWebAuthn (UV not required unless asked). */
export function verifyAssertionWithSwa(assertion: object, expectedChallenge: string, ctx: SwaAssertionContext) {
  return verifyAuthenticationResponse({
    response: assertion as SwaAuthentication,
    expectedChallenge,
    expectedOrigin: ctx.expectedOrigin,
    expectedRPID: ctx.expectedRPID,
    credential: { ...ctx.credential, counter: ctx.counter },
    requireUserVerification: ctx.requireUserVerification ?? false,
  });
}
