/**
 * PIN composition rules (CTAP 2.1 6.5.1 "PIN Composition Requirements": at least the current
 * minimum PIN length in Unicode code points, at most 63 bytes of UTF-8) and the padded newPin format
 * of setPIN / changePIN (6.5.5.5 steps 7-10, 6.5.5.6 steps 10-14).
 * @module
 */
import { createHash } from 'node:crypto';
import { CtapError, CtapStatus } from '../status.js';

/** Length of the decrypted, zero-padded newPin (CTAP 2.1 6.5.5.5 step 7: "If paddedNewPin is NOT 64 bytes long"). */
export const PADDED_PIN_LENGTH = 64;
/** Longest PIN in UTF-8 bytes (CTAP 2.1 6.5.1: "Maximum PIN Length: 63 bytes"). */
export const MAX_PIN_BYTES = 63;

/** A PIN that satisfies the policy, as stored (CTAP 2.1 6.5.5.5 steps 11-12). */
export interface AcceptedPin {
  /** LEFT(SHA-256(newPin), 16): CurrentStoredPIN. Secret. */
  hash: Uint8Array;
  /** Length in Unicode code points: PINCodePointLength. */
  codePoints: number;
}

/** LEFT(SHA-256(pin), 16), the form in which a PIN is stored and sent (pinHashEnc). */
export function pinHash(pin: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(pin).digest().subarray(0, 16));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Check a PIN's UTF-8 bytes against the policy (CTAP 2.1 6.5.5.5 steps 9-10).
 * @param pin - the PIN without padding
 * @param minPinLength - current minimum length in code points
 * @throws CtapError CTAP2_ERR_PIN_POLICY_VIOLATION (too short, longer than 63 bytes, not UTF-8, contains NUL)
 */
export function acceptPin(pin: Uint8Array, minPinLength: number): AcceptedPin {
  let text: string;
  try {
    text = utf8.decode(pin);
  } catch (cause) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION, 'the new PIN is not valid UTF-8', { cause });
  }
  const codePoints = [...text].length;
  if (codePoints < minPinLength) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION, `the new PIN has ${codePoints} code points; the minimum PIN length is ${minPinLength}`);
  }
  // Step 10 "additional constraints": 6.5.1's 63-byte maximum, and no NUL (it would be taken for padding).
  if (pin.length > MAX_PIN_BYTES) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION, `the new PIN is ${pin.length} bytes of UTF-8; the maximum is ${MAX_PIN_BYTES}`);
  }
  if (pin.includes(0)) throw new CtapError(CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION, 'the new PIN contains a NUL character');
  return { hash: pinHash(pin), codePoints };
}

/**
 * Unpad and check a decrypted newPinEnc (CTAP 2.1 6.5.5.5 steps 7-10, 6.5.5.6 steps 10-14).
 * @param padded - decrypt(shared secret, newPinEnc)
 * @param minPinLength - current minimum length in code points
 * @throws CtapError CTAP1_ERR_INVALID_PARAMETER when it is not 64 bytes, CTAP2_ERR_PIN_POLICY_VIOLATION per {@link acceptPin}
 */
export function acceptPaddedPin(padded: Uint8Array, minPinLength: number): AcceptedPin {
  if (padded.length !== PADDED_PIN_LENGTH) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, `newPinEnc must decrypt to ${PADDED_PIN_LENGTH} bytes (the PIN padded with zeros), got ${padded.length}`);
  }
  // Step 8: drop all trailing 0x00 bytes.
  let end = padded.length;
  while (end > 0 && padded[end - 1] === 0) end--;
  return acceptPin(padded.subarray(0, end), minPinLength);
}
