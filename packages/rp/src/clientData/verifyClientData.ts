/**
 * Client data checks shared by both ceremonies: type, challenge, origin, crossOrigin, topOrigin
 * (WebAuthn L3 7.1 steps 7-11, 7.2 steps 10-14; origin guidance in 13.4.9 "Validating the origin of a credential").
 * @module
 */
import { unpadBase64url } from '../encoding/base64url.js';
import { quote, VerificationError } from '../errors.js';
import type { CollectedClientData } from './parseClientData.js';

/** The expected challenge: base64url text, or a predicate for challenges the RP tracks itself. */
export type ChallengeExpectation = string | ((challenge: string) => boolean | Promise<boolean>);

/** What the RP expects of the client data. */
export interface ClientDataExpectations {
  type: 'webauthn.create' | 'webauthn.get';
  challenge: ChallengeExpectation;
  origin: string | readonly string[];
  /** Top-level origins allowed when the ceremony runs in a cross-origin iframe; absent = cross-origin not expected. */
  topOrigin?: string | readonly string[] | undefined;
}

const asList = (v: string | readonly string[]): readonly string[] => (typeof v === 'string' ? [v] : v);

/**
 * Verifies client data against the RP's expectations.
 * @throws VerificationError ERR_TYPE_MISMATCH, ERR_CHALLENGE_MISMATCH, ERR_ORIGIN_MISMATCH, ERR_CROSS_ORIGIN,
 *   ERR_TOP_ORIGIN_MISMATCH
 */
export async function verifyClientData(c: CollectedClientData, expected: ClientDataExpectations): Promise<void> {
  // 7.1 step 7 / 7.2 step 10
  if (c.type !== expected.type) {
    throw new VerificationError('ERR_TYPE_MISMATCH', `clientData.type is ${quote(c.type)}; expected '${expected.type}'`, {
      details: { expected: expected.type, actual: c.type },
    });
  }
  // 7.1 step 8 / 7.2 step 11
  let challengeOk: boolean;
  if (typeof expected.challenge === 'function') {
    try {
      challengeOk = (await expected.challenge(c.challenge)) === true;
    } catch (cause) {
      throw new VerificationError('ERR_CHALLENGE_MISMATCH', 'the expectedChallenge callback threw; treat as not issued', { cause });
    }
  } else {
    // The client writes the base64url encoding, which has no '=' padding (L3 3 "Base64url Encoding"), and the
    // step is an equality: only the RP's own value may come padded.
    challengeOk = c.challenge === unpadBase64url(expected.challenge);
  }
  if (!challengeOk) {
    throw new VerificationError('ERR_CHALLENGE_MISMATCH', 'clientData.challenge is not the challenge issued for this ceremony', {
      details: { actual: c.challenge },
    });
  }
  // 7.1 step 9 / 7.2 step 12: exact match against the configured origins
  const origins = asList(expected.origin);
  if (!origins.includes(c.origin)) {
    throw new VerificationError('ERR_ORIGIN_MISMATCH', `clientData.origin ${quote(c.origin)} is not an expected origin`, {
      details: { expected: origins, actual: c.origin },
    });
  }
  const topOrigins = expected.topOrigin === undefined ? undefined : asList(expected.topOrigin);
  // 7.1 step 10 / 7.2 step 13
  if (c.crossOrigin === true && topOrigins === undefined) {
    throw new VerificationError(
      'ERR_CROSS_ORIGIN',
      'ceremony ran in a cross-origin iframe; pass expectedTopOrigin to allow embedding',
      { details: { topOrigin: c.topOrigin } },
    );
  }
  // 7.1 step 11 / 7.2 step 14
  if (c.topOrigin !== undefined) {
    if (topOrigins === undefined || !topOrigins.includes(c.topOrigin)) {
      const hint = topOrigins === undefined ? '; pass expectedTopOrigin to allow embedding' : '';
      throw new VerificationError('ERR_TOP_ORIGIN_MISMATCH', `clientData.topOrigin ${quote(c.topOrigin)} is not an expected top-level origin${hint}`, {
        details: { expected: topOrigins ?? [], actual: c.topOrigin },
      });
    }
  }
}
