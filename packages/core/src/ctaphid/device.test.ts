import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { decodeCbor } from '../cbor/index.js';
import { HidDevice, type CtapHidAuthenticator, type HidDeviceOptions } from './device.js';
import { MessageAssembler } from './channel.js';
import { encodeMessage, parsePacket } from './packet.js';
import { BROADCAST_CID, CtapHidCommand as Cmd, CtapHidErrorCode as Err, INIT_DATA_SIZE, KeepaliveStatus, MAX_MESSAGE_SIZE, REPORT_SIZE } from './commands.js';

interface Reply { cid: number; cmd: number; payload: Uint8Array; to: string | undefined }

/** A host driving the device in-process: sends messages as reports, reassembles what comes back. */
function harness(options: Partial<HidDeviceOptions<string>> & { preset?: string } = {}) {
  const authenticator = new VirtualAuthenticator({ preset: options.preset ?? 'yubikey-5-nfc', seed: 'ctaphid' });
  const reports: { report: Uint8Array; to: string | undefined }[] = [];
  const device = new HidDevice<string>({ authenticator, output: (report, to) => reports.push({ report, to }), ...options });
  const send = (cid: number, cmd: number, payload: Uint8Array | number[] = [], from = 'a') => {
    for (const r of encodeMessage(cid, cmd, Uint8Array.from(payload))) device.receive(r, from);
  };
  const replies = (): Reply[] => {
    const out: Reply[] = [];
    let cur: MessageAssembler | undefined;
    for (const { report, to } of reports.splice(0)) {
      expect(report.length).toBe(REPORT_SIZE);
      const p = parsePacket(report);
      if (p.type === 'init') cur = new MessageAssembler(p);
      else expect(cur?.append(p)).toBe(true);
      if (cur?.complete) {
        out.push({ cid: cur.cid, cmd: cur.cmd, payload: cur.payload, to });
        cur = undefined;
      }
    }
    return out;
  };
  const open = (from = 'a'): number => {
    const nonce = [1, 2, 3, 4, 5, 6, 7, 8];
    send(BROADCAST_CID, Cmd.INIT, nonce, from);
    const [r] = replies();
    return new DataView(r!.payload.buffer, r!.payload.byteOffset).getUint32(8);
  };
  const error = (code: number, cid: number) => ({ cid, cmd: Cmd.ERROR, payload: Uint8Array.of(code) });
  return { authenticator, device, send, replies, open, error, reports };
}

const one = (replies: Reply[]) => {
  expect(replies).toHaveLength(1);
  const { cid, cmd, payload } = replies[0]!;
  return { cid, cmd, payload };
};

