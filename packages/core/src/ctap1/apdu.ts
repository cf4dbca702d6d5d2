/**
 * ISO 7816-4 command and response APDUs as CTAP1/U2F carries them (FIDO U2F Raw Message Formats
 * v1.2, "Request Message Framing" / "Response Message Framing"; CTAP 2.1 section 11.2.9.1.1
 * CTAPHID_MSG carries one APDU each way). Both short and extended length encodings are read.
 * @module
 */
import { Ctap1Error, StatusWord } from './status.js';

/** A parsed command APDU. */
export interface CommandApdu {
  /** Class byte; U2F uses 0x00. */
  readonly cla: number;
  /** Instruction: 0x01 REGISTER, 0x02 AUTHENTICATE, 0x03 VERSION. */
  readonly ins: number;
  /** Parameter 1 (AUTHENTICATE: the control byte). */
  readonly p1: number;
  /** Parameter 2. */
  readonly p2: number;
  /** The command data (Lc bytes; empty when Lc is absent). */
  readonly data: Uint8Array;
  /** Maximum response length the host expects (Ne): 256 or 65536 for an Le of zero; undefined without Le. */
  readonly le: number | undefined;
  /** Whether Lc/Le used the extended (3-byte / 2-byte) encoding. */
  readonly extended: boolean;
}

const wrongLength = (detail: string): Ctap1Error => new Ctap1Error(StatusWord.SW_WRONG_LENGTH, detail);

/**
 * Parse a command APDU in any ISO 7816-4 case (1, 2S/3S/4S, 2E/3E/4E).
 *
 * One lenient reading: an extended Lc of zero followed by a 2-byte Le (`00 00 00 | Le Le`) is taken
 * as "no data", because U2F hosts such as python-fido2 send VERSION that way (ISO 7816-4 has no
 * extended Lc of zero; real U2F keys accept it). Le is recorded but never truncates a response:
 * over HID the whole answer fits one CTAPHID_MSG.
 * @param apdu - the bytes of one command APDU
 * @throws Ctap1Error SW_WRONG_LENGTH when the length fields disagree with the APDU's size
 */
export function parseApdu(apdu: Uint8Array): CommandApdu {
  const n = apdu.length;
  if (n < 4) throw wrongLength(`a command APDU needs at least CLA INS P1 P2 (4 bytes), got ${n}`);
  const header = { cla: apdu[0]!, ins: apdu[1]!, p1: apdu[2]!, p2: apdu[3]! };
  const none = new Uint8Array(0);
  if (n === 4) return { ...header, data: none, le: undefined, extended: false }; // case 1
  const b = apdu[4]!;
  if (n === 5) return { ...header, data: none, le: b || 256, extended: false }; // case 2S
  if (b !== 0) {
    // cases 3S / 4S: Lc of one byte, then data, then an optional one-byte Le
    const rest = n - 5 - b;
    if (rest !== 0 && rest !== 1) throw wrongLength(`short Lc announces ${b} data bytes but ${n - 5} bytes follow it`);
    return { ...header, data: apdu.slice(5, 5 + b), le: rest === 1 ? apdu[n - 1]! || 256 : undefined, extended: false };
  }
  if (n < 7) throw wrongLength(`extended length field is truncated: ${n - 5} of 2 bytes`);
  const u16 = (at: number): number => (apdu[at]! << 8) | apdu[at + 1]!;
  if (n === 7) return { ...header, data: none, le: u16(5) || 65536, extended: true }; // case 2E
  const lc = u16(5);
  if (lc === 0) {
    if (n !== 9) throw wrongLength(`extended Lc of zero must be followed by a 2-byte Le only, got ${n - 7} bytes`);
    return { ...header, data: none, le: u16(7) || 65536, extended: true };
  }
  // cases 3E / 4E: Lc of three bytes (00 Lc1 Lc2), data, then an optional two-byte Le
  const rest = n - 7 - lc;
  if (rest !== 0 && rest !== 2) throw wrongLength(`extended Lc announces ${lc} data bytes but ${n - 7} bytes follow it`);
  return { ...header, data: apdu.slice(7, 7 + lc), le: rest === 2 ? u16(n - 2) || 65536 : undefined, extended: true };
}

/**
 * A response APDU: the response data followed by the status word SW1 SW2.
 * @param data - response data (empty for errors)
 * @param sw - status word, e.g. 0x9000
 */
export function responseApdu(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = (sw >> 8) & 0xff;
  out[data.length + 1] = sw & 0xff;
  return out;
}
