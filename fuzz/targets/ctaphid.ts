/**
 * Fuzz target: CTAPHID packet handling and message reassembly (CTAP 2.1 11.2.4-11.2.9) in
 * HidDevice in front of a VirtualAuthenticator, fed mutated report streams from two clients (see
 * harness/hidStream.ts for the format). Invariants: receive() never throws; every output report is
 * 64 bytes and a reply command CTAPHID defines, errors with a defined error code; and afterwards,
 * once both clients have disconnected, a third client can still INIT a fresh channel and PING on
 * it (the device is never stuck).
 * @module
 */
import { BROADCAST_CID, CtapHidCommand as Cmd, CtapHidErrorCode, HidDevice, REPORT_SIZE, encodeMessage, parsePacket } from '../../packages/core/src/ctaphid/index.js';
import { VirtualAuthenticator } from '../../packages/core/src/index.js';
import { bytesEqual, invariant, InvariantViolation, type TargetOptions } from '../engine/target.js';
import { Ctl, decodeFrames } from '../harness/hidStream.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'HidDevice report streams from two clients: no throw, valid replies, never stuck (INIT+PING after)',
  maxLen: 65 * 48,
  dictionary: [Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x86, 0x00, 0x08), Uint8Array.of(0x90, 0x00), Uint8Array.of(0x81), Uint8Array.of(0x83), Uint8Array.of(0x84, 0x00, 0x01), Uint8Array.of(0x88, 0x00, 0x00), Uint8Array.of(0x91, 0x00, 0x00), Uint8Array.of(0x00), Uint8Array.of(0x01), Uint8Array.of(0x7f)],
  timeoutMs: 10_000, // makeCredential may generate an RSA-2048 key: 0.15-1.5 s, more on a loaded machine
};

const REPLIES = new Set<number>([Cmd.PING, Cmd.MSG, Cmd.LOCK, Cmd.INIT, Cmd.WINK, Cmd.CBOR, Cmd.KEEPALIVE, Cmd.ERROR]);
const ERRORS = new Set<number>(Object.values(CtapHidErrorCode));
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Feed one stream, then prove the device still serves a new client. */
export async function fuzz(data: Buffer): Promise<void> {
  const frames = decodeFrames(data);
  const generic = ((frames[0]?.ctl ?? 0) & Ctl.GENERIC) !== 0;
  const authenticator = new VirtualAuthenticator({ preset: generic ? 'generic' : 'yubikey-5-nfc', seed: 'fuzz' });
  const out: { report: Uint8Array; to: string | undefined }[] = [];
  const device = new HidDevice<string>({ authenticator, output: (report, to) => out.push({ report, to }), transactionTimeoutMs: 200 });
  const channels: number[] = [];
  const drain = (): void => {
    for (const { report } of out.splice(0)) {
      invariant(report instanceof Uint8Array && report.length === REPORT_SIZE, 'an output report is not 64 bytes');
      const p = parsePacket(report);
      if (p.type !== 'init') continue;
      invariant(REPLIES.has(p.cmd), () => `output command 0x${p.cmd.toString(16)} is not a CTAPHID reply`);
      if (p.cmd === Cmd.ERROR) invariant(ERRORS.has(p.data[0] as number), () => `unknown CTAPHID error code ${p.data[0]}`);
      if (p.cmd === Cmd.INIT && p.bcnt >= 17) channels.push(new DataView(p.data.buffer, p.data.byteOffset).getUint32(8));
    }
  };
  try {
    for (const { ctl, report } of frames) {
      const source = ctl & Ctl.SOURCE_B ? 'b' : 'a';
      if (ctl & Ctl.LIVE_CID && channels.length > 0) new DataView(report.buffer).setUint32(0, channels[((ctl >> 2) & 7) % channels.length] as number);
      try {
        device.receive(report, source);
      } catch (error) {
        throw new InvariantViolation(`receive() threw: ${(error as Error).message}`, { cause: error });
      }
      drain();
      if (ctl & Ctl.YIELD) await tick();
      if (ctl & Ctl.DETACH) device.detach(source);
    }
    // Let every request the authenticator accepted finish, and the device answer it.
    await authenticator.handle(Uint8Array.of(0x04));
    await tick();
    drain();
    device.detach('a');
    device.detach('b');
    out.length = 0;

    // A new client: INIT on the broadcast channel, then PING on the channel it gets.
    const nonce = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    for (const r of encodeMessage(BROADCAST_CID, Cmd.INIT, nonce)) device.receive(r, 'c');
    const init = out.map((o) => parsePacket(o.report)).find((p) => p.type === 'init' && p.cmd === Cmd.INIT);
    invariant(init && init.type === 'init' && bytesEqual(init.data.subarray(0, 8), nonce), 'no INIT answer for a new client after the stream');
    const cid = new DataView(init.data.buffer, init.data.byteOffset).getUint32(8);
    out.length = 0;
    const payload = Uint8Array.from({ length: 100 }, (_, i) => i);
    for (const r of encodeMessage(cid, Cmd.PING, payload)) device.receive(r, 'c');
    const packets = out.map((o) => parsePacket(o.report));
    const first = packets[0];
    invariant(first && first.type === 'init' && first.cmd === Cmd.PING && first.bcnt === 100, 'no PING answer on the fresh channel after the stream');
    const echoed = new Uint8Array([...first.data, ...packets.slice(1).flatMap((p) => [...p.data])]).subarray(0, 100);
    invariant(bytesEqual(echoed, payload), 'PING echoed different bytes');
  } finally {
    device.reset();
  }
}
