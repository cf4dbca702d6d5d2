/**
 * CTAPHID packets: parsing one 64-byte report and splitting a message into reports
 * (CTAP 2.1 section 11.2.4 "Message and packet structure").
 * @module
 */
import { CONT_DATA_SIZE, INIT_DATA_SIZE, MAX_MESSAGE_SIZE, REPORT_SIZE, TYPE_INIT } from './commands.js';

/** An initialization packet: CID, CMD (bit 7 set), BCNTH/BCNTL, up to 57 data bytes. */
export interface InitPacket {
  readonly type: 'init';
  /** Channel identifier. */
  readonly cid: number;
  /** Command code with bit 7 cleared. */
  readonly cmd: number;
  /** Total payload length of the message (BCNT). */
  readonly bcnt: number;
  /** The 57 data bytes of this packet (a view; padding included). */
  readonly data: Uint8Array;
}

/** A continuation packet: CID, SEQ 0..0x7f, 59 data bytes. */
export interface ContPacket {
  readonly type: 'cont';
  /** Channel identifier. */
  readonly cid: number;
  /** Sequence number 0..0x7f. */
  readonly seq: number;
  /** The 59 data bytes of this packet (a view; padding included). */
  readonly data: Uint8Array;
}

/** Either packet kind. */
export type HidPacket = InitPacket | ContPacket;

/**
 * Parse one report. Shorter reports are zero-padded and longer ones cut to {@link REPORT_SIZE},
 * as a HID endpoint with a fixed report size would deliver them; parsing never fails.
 * @param report - one HID report (no report-ID byte)
 */
export function parsePacket(report: Uint8Array): HidPacket {
  let bytes = report;
  if (bytes.length !== REPORT_SIZE) {
    bytes = new Uint8Array(REPORT_SIZE);
    bytes.set(report.subarray(0, REPORT_SIZE));
  }
  // CID is big-endian on the wire, as every host library writes it (python-fido2 `>I`).
  const cid = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const head = bytes[4]!;
  if (head & TYPE_INIT) {
    return { type: 'init', cid, cmd: head & ~TYPE_INIT & 0xff, bcnt: (bytes[5]! << 8) | bytes[6]!, data: bytes.subarray(7) };
  }
  return { type: 'cont', cid, seq: head, data: bytes.subarray(5) };
}

/** Write a big-endian CID into the first four bytes of a report. */
function writeCid(report: Uint8Array, cid: number): void {
  report[0] = (cid >>> 24) & 0xff;
  report[1] = (cid >>> 16) & 0xff;
  report[2] = (cid >>> 8) & 0xff;
  report[3] = cid & 0xff;
}

/**
 * Split a message into zero-padded reports: one initialization packet, then continuation
 * packets with SEQ 0, 1, ... (CTAP 2.1 11.2.4).
 * @param cid - channel identifier
 * @param cmd - command code (bit 7 is set here)
 * @param payload - at most {@link MAX_MESSAGE_SIZE} bytes
 * @throws RangeError when the payload does not fit in one CTAPHID message
 */
export function encodeMessage(cid: number, cmd: number, payload: Uint8Array): Uint8Array[] {
  const bytes = encodeMessageReports(cid, cmd, payload);
  const reports: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += REPORT_SIZE) reports.push(bytes.slice(at, at + REPORT_SIZE));
  return reports;
}

/**
 * {@link encodeMessage}'s reports back to back in one buffer (a multiple of {@link REPORT_SIZE}
 * bytes): what a stream transport writes in one call.
 * @param cid - channel identifier
 * @param cmd - command code (bit 7 is set here)
 * @param payload - at most {@link MAX_MESSAGE_SIZE} bytes
 * @throws RangeError when the payload does not fit in one CTAPHID message
 */
export function encodeMessageReports(cid: number, cmd: number, payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_MESSAGE_SIZE) throw new RangeError(`ctaphid message of ${payload.length} bytes exceeds ${MAX_MESSAGE_SIZE}`);
  const conts = payload.length > INIT_DATA_SIZE ? Math.ceil((payload.length - INIT_DATA_SIZE) / CONT_DATA_SIZE) : 0;
  const out = new Uint8Array(REPORT_SIZE * (1 + conts));
  writeCid(out, cid);
  out[4] = TYPE_INIT | (cmd & 0x7f);
  out[5] = payload.length >>> 8;
  out[6] = payload.length & 0xff;
  out.set(payload.subarray(0, INIT_DATA_SIZE), 7);
  for (let k = 0; k < conts; k++) {
    const report = out.subarray(REPORT_SIZE * (k + 1), REPORT_SIZE * (k + 2));
    const offset = INIT_DATA_SIZE + k * CONT_DATA_SIZE;
    writeCid(report, cid);
    report[4] = k; // SEQ 0, 1, ...
    report.set(payload.subarray(offset, offset + CONT_DATA_SIZE), 5);
  }
  return out;
}
