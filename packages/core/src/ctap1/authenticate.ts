/**
 * U2F_AUTHENTICATE (INS 0x02): sign a challenge with a registered key handle, or only check that the
 * key handle is ours (FIDO U2F Raw Message Formats v1.2, "Authentication Messages").
 * @module
 */
import { credentialKeyPair } from '../ctap2/credentialKeys.js';
import { nextSignCount } from '../ctap2/signCounter.js';
import type { AuthenticatorState } from '../ctap2/command.js';
import { signWith } from '../crypto/keyPair.js';
import type { CommandApdu } from './apdu.js';
import { Ctap1Error, StatusWord } from './status.js';
import { credentialForApplication, type KeyHandleMismatch } from './u2fCredentials.js';
import { testOfUserPresence } from './userPresence.js';

/** U2F_AUTHENTICATE control bytes (P1). */
export const ControlByte = {
  /** Only check whether the key handle was made by this key for this application. */
  CHECK_ONLY: 0x07,
  /** Sign only after test-of-user-presence. */
  ENFORCE_USER_PRESENCE_AND_SIGN: 0x03,
  /** Sign without test-of-user-presence (the user-presence byte of the response is then 0). */
  DONT_ENFORCE_USER_PRESENCE_AND_SIGN: 0x08,
} as const;

const MISMATCH: Record<KeyHandleMismatch, string> = {
  unknown: 'the key handle was not made by this authenticator (bad key handle)',
  'other-application': 'the key handle belongs to a different application parameter (bad key handle)',
  'not-es256': 'the key handle names a credential whose key is not ES256 (P-256), which U2F cannot sign with',
  'uv-required': 'the key handle names a credProtect=userVerificationRequired credential, which U2F cannot use',
};

/**
 * Handle U2F_AUTHENTICATE. Request data: challenge parameter (32) || application parameter (32) ||
 * key handle length (1) || key handle. Response: user presence (1) || counter (4, big-endian) ||
 * ECDSA signature over application parameter || user presence || counter || challenge parameter.
 *
 * Check-only (0x07) answers SW_CONDITIONS_NOT_SATISFIED when the key handle is ours for this
 * application, which despite its name signals success, and SW_WRONG_DATA otherwise.
 * @throws Ctap1Error SW_WRONG_LENGTH (malformed data), SW_WRONG_DATA (bad key handle or control
 *   byte), SW_CONDITIONS_NOT_SATISFIED (check-only hit, or no touch)
 */
export function authenticate(state: AuthenticatorState, apdu: CommandApdu): Uint8Array {
  const { data, p1: control } = apdu;
  if (data.length < 65 || data.length !== 65 + data[64]!) {
    const announced = data.length >= 65 ? `${65 + data[64]!} bytes (a ${data[64]}-byte key handle)` : 'at least 65 bytes';
    throw new Ctap1Error(StatusWord.SW_WRONG_LENGTH, `U2F_AUTHENTICATE data is challenge (32) || application (32) || L (1) || key handle (L): expected ${announced}, got ${data.length}`);
  }
  if (control !== ControlByte.CHECK_ONLY && control !== ControlByte.ENFORCE_USER_PRESENCE_AND_SIGN && control !== ControlByte.DONT_ENFORCE_USER_PRESENCE_AND_SIGN) {
    throw new Ctap1Error(StatusWord.SW_WRONG_DATA, `control byte (P1) 0x${control.toString(16).padStart(2, '0')} is none of 0x07 check-only, 0x03 enforce-user-presence-and-sign, 0x08 dont-enforce-user-presence-and-sign`);
  }
  const challengeParam = data.subarray(0, 32);
  const appParam = data.subarray(32, 64);
  const found = credentialForApplication(state, data.subarray(65), appParam);
  if (control === ControlByte.CHECK_ONLY) {
    if ('credential' in found) throw new Ctap1Error(StatusWord.SW_CONDITIONS_NOT_SATISFIED, 'check-only: the key handle was made by this authenticator for this application (this status signals success)');
    throw new Ctap1Error(StatusWord.SW_WRONG_DATA, `check-only: ${MISMATCH[found.mismatch]}`);
  }
  if (!('credential' in found)) throw new Ctap1Error(StatusWord.SW_WRONG_DATA, MISMATCH[found.mismatch]);
  const { credential } = found;

  let userPresence = 0x00;
  if (control === ControlByte.ENFORCE_USER_PRESENCE_AND_SIGN) {
    testOfUserPresence(state, 'U2F_AUTHENTICATE');
    userPresence = 0x01;
  }
  const counter = nextSignCount(state, credential);
  state.store.setSignCount(credential.id, counter);
  const out = new Uint8Array(5);
  out[0] = userPresence;
  new DataView(out.buffer).setUint32(1, counter);
  const signed = new Uint8Array(32 + 5 + 32);
  signed.set(appParam);
  signed.set(out, 32);
  signed.set(challengeParam, 37);
  const signature = signWith(credentialKeyPair(state, credential), signed);
  const response = new Uint8Array(5 + signature.length);
  response.set(out);
  response.set(signature, 5);
  return response;
}
