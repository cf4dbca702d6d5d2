/**
 * The input format of the ctaphid target: a stream of 65-byte frames, each a control byte and a
 * 64-byte input report (a short last frame is zero-padded). Control bits:
 * - bit 0: which client sends the report (source A or B);
 * - bit 1: replace the report's CID with a channel the device allocated (bits 2-4 pick which), so
 *   mutants talk on live channels although CIDs are random;
 * - bit 5: let the event loop run after the report (CBOR/MSG jobs finish, replies come out);
 * - bit 6: the client disconnects after the report (HidDevice.detach);
 * - bit 7 (first frame only): emulate `generic` (CTAP2 only) instead of `yubikey-5-nfc` (U2F too).
 * @module
 */

/** Bytes per frame: control byte + report. */
export const FRAME_SIZE = 65;

/** Control bits. */
export const Ctl = { SOURCE_B: 0x01, LIVE_CID: 0x02, YIELD: 0x20, DETACH: 0x40, GENERIC: 0x80 } as const;

/** One frame of the stream. */
export interface Frame {
  ctl: number;
  report: Uint8Array;
}

/** Encode frames into a stream. */
export function encodeFrames(frames: readonly Frame[]): Uint8Array {
  const out = new Uint8Array(frames.length * FRAME_SIZE);
  frames.forEach((f, i) => {
    out[i * FRAME_SIZE] = f.ctl;
    out.set(f.report.subarray(0, 64), i * FRAME_SIZE + 1);
  });
  return out;
}

/** Decode a stream into frames. */
export function decodeFrames(data: Uint8Array): Frame[] {
  const frames: Frame[] = [];
  for (let pos = 0; pos < data.length; pos += FRAME_SIZE) {
    const report = new Uint8Array(64);
    report.set(data.subarray(pos + 1, Math.min(pos + FRAME_SIZE, data.length)));
    frames.push({ ctl: data[pos] as number, report });
  }
  return frames;
}