describe('CTAPHID_INIT (CTAP 2.1 11.2.9.1.3)', () => {
  it('allocates a fresh channel on the broadcast CID and echoes the nonce', () => {
    const h = harness();
    const nonce = [9, 8, 7, 6, 5, 4, 3, 2];
    h.send(BROADCAST_CID, Cmd.INIT, nonce);
    const r = one(h.replies());
    expect(r.cid).toBe(BROADCAST_CID);
    expect(r.cmd).toBe(Cmd.INIT);
    expect(r.payload.length).toBe(17);
    expect([...r.payload.subarray(0, 8)]).toEqual(nonce);
    const cid = new DataView(r.payload.buffer, r.payload.byteOffset).getUint32(8);
    expect(cid).not.toBe(0);
    expect(cid).not.toBe(BROADCAST_CID);
    // protocol 2; YubiKey 5 NFC firmwareVersion 329473 = 0x050701; WINK|CBOR without NMSG: getInfo lists
    // U2F_V2 and the authenticator answers CTAPHID_MSG (handleU2f)
    expect([...r.payload.subarray(12)]).toEqual([2, 5, 7, 1, 0x05]);
    expect(h.open()).not.toBe(cid);
  });

  it('sets NMSG for a preset without U2F_V2', () => {
    const h = harness({ preset: 'generic' });
    expect(h.authenticator.preset.getInfo.versions).not.toContain('U2F_V2');
    h.send(BROADCAST_CID, Cmd.INIT, [0, 0, 0, 0, 0, 0, 0, 0]);
    expect(one(h.replies()).payload[16]).toBe(0x01 | 0x04 | 0x08);
  });

  it('clears NMSG for every preset listing U2F_V2, and only when the authenticator has handleU2f', () => {
    for (const preset of ['yubikey-5-nfc', 'yubikey-5c', 'titan', 'feitian', 'solokey']) {
      const h = harness({ preset });
      expect(h.authenticator.preset.getInfo.versions).toContain('U2F_V2');
      h.send(BROADCAST_CID, Cmd.INIT, [0, 0, 0, 0, 0, 0, 0, 0]);
      expect(one(h.replies()).payload[16], preset).toBe(0x01 | 0x04);
    }
    const real = new VirtualAuthenticator({ preset: 'titan' });
    const reports: Uint8Array[] = [];
    // Same preset, CTAP2 only: claiming MSG would be a lie, so NMSG stays.
    const device = new HidDevice({ authenticator: { handle: (r) => real.handle(r), preset: real.preset }, output: (r) => reports.push(r) });
    expect(device.answersMsg).toBe(false);
    device.receive(encodeMessage(BROADCAST_CID, Cmd.INIT, new Uint8Array(8))[0]!);
    expect(reports[0]![7 + 16]).toBe(0x01 | 0x04 | 0x08);
  });

  it('resynchronizes an existing channel: same CID back, the half-received message is gone', () => {
    const h = harness();
    const cid = h.open();
    const [initPacket, ...rest] = encodeMessage(cid, Cmd.PING, new Uint8Array(200).fill(7));
    h.device.receive(initPacket!);
    expect(h.device.busy).toBe(true);
    h.send(cid, Cmd.INIT, [1, 1, 1, 1, 1, 1, 1, 1]);
    const r = one(h.replies());
    expect(r.cid).toBe(cid);
    expect(new DataView(r.payload.buffer, r.payload.byteOffset).getUint32(8)).toBe(cid);
    expect(h.device.busy).toBe(false);
    for (const p of rest) h.device.receive(p); // stale continuations: ignored
    expect(h.replies()).toEqual([]);
    h.send(cid, Cmd.PING, [1, 2, 3]);
    expect(one(h.replies())).toEqual({ cid, cmd: Cmd.PING, payload: Uint8Array.of(1, 2, 3) });
  });

  it('rejects a nonce that is not 8 bytes with ERR_INVALID_LEN', () => {
    const h = harness();
    h.send(BROADCAST_CID, Cmd.INIT, [1, 2, 3, 4, 5, 6, 7]);
    expect(one(h.replies())).toEqual(h.error(Err.ERR_INVALID_LEN, BROADCAST_CID));
  });
});

