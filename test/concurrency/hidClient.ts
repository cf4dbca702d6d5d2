/**
 * Test-only: a small CTAPHID host written from CTAP 2.1 section 11.2 (not from vfido's device code),
 * over the loopback server's raw 64-byte reports. One {@link HidConnection} per socket; any number of
 * {@link HidChannel}s per connection, each allocated with CTAPHID_INIT on the broadcast channel.
 * A request answered with ERR_CHANNEL_BUSY (11.2.5.1: the device serves one transaction at a time)
 * is retried after a short random pause, as host libraries do.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const REPORT = 64;
const BROADCAST = 0xffffffff;
const CMD_INIT = 0x06;
const CMD_CBOR = 0x10;
const CMD_KEEPALIVE = 0x3b;
const CMD_ERROR = 0x3f;
const ERR_CHANNEL_BUSY = 0x06;

/** A CTAPHID_ERROR answer. */
export class HidErrorResponse extends Error {
  constructor(readonly code: number) {
    super(`CTAPHID_ERROR 0x${code.toString(16).padStart(2, '0')}`);
  }
}

/** One complete response message. */
interface Message {
  cmd: number;
  payload: Buffer;
}

/** Split a message into reports: init packet (CID, CMD|0x80, BCNT, 57 bytes), then continuation packets (CID, SEQ, 59 bytes). */
function packets(cid: number, cmd: number, payload: Uint8Array): Buffer[] {
  const out: Buffer[] = [];
  const first = Buffer.alloc(REPORT);
  first.writeUInt32BE(cid, 0);
  first[4] = 0x80 | cmd;
  first.writeUInt16BE(payload.length, 5);
  Buffer.from(payload.subarray(0, 57)).copy(first, 7);
  out.push(first);
  for (let offset = 57, seq = 0; offset < payload.length; offset += 59, seq++) {
    const p = Buffer.alloc(REPORT);
    p.writeUInt32BE(cid, 0);
    p[4] = seq;
    Buffer.from(payload.subarray(offset, offset + 59)).copy(p, 5);
    out.push(p);
  }
  return out;
}

/** Reassembles one channel's response messages from its reports. */
class Reassembly {
  #cmd = 0;
  #need = 0;
  #parts: Buffer[] = [];
  #have = 0;
  #seq = 0;

  /** Feed a report; returns the message once complete. */
  push(report: Buffer): Message | undefined {
    if (report[4]! & 0x80) {
      this.#cmd = report[4]! & 0x7f;
      this.#need = report.readUInt16BE(5);
      this.#parts = [report.subarray(7, 7 + Math.min(57, this.#need))];
      this.#have = this.#parts[0]!.length;
      this.#seq = 0;
    } else {
      if (report[4] !== this.#seq++) throw new Error(`continuation packet out of sequence: ${report[4]}`);
      const chunk = report.subarray(5, 5 + Math.min(59, this.#need - this.#have));
      this.#parts.push(chunk);
      this.#have += chunk.length;
    }
    if (this.#have < this.#need) return undefined;
    return { cmd: this.#cmd, payload: Buffer.concat(this.#parts) };
  }
}

/** A socket to the device; routes incoming reports to channels by CID. */
export class HidConnection {
  readonly #socket: Socket;
  #pending = Buffer.alloc(0);
  readonly #listeners = new Map<number, (m: Message) => void>();
  readonly #assemblies = new Map<number, Reassembly>();
  /** Waiting broadcast INITs, by nonce. */
  readonly #inits = new Map<string, (m: Message) => void>();
  /** Reports written, of every channel (to show the test really interleaved). */
  reportsWritten = 0;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#data(chunk));
  }

  /** Connect to a CTAPHID server on 127.0.0.1:port. */
  static open(port: number): Promise<HidConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new HidConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Allocate a channel (CTAPHID_INIT on the broadcast CID, 11.2.9.1.3). */
  async channel(): Promise<HidChannel> {
    const nonce = randomBytes(8);
    const answer = new Promise<Message>((resolve) => this.#inits.set(nonce.toString('hex'), resolve));
    this.write(packets(BROADCAST, CMD_INIT, nonce));
    const m = await answer;
    if (m.cmd !== CMD_INIT || m.payload.length < 17) throw new Error(`bad INIT response: cmd 0x${m.cmd.toString(16)}`);
    return new HidChannel(this, m.payload.readUInt32BE(8));
  }

  /** Write reports, one socket write each. */
  write(reports: Buffer[]): void {
    for (const r of reports) {
      this.#socket.write(r);
      this.reportsWritten++;
    }
  }

  /** Receive the next messages of `cid`. */
  listen(cid: number, onMessage: (m: Message) => void): void {
    this.#listeners.set(cid, onMessage);
  }

  /** Close the socket. */
  close(): void {
    this.#socket.destroy();
  }

  #data(chunk: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    while (this.#pending.length >= REPORT) {
      const report = this.#pending.subarray(0, REPORT);
      this.#pending = this.#pending.subarray(REPORT);
      const cid = report.readUInt32BE(0);
      let a = this.#assemblies.get(cid);
      if (!a) this.#assemblies.set(cid, (a = new Reassembly()));
      const m = a.push(Buffer.from(report));
      if (!m) continue;
      if (cid === BROADCAST) this.#inits.get(m.payload.subarray(0, 8).toString('hex'))?.(m);
      else this.#listeners.get(cid)?.(m);
    }
  }
}

/** One allocated channel: one transaction at a time. */
export class HidChannel {
  /** ERR_CHANNEL_BUSY answers this channel got (and retried). */
  busyRetries = 0;
  #waiting: ((m: Message) => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly connection: HidConnection,
    readonly cid: number,
  ) {
    connection.listen(cid, (m) => {
      if (m.cmd === CMD_KEEPALIVE) return; // 11.2.9.1.7: still processing
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.(m);
    });
  }

  /**
   * Send a CTAPHID_CBOR request (command byte + CBOR) and return the response (status byte + CBOR),
   * retrying on ERR_CHANNEL_BUSY. Requests on one channel queue behind each other.
   * The packets of a message are written in separate event-loop turns, so other channels' packets interleave.
   */
  cbor(request: Uint8Array): Promise<Buffer> {
    const run = async (): Promise<Buffer> => {
      for (;;) {
        const answer = new Promise<Message>((resolve) => (this.#waiting = resolve));
        for (const p of packets(this.cid, CMD_CBOR, request)) {
          this.connection.write([p]);
          await new Promise((resolve) => setImmediate(resolve));
        }
        const m = await answer;
        if (m.cmd === CMD_CBOR) return m.payload;
        if (m.cmd === CMD_ERROR && m.payload[0] === ERR_CHANNEL_BUSY) {
          this.busyRetries++;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
          continue;
        }
        throw m.cmd === CMD_ERROR ? new HidErrorResponse(m.payload[0]!) : new Error(`unexpected response command 0x${m.cmd.toString(16)}`);
      }
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
