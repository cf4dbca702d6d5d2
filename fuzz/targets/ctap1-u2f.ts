/**
 * Fuzz target: CTAP1/U2F request APDUs (FIDO U2F Raw Message Formats v1.2; what CTAPHID_MSG
 * carries, CTAP 2.1 11.2.9.1.1) through VirtualAuthenticator.handleU2f on U2F-speaking and
 * CTAP2-only presets. Invariants: an answer always comes back (response data || SW1 SW2, never a
 * throw); the status word is one ISO 7816-4 / U2F defines; errors carry no data; an
 * SW_UNKNOWN answer is replayed through requestU2f and must not be an "internal error"; a failed
 * request leaves the credentials as they were.
 * @module
 */
import { credentialToJSON } from '../../packages/core/src/index.js';
import { StatusWord } from '../../packages/core/src/ctap1/index.js';
import { splitParts } from '../engine/parts.js';
import { invariant, InvariantViolation, type TargetOptions } from '../engine/target.js';
import { freshAuthenticator, selection } from '../harness/ctap2.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'CTAP1/U2F APDUs via handleU2f: answer always, known status words, no change on failure',
  parts: ['bytes', 'bytes'],
  maxLen: 4096,
  dictionary: [Uint8Array.of(0x00, 0x01, 0x03, 0x00), Uint8Array.of(0x00, 0x02, 0x03, 0x00), Uint8Array.of(0x00, 0x02, 0x07, 0x00), Uint8Array.of(0x00, 0x02, 0x08, 0x00), Uint8Array.of(0x00, 0x03, 0x00, 0x00), Uint8Array.of(0x00, 0x00, 0x40), Uint8Array.of(0x00, 0x00)],
};

const WORDS = new Set<number>(Object.values(StatusWord));

/** Send one APDU. */
export async function fuzz(data: Buffer): Promise<void> {
  const [selector, apdu] = splitParts(data, 2) as [Uint8Array, Uint8Array];
  // U2F-speaking presets are 0 (yubikey-5-nfc), 2 (titan), 5, 6, 7; the rest must refuse politely
  const sel = selection(selector[0] ?? 0);
  const authenticator = await freshAuthenticator(sel);
  const before = JSON.stringify(authenticator.store.list().map(credentialToJSON));
  let response: Uint8Array;
  try {
    response = await authenticator.handleU2f(apdu);
  } catch (error) {
    throw new InvariantViolation(`handleU2f threw: ${(error as Error).message}`, { cause: error });
  }
  invariant(response instanceof Uint8Array && response.length >= 2, 'no status word');
  const sw = ((response[response.length - 2] as number) << 8) | (response[response.length - 1] as number);
  invariant(WORDS.has(sw), () => `unknown status word 0x${sw.toString(16)}`);
  if (sw !== StatusWord.SW_NO_ERROR) {
    invariant(response.length === 2, 'an error status word carries data');
    invariant(JSON.stringify(authenticator.store.list().map(credentialToJSON)) === before, 'a failed U2F request changed the stored credentials');
  }
  if (sw === StatusWord.SW_UNKNOWN) {
    const outcome = await (await freshAuthenticator(sel)).requestU2f(apdu);
    if (outcome.error?.message.startsWith('internal error')) throw new InvariantViolation(`${sel.preset}: ${outcome.error.message}`, { cause: outcome.error.cause });
  }
}