describe('PING, WINK, CBOR, MSG', () => {
  it('echoes PING, including a maximum-size 7609-byte message over 129 packets', () => {
    const h = harness();
    const cid = h.open();
    const big = Uint8Array.from({ length: MAX_MESSAGE_SIZE }, (_, i) => (i * 31) & 0xff);
    expect(encodeMessage(cid, Cmd.PING, big)).toHaveLength(129);
    h.send(cid, Cmd.PING, big);
    expect(one(h.replies())).toEqual({ cid, cmd: Cmd.PING, payload: big });
    h.send(cid, Cmd.PING, []);
    expect(one(h.replies()).payload.length).toBe(0);
  });

  it('winks', () => {
    const onWink = vi.fn();
    const h = harness({ onWink });
    const cid = h.open();
    h.send(cid, Cmd.WINK);
    expect(one(h.replies())).toEqual({ cid, cmd: Cmd.WINK, payload: new Uint8Array(0) });
    expect(onWink).toHaveBeenCalledOnce();
  });

  it('passes CBOR to the authenticator: getInfo carries the preset AAGUID', async () => {
    const h = harness();
    const cid = h.open();
    h.send(cid, Cmd.CBOR, [0x04]);
    await vi.waitFor(() => expect(h.reports.length).toBeGreaterThan(0));
    const r = one(h.replies());
    expect(r.cmd).toBe(Cmd.CBOR);
    expect(r.payload[0]).toBe(0);
    const info = decodeCbor(r.payload.subarray(1)) as Map<number, unknown>;
    expect(Buffer.from(info.get(3) as Uint8Array).toString('hex')).toBe(h.authenticator.aaguid.replace(/-/g, ''));
  });

  it('answers vendor and reply-only commands with ERR_INVALID_CMD', () => {
    const h = harness();
    const cid = h.open();
    for (const cmd of [0x40, 0x7f, Cmd.KEEPALIVE, Cmd.ERROR, 0x02]) {
      h.send(cid, cmd, [0, 1, 2]);
      expect(one(h.replies())).toEqual(h.error(Err.ERR_INVALID_CMD, cid));
    }
  });

  it('passes CTAPHID_MSG to handleU2f for a U2F preset: U2F_VERSION answers "U2F_V2" 9000', async () => {
    const h = harness();
    const spy = vi.spyOn(h.authenticator, 'handleU2f');
    const cid = h.open();
    h.send(cid, Cmd.MSG, [0, 3, 0, 0, 0, 0, 0, 0, 0]);
    await vi.waitFor(() => expect(h.reports.length).toBeGreaterThan(0));
    expect(one(h.replies())).toEqual({ cid, cmd: Cmd.MSG, payload: Uint8Array.from([...Buffer.from('U2F_V2'), 0x90, 0x00]) });
    expect(spy).toHaveBeenCalledOnce();
  });

  it('CTAPHID_MSG carries a U2F_REGISTER answer over several packets; status words come back inside MSG', async () => {
    const h = harness();
    const cid = h.open();
    const data = new Uint8Array(64).fill(1);
    h.send(cid, Cmd.MSG, [0, 1, 0, 0, 0, 0, 64, ...data, 0, 0]);
    await vi.waitFor(() => expect(h.device.busy).toBe(false));
    const r = one(h.replies().filter((x) => x.cmd !== Cmd.KEEPALIVE)); // a slow signature may earn a PROCESSING keepalive
    expect(r.cmd).toBe(Cmd.MSG);
    expect(r.payload[0]).toBe(0x05);
    expect(r.payload.length).toBeGreaterThan(INIT_DATA_SIZE + 200);
    expect([...r.payload.subarray(-2)]).toEqual([0x90, 0x00]);
    h.send(cid, Cmd.MSG, [0x80, 3, 0, 0]); // a CLA U2F does not use
    await vi.waitFor(() => expect(h.reports.length).toBeGreaterThan(0));
    expect(one(h.replies())).toEqual({ cid, cmd: Cmd.MSG, payload: Uint8Array.of(0x6e, 0x00) });
  });

  it('CTAPHID_MSG: ERR_INVALID_CMD for a preset without U2F_V2 or an authenticator without handleU2f, ERR_INVALID_LEN when empty', () => {
    const generic = harness({ preset: 'generic' });
    const g = generic.open();
    generic.send(g, Cmd.MSG, [0, 3, 0, 0]);
    expect(one(generic.replies())).toEqual(generic.error(Err.ERR_INVALID_CMD, g));

    const reports: Uint8Array[] = [];
    const yubi = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const device = new HidDevice({ authenticator: { handle: (r) => yubi.handle(r), preset: yubi.preset }, output: (r) => reports.push(r) });
    device.receive(encodeMessage(BROADCAST_CID, Cmd.INIT, new Uint8Array(8))[0]!);
    const cid = new DataView(reports[0]!.buffer).getUint32(15);
    device.receive(encodeMessage(cid, Cmd.MSG, Uint8Array.of(0, 3, 0, 0))[0]!);
    expect(parsePacket(reports[1]!)).toMatchObject({ cid, cmd: Cmd.ERROR, bcnt: 1 });
    expect(reports[1]![7]).toBe(Err.ERR_INVALID_CMD);

    const h = harness();
    const c = h.open();
    h.send(c, Cmd.MSG, []);
    expect(one(h.replies())).toEqual(h.error(Err.ERR_INVALID_LEN, c));
  });

  it('a capabilities override changes what INIT reports, not whether MSG is answered', async () => {
    const h = harness({ capabilities: 0x0d });
    const cid = h.open();
    h.send(BROADCAST_CID, Cmd.INIT, new Uint8Array(8));
    expect(one(h.replies()).payload[16]).toBe(0x0d);
    h.send(cid, Cmd.MSG, [0, 3, 0, 0]);
    await vi.waitFor(() => expect(h.reports.length).toBeGreaterThan(0));
    expect(one(h.replies()).cmd).toBe(Cmd.MSG);
  });
});

