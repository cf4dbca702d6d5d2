/**
 * Fuzzed report streams (seeded): random and mutated reports from three clients end in CTAPHID
 * errors or valid replies, never a throw or a stuck device.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { HidDevice } from './device.js';
import { encodeMessage, parsePacket } from './packet.js';
import { BROADCAST_CID, CtapHidCommand as Cmd, CtapHidErrorCode, MAX_MESSAGE_SIZE, REPORT_SIZE } from './commands.js';

/** mulberry32: a small seeded PRNG, so a failure replays. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}

// MSG: yubikey-5-nfc lists U2F_V2, so the device answers CTAPHID_MSG (CTAP 2.1 11.2.9.1.1).
const REPLY_CMDS = new Set<number>([Cmd.PING, Cmd.INIT, Cmd.WINK, Cmd.LOCK, Cmd.CBOR, Cmd.MSG, Cmd.KEEPALIVE, Cmd.ERROR]);
const ERROR_CODES = new Set<number>(Object.values(CtapHidErrorCode));

describe('CTAPHID fuzz', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 1500 random/mutated reports, then INIT + PING still work`, async () => {
      const rnd = prng(seed);
      const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'fuzz' });
      const out: Uint8Array[] = [];
      const device = new HidDevice<string>({ authenticator, output: (r) => out.push(r), transactionTimeoutMs: 40 });
      const cids: number[] = [BROADCAST_CID, 0];
      const clients = ['a', 'b', 'c'];
      const seen = new Set<string>();
      const cmds = [...Object.values(Cmd), 0x00, 0x02, 0x40, 0x7f];
      const cbor = [Uint8Array.of(4), Uint8Array.of(1, 0xa0), Uint8Array.of(2, 0xa1, 1, 0x61, 0x78), Uint8Array.of(7), Uint8Array.of(0x0b), Uint8Array.of(0x99, 0xff)];
      // U2F APDUs: VERSION, REGISTER, AUTHENTICATE check-only with an unknown key handle, a bad CLA, a short header.
      const apdus = [Uint8Array.of(0, 3, 0, 0), Uint8Array.of(0, 1, 0, 0, 64, ...new Uint8Array(64)), Uint8Array.of(0, 2, 7, 0, 66, ...new Uint8Array(65), 1), Uint8Array.of(0x80, 3, 0, 0), Uint8Array.of(0, 2)];

      for (let i = 0; i < 1500; i++) {
        const from = rnd.pick(clients);
        const kind = rnd.int(8);
        let reports: Uint8Array[];
        if (kind === 0) {
          reports = [Uint8Array.from({ length: REPORT_SIZE }, () => rnd.int(256))];
        } else if (kind === 1) {
          reports = encodeMessage(BROADCAST_CID, Cmd.INIT, Uint8Array.from({ length: 8 }, () => rnd.int(256)));
        } else {
          const cid = rnd.pick(cids);
          const cmd = rnd.pick(cmds);
          const size = rnd.pick([0, 1, 8, 57, 58, 200, 1000, MAX_MESSAGE_SIZE]);
          const wellFormed = rnd.next() < 0.7;
          const payload =
            wellFormed && cmd === Cmd.CBOR ? rnd.pick(cbor)
            : wellFormed && cmd === Cmd.MSG ? rnd.pick(apdus)
            : wellFormed && cmd === Cmd.LOCK ? Uint8Array.of(rnd.pick([0, 1, 2, 11, 11]))
            : wellFormed && cmd === Cmd.WINK ? new Uint8Array(0)
            : Uint8Array.from({ length: size }, () => rnd.int(256));
          reports = encodeMessage(cid, cmd, payload);
          if (kind === 3) reports = reports.filter(() => rnd.next() < 0.8); // drop packets
          if (kind === 4 && reports.length > 1) reports.splice(1 + rnd.int(reports.length - 1), 0, reports[rnd.int(reports.length)]!); // duplicate
          if (kind === 5) reports = reports.map((r) => (rnd.next() < 0.2 ? r.map((b) => (rnd.next() < 0.05 ? rnd.int(256) : b)) : r)); // flip bytes
          if (kind === 6) reports = reports.slice(0, 1 + rnd.int(reports.length)); // truncate the message
        }
        for (const r of reports) expect(() => device.receive(r, from)).not.toThrow();
        if (rnd.next() < 0.05) device.detach(rnd.pick(clients));
        if (rnd.next() < 0.2) await vi.advanceTimersByTimeAsync(rnd.int(60));
        // Learn the channels the device hands out, so later packets hit live channels.
        for (const r of out.splice(0)) {
          expect(r.length).toBe(REPORT_SIZE);
          const p = parsePacket(r);
          if (p.type !== 'init') continue;
          expect(REPLY_CMDS.has(p.cmd)).toBe(true);
          seen.add(p.cmd === Cmd.ERROR ? `error ${p.data[0]}` : `cmd ${p.cmd}`);
          if (p.cmd === Cmd.ERROR) expect(ERROR_CODES.has(p.data[0]!)).toBe(true);
          if (p.cmd === Cmd.INIT && p.bcnt === 17) cids.push(new DataView(p.data.buffer, p.data.byteOffset).getUint32(8));
        }
      }

      // The stream reached every reply and the common errors, not just one early rejection.
      for (const kind of [Cmd.INIT, Cmd.PING, Cmd.CBOR, Cmd.MSG, Cmd.WINK, Cmd.LOCK]) expect(seen).toContain(`cmd ${kind}`);
      for (const code of [1, 2, 3, 4, 6, 0x0b]) expect(seen).toContain(`error ${code}`);
      await vi.advanceTimersByTimeAsync(11_000); // any lock and transaction expire
      await vi.waitFor(() => expect(device.busy).toBe(false));
      out.length = 0;
      const nonce = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
      device.receive(encodeMessage(BROADCAST_CID, Cmd.INIT, nonce)[0]!, 'z');
      expect(out).toHaveLength(1);
      const init = parsePacket(out[0]!);
      expect(init).toMatchObject({ cid: BROADCAST_CID, cmd: Cmd.INIT, bcnt: 17 });
      expect(init.data.subarray(0, 8)).toEqual(nonce);
      const cid = new DataView(init.data.buffer, init.data.byteOffset).getUint32(8);
      device.receive(encodeMessage(cid, Cmd.PING, Uint8Array.of(42))[0]!, 'z');
      expect(parsePacket(out[1]!)).toMatchObject({ cid, cmd: Cmd.PING, bcnt: 1 });
      expect(out[1]![7]).toBe(42);
    });
  }
});