describe('CTAPHID errors (CTAP 2.1 11.2.9.1.6)', () => {
  it('ERR_INVALID_LEN: BCNT over 7609, LOCK not 1 byte, WINK with data, empty CBOR', () => {
    const h = harness();
    const cid = h.open();
    const header = (cmd: number, bcnt: number) => {
      const r = new Uint8Array(REPORT_SIZE);
      new DataView(r.buffer).setUint32(0, cid);
      r[4] = 0x80 | cmd;
      r[5] = bcnt >> 8;
      r[6] = bcnt & 0xff;
      return r;
    };
    h.device.receive(header(Cmd.PING, MAX_MESSAGE_SIZE + 1));
    h.device.receive(header(Cmd.LOCK, 2));
    h.device.receive(header(Cmd.LOCK, 0));
    h.device.receive(header(Cmd.WINK, 1));
    h.device.receive(header(Cmd.CBOR, 0));
    expect(h.replies().map(({ to: _to, ...r }) => r)).toEqual(Array(5).fill(h.error(Err.ERR_INVALID_LEN, cid)));
    expect(h.device.busy).toBe(false);
  });

  it('ERR_INVALID_PAR: a lock time over 10 s', () => {
    const h = harness();
    const cid = h.open();
    h.send(cid, Cmd.LOCK, [11]);
    expect(one(h.replies())).toEqual(h.error(Err.ERR_INVALID_PAR, cid));
  });

  it('ERR_INVALID_SEQ: a skipped sequence number, or a new request before the message is complete', () => {
    const h = harness();
    const cid = h.open();
    const reports = encodeMessage(cid, Cmd.PING, new Uint8Array(300));
    h.device.receive(reports[0]!);
    h.device.receive(reports[2]!); // SEQ 1 where 0 is due
    expect(one(h.replies())).toEqual(h.error(Err.ERR_INVALID_SEQ, cid));
    expect(h.device.busy).toBe(false);
    h.device.receive(reports[0]!);
    h.send(cid, Cmd.PING, [1]);
    expect(one(h.replies())).toEqual(h.error(Err.ERR_INVALID_SEQ, cid));
    h.send(cid, Cmd.PING, [1]);
    expect(one(h.replies()).cmd).toBe(Cmd.PING);
  });

  it('ERR_INVALID_CHANNEL: CID 0, an unallocated CID, a non-INIT command on the broadcast CID', () => {
    const h = harness();
    h.open();
    h.send(0, Cmd.PING, [1]);
    h.send(0x12345678, Cmd.CBOR, [4]);
    h.send(BROADCAST_CID, Cmd.PING, [1]);
    expect(h.replies().map(({ to: _to, ...r }) => r)).toEqual([
      h.error(Err.ERR_INVALID_CHANNEL, 0),
      h.error(Err.ERR_INVALID_CHANNEL, 0x12345678),
      h.error(Err.ERR_INVALID_CHANNEL, BROADCAST_CID),
    ]);
  });

  it('ignores spurious continuation packets', () => {
    const h = harness();
    const cid = h.open();
    const [, cont] = encodeMessage(cid, Cmd.PING, new Uint8Array(100));
    h.device.receive(cont!);
    h.device.receive(new Uint8Array(REPORT_SIZE)); // CID 0, SEQ 0
    expect(h.replies()).toEqual([]);
  });

  it('ERR_OTHER when the authenticator fails outside CTAP (throws or rejects)', async () => {
    for (const handle of [() => { throw new Error('boom'); }, () => Promise.reject(new Error('boom'))]) {
      const reports: Uint8Array[] = [];
      const device = new HidDevice({ authenticator: { handle } as CtapHidAuthenticator, output: (r) => reports.push(r) });
      device.receive(encodeMessage(BROADCAST_CID, Cmd.INIT, new Uint8Array(8))[0]!);
      const cid = new DataView(reports[0]!.buffer).getUint32(15);
      device.receive(encodeMessage(cid, Cmd.CBOR, Uint8Array.of(4))[0]!);
      await vi.waitFor(() => expect(reports).toHaveLength(2));
      expect(parsePacket(reports[1]!)).toMatchObject({ type: 'init', cid, cmd: Cmd.ERROR, bcnt: 1 });
      expect(reports[1]![7]).toBe(Err.ERR_OTHER);
      expect(device.busy).toBe(false);
    }
  });
});

describe('arbitration, timeouts, keepalive, cancel, lock (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('interleaved channels: the other channel gets ERR_CHANNEL_BUSY, its continuations are ignored', () => {
    const h = harness();
    const a = h.open('a');
    const b = h.open('b');
    const msgA = encodeMessage(a, Cmd.PING, Uint8Array.from({ length: 200 }, (_, i) => i));
    const msgB = encodeMessage(b, Cmd.PING, new Uint8Array(100).fill(0xbb));
    h.device.receive(msgA[0]!, 'a');
    h.device.receive(msgB[0]!, 'b');
    h.device.receive(msgA[1]!, 'a');
    h.device.receive(msgB[1]!, 'b');
    h.device.receive(msgA[2]!, 'a');
    h.device.receive(msgA[3]!, 'a');
    const r = h.replies();
    expect(r.map((x) => [x.cid, x.cmd, x.to])).toEqual([[b, Cmd.ERROR, 'b'], [a, Cmd.PING, 'a']]);
    expect(r[0]!.payload).toEqual(Uint8Array.of(Err.ERR_CHANNEL_BUSY));
    expect(r[1]!.payload).toEqual(Uint8Array.from({ length: 200 }, (_, i) => i));
    for (const p of msgB) h.device.receive(p, 'b'); // B retries after A's transaction
    expect(one(h.replies()).payload).toEqual(new Uint8Array(100).fill(0xbb));
  });

  it('is busy while a CBOR request runs; INIT on the broadcast CID still works', async () => {
    let release!: (v: Uint8Array) => void;
    const authenticator: CtapHidAuthenticator = { handle: () => new Promise((resolve) => (release = resolve)) };
    const reports: Uint8Array[] = [];
    const device = new HidDevice({ authenticator, output: (r) => reports.push(r) });
    const init = () => {
      device.receive(encodeMessage(BROADCAST_CID, Cmd.INIT, new Uint8Array(8))[0]!);
      return new DataView(reports.at(-1)!.buffer).getUint32(15);
    };
    const a = init();
    const b = init();
    device.receive(encodeMessage(a, Cmd.CBOR, Uint8Array.of(4))[0]!);
    device.receive(encodeMessage(b, Cmd.PING, Uint8Array.of(1))[0]!);
    device.receive(encodeMessage(a, Cmd.PING, Uint8Array.of(1))[0]!);
    expect(reports.slice(-2).map((r) => [parsePacket(r).cid, r[4]! & 0x7f, r[7]])).toEqual([[b, Cmd.ERROR, Err.ERR_CHANNEL_BUSY], [a, Cmd.ERROR, Err.ERR_CHANNEL_BUSY]]);
    init();
    release(Uint8Array.of(0));
    await vi.advanceTimersByTimeAsync(0);
    expect(parsePacket(reports.at(-1)!)).toMatchObject({ cid: a, cmd: Cmd.CBOR, bcnt: 1 });
    expect(device.busy).toBe(false);
  });

  it('ERR_MSG_TIMEOUT after 500 ms without a packet (configurable), then the device is free', async () => {
    const h = harness();
    const a = h.open('a');
    const b = h.open('b');
    const reports = encodeMessage(a, Cmd.PING, new Uint8Array(200));
    h.device.receive(reports[0]!, 'a');
    await vi.advanceTimersByTimeAsync(400);
    h.device.receive(reports[1]!, 'a'); // restarts the wait
    await vi.advanceTimersByTimeAsync(499);
    expect(h.replies()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(one(h.replies())).toEqual(h.error(Err.ERR_MSG_TIMEOUT, a));
    h.device.receive(reports[2]!, 'a'); // too late: ignored
    h.send(b, Cmd.PING, [5], 'b');
    expect(one(h.replies()).payload).toEqual(Uint8Array.of(5));

    const quick = harness({ transactionTimeoutMs: 50 });
    const c = quick.open();
    quick.device.receive(encodeMessage(c, Cmd.PING, new Uint8Array(100))[0]!);
    await vi.advanceTimersByTimeAsync(50);
    expect(one(quick.replies())).toEqual(quick.error(Err.ERR_MSG_TIMEOUT, c));
  });

  it('sends KEEPALIVE every 100 ms while the request runs (PROCESSING)', async () => {
    let release!: (v: Uint8Array) => void;
    const reports: Uint8Array[] = [];
    const device = new HidDevice({ authenticator: { handle: () => new Promise((r) => (release = r)) }, output: (r) => reports.push(r) });
    device.receive(encodeMessage(BROADCAST_CID, Cmd.INIT, new Uint8Array(8))[0]!);
    const cid = new DataView(reports[0]!.buffer).getUint32(15);
    reports.length = 0;
    device.receive(encodeMessage(cid, Cmd.CBOR, Uint8Array.of(1, 0xa0))[0]!);
    await vi.advanceTimersByTimeAsync(99);
    expect(reports).toEqual([]);
    await vi.advanceTimersByTimeAsync(251);
    expect(reports.map((r) => [parsePacket(r).cid, r[4]! & 0x7f, r[5]! * 256 + r[6]!, r[7]])).toEqual(Array(3).fill([cid, Cmd.KEEPALIVE, 1, KeepaliveStatus.PROCESSING]));
    release(Uint8Array.of(0));
    await vi.advanceTimersByTimeAsync(1000);
    expect(reports).toHaveLength(4);
    expect(reports[3]![4]).toBe(0x80 | Cmd.CBOR);
  });

  it('a running MSG request makes the device busy and sends PROCESSING keepalives; touchDelayMs never delays U2F', async () => {
    let release!: (v: Uint8Array) => void;
    const reports: Uint8Array[] = [];
    const device = new HidDevice({
      authenticator: { handle: () => Uint8Array.of(0), handleU2f: () => new Promise((r) => (release = r)), preset: { getInfo: { versions: ['U2F_V2', 'FIDO_2_0'] } } },
      output: (r) => reports.push(r),
      touchDelayMs: 5000,
    });
    device.receive(encodeMessage(BROADCAST_CID, Cmd.INIT, new Uint8Array(8))[0]!);
    const cid = new DataView(reports[0]!.buffer).getUint32(15);
    expect(reports[0]![7 + 16]).toBe(0x05);
    reports.length = 0;
    device.receive(encodeMessage(cid, Cmd.MSG, Uint8Array.of(0, 1, 0, 0))[0]!);
    expect(device.busy).toBe(true);
    device.receive(encodeMessage(cid, Cmd.PING, Uint8Array.of(1))[0]!);
    await vi.advanceTimersByTimeAsync(150);
    expect(reports.map((r) => [r[4]! & 0x7f, r[7]])).toEqual([[Cmd.ERROR, Err.ERR_CHANNEL_BUSY], [Cmd.KEEPALIVE, KeepaliveStatus.PROCESSING]]);
    release(Uint8Array.of(0x69, 0x85));
    await vi.advanceTimersByTimeAsync(0);
    expect(parsePacket(reports.at(-1)!)).toMatchObject({ cid, cmd: Cmd.MSG, bcnt: 2 });
    expect(device.busy).toBe(false);
  });

  it('waits for the touch with UPNEEDED keepalives, then answers', async () => {
    const h = harness({ touchDelayMs: 250 });
    const cid = h.open();
    h.send(cid, Cmd.CBOR, [0x04]); // getInfo needs no touch: answered at once
    await vi.advanceTimersByTimeAsync(0);
    expect(one(h.replies()).cmd).toBe(Cmd.CBOR);
    h.send(cid, Cmd.CBOR, [0x07]); // reset needs one
    await vi.advanceTimersByTimeAsync(249);
    const waiting = h.replies();
    expect(waiting.map((r) => [r.cmd, ...r.payload])).toEqual(Array(3).fill([Cmd.KEEPALIVE, KeepaliveStatus.UPNEEDED]));
    await vi.advanceTimersByTimeAsync(1);
    const done = h.replies();
    expect(done.map((r) => [r.cmd, ...r.payload])).toEqual([[Cmd.CBOR, 0]]);
  });

  it('CTAPHID_CANCEL during the touch: CTAP2_ERR_KEEPALIVE_CANCEL, nothing created; no reply to CANCEL itself', async () => {
    const h = harness({ touchDelayMs: 1000 });
    const spy = vi.spyOn(h.authenticator, 'handle');
    const a = h.open('a');
    const b = h.open('b');
    h.send(a, Cmd.CANCEL); // nothing to cancel: ignored
    expect(h.replies()).toEqual([]);
    const request = Uint8Array.of(0x01, 0xa4, 0x01, 0x58, 0x20, ...new Uint8Array(32), 0x02, 0xa1, 0x62, 0x69, 0x64, 0x61, 0x78,
      0x03, 0xa1, 0x62, 0x69, 0x64, 0x41, 0x01, 0x04, 0x81, 0xa2, 0x63, 0x61, 0x6c, 0x67, 0x26, 0x64, 0x74, 0x79, 0x70, 0x65,
      0x6a, ...Buffer.from('public-key'));
    h.send(a, Cmd.CBOR, request, 'a');
    await vi.advanceTimersByTimeAsync(150);
    h.send(b, Cmd.CANCEL, [], 'b'); // another channel: ignored
    h.send(a, Cmd.CANCEL, [], 'a');
    const r = h.replies();
    expect(r.map((x) => [x.cid, x.cmd, ...x.payload])).toEqual([
      [a, Cmd.KEEPALIVE, KeepaliveStatus.UPNEEDED],
      [a, Cmd.KEEPALIVE, KeepaliveStatus.UPNEEDED],
      [a, Cmd.CBOR, 0x2d],
    ]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.replies()).toEqual([]);
    expect(spy).not.toHaveBeenCalled();
    expect(h.authenticator.credentials()).toEqual([]);
    // Without the cancel, the same request makes a credential.
    h.send(a, Cmd.CBOR, request, 'a');
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(h.authenticator.credentials()).toHaveLength(1));
  });

  it('CTAPHID_LOCK keeps other channels out until released or expired', async () => {
    const h = harness();
    const a = h.open('a');
    const b = h.open('b');
    h.send(a, Cmd.LOCK, [2]);
    expect(one(h.replies())).toEqual({ cid: a, cmd: Cmd.LOCK, payload: new Uint8Array(0) });
    h.send(b, Cmd.PING, [1], 'b');
    h.send(BROADCAST_CID, Cmd.INIT, new Uint8Array(8), 'b');
    expect(h.replies().map(({ to: _to, ...r }) => r)).toEqual([h.error(Err.ERR_CHANNEL_BUSY, b), h.error(Err.ERR_CHANNEL_BUSY, BROADCAST_CID)]);
    h.send(a, Cmd.PING, [2]);
    expect(one(h.replies()).cmd).toBe(Cmd.PING);
    await vi.advanceTimersByTimeAsync(2000);
    h.send(b, Cmd.PING, [3], 'b');
    expect(one(h.replies()).cmd).toBe(Cmd.PING);
    h.send(a, Cmd.LOCK, [10]);
    h.send(a, Cmd.LOCK, [0]);
    h.replies();
    h.send(b, Cmd.PING, [4], 'b');
    expect(one(h.replies()).cmd).toBe(Cmd.PING);
  });

  it('detach drops what a gone client left: half message, lock, channels', () => {
    const h = harness();
    const a = h.open('a');
    const b = h.open('b');
    h.device.receive(encodeMessage(a, Cmd.PING, new Uint8Array(300))[0]!, 'a');
    h.device.detach('a');
    h.send(b, Cmd.PING, [1], 'b');
    expect(one(h.replies()).cmd).toBe(Cmd.PING);
    h.send(b, Cmd.LOCK, [10], 'b');
    h.replies();
    h.device.detach('b');
    const c = h.open('c');
    h.send(c, Cmd.PING, [2], 'c');
    expect(one(h.replies()).cmd).toBe(Cmd.PING);
    h.send(a, Cmd.PING, [3], 'c');
    expect(one(h.replies())).toEqual(h.error(Err.ERR_INVALID_CHANNEL, a));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps at most 64 channels, forgetting the oldest', () => {
    const h = harness();
    const first = h.open();
    for (let i = 0; i < 70; i++) h.open();
    h.send(first, Cmd.PING, [1]);
    expect(one(h.replies())).toEqual(h.error(Err.ERR_INVALID_CHANNEL, first));
  });
});
