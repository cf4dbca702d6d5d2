/**
 * The CTAPHID device: a transport-independent state machine that takes 64-byte input reports and
 * emits output reports (CTAP 2.1 section 11.2 "USB HID": 11.2.4 packets, 11.2.5 arbitration,
 * 11.2.9 commands). A socket server or a UHID device only moves its reports.
 * @module
 */
import { MessageAssembler } from './channel.js';
import {
  BROADCAST_CID, CtapHidCommand as Cmd, CtapHidErrorCode as Err, INIT_DATA_SIZE, KeepaliveStatus, MAX_LOCK_SECONDS, MAX_MESSAGE_SIZE,
} from './commands.js';
import { speaksU2f } from '../ctap1/version.js';
import { hidCapabilities, hidDeviceVersion, initResponse, type DeviceVersion, type HidPresetInfo } from './deviceInfo.js';
import { encodeMessage, encodeMessageReports, parsePacket, type InitPacket } from './packet.js';

/** The authenticator the device forwards CTAPHID_CBOR and CTAPHID_MSG requests to (a VirtualAuthenticator fits). */
export interface CtapHidAuthenticator {
  /** Command byte + CBOR in, status byte + CBOR out (CTAP 2.1 section 6). */
  handle(request: Uint8Array): Promise<Uint8Array> | Uint8Array;
  /**
   * CTAP1/U2F: command APDU in, response data || SW1 SW2 out (CTAP 2.1 11.2.9.1.1). The device
   * answers CTAPHID_MSG (and stops reporting NMSG) only when this exists and the preset's getInfo
   * lists `U2F_V2`; otherwise CTAPHID_MSG is ERR_INVALID_CMD.
   */
  handleU2f?(apdu: Uint8Array): Promise<Uint8Array> | Uint8Array;
  /** The emulated model: picks capability flags and device version. */
  readonly preset?: HidPresetInfo;
}

/** Options of {@link HidDevice}; `Source` tags where a report came from (e.g. a socket). */
export interface HidDeviceOptions<Source = unknown> {
  /** Receives CTAPHID_CBOR (and, for U2F presets, CTAPHID_MSG) requests. */
  authenticator: CtapHidAuthenticator;
  /** Called with every output report and the source of the request it answers. */
  output: (report: Uint8Array, target: Source | undefined) => void;
  /**
   * Called instead of `output` with all reports of one message back to back (a multiple of 64
   * bytes), for a stream transport that writes them in one call.
   */
  outputMessage?: (reports: Uint8Array, target: Source | undefined) => void;
  /** Abort a half-received message after this long without a packet (ms). CTAP names no value. Default 500. */
  transactionTimeoutMs?: number;
  /** CTAPHID_KEEPALIVE period while a CBOR or MSG request runs (ms); CTAP 2.1 11.2.9.1.7 asks for at least every 100. Default 100. */
  keepaliveIntervalMs?: number;
  /**
   * How long the scripted user takes to touch the device for makeCredential/getAssertion/reset/selection (ms), with UPNEEDED keepalives; CTAPHID_CANCEL works during it. Default 0.
   * U2F requests (CTAPHID_MSG) never wait: U2F reports a missing touch as SW_CONDITIONS_NOT_SATISFIED and the host polls.
   */
  touchDelayMs?: number;
  /** Capability flags to report instead of the preset's (see hidCapabilities). */
  capabilities?: number;
  /** Device version bytes to report instead of the preset's firmware version. */
  deviceVersion?: DeviceVersion;
  /** Called on CTAPHID_WINK. */
  onWink?: () => void;
}

/** CTAP2 commands that ask for user presence (CTAP 2.1 6.1, 6.2, 6.6, 6.9). */
const TOUCH_COMMANDS = new Set([0x01, 0x02, 0x07, 0x0b]);
/** CTAP2_ERR_KEEPALIVE_CANCEL: the answer to a cancelled CBOR request (CTAP 2.1 11.2.9.1.5). */
const KEEPALIVE_CANCEL = 0x2d;
/** Channels kept at most; the oldest idle one is forgotten beyond this. */
const MAX_CHANNELS = 64;

type Timer = ReturnType<typeof setTimeout>;
const unref = (t: Timer): Timer => ((t as { unref?: () => void }).unref?.(), t);

interface Assembly<S> { msg: MessageAssembler; source: S | undefined; timer: Timer }
interface Job<S> { cid: number; cmd: typeof Cmd.CBOR | typeof Cmd.MSG; source: S | undefined; status: number; keepalive: Timer; touch?: Timer }
interface Lock { cid: number; timer: Timer }

/**
 * A virtual FIDO HID device. Feed it input reports with {@link HidDevice.receive}; it answers
 * through `options.output`. One transaction at a time across all channels (CTAP 2.1 11.2.5.1).
 * @example
 * const device = new HidDevice({ authenticator, output: (report) => socket.write(report) });
 * socket.on('data', (report) => device.receive(report));
 */
export class HidDevice<Source = unknown> {
  readonly #o: HidDeviceOptions<Source>;
  readonly #channels = new Map<number, Source | undefined>();
  #assembly: Assembly<Source> | undefined;
  #job: Job<Source> | undefined;
  #lock: Lock | undefined;

  /** @param options - the authenticator, the output callback and timings */
  constructor(options: HidDeviceOptions<Source>) {
    this.#o = options;
  }

  /**
   * Process one input report (64 bytes; shorter is zero-padded). Errors in the input are answered
   * with CTAPHID_ERROR, never thrown.
   * @param report - the report, without a report-ID byte
   * @param source - who sent it; replies are addressed to it
   */
  receive(report: Uint8Array, source?: Source): void {
    const packet = parsePacket(report);
    if (packet.type === 'init') return this.#initPacket(packet, source);
    const a = this.#assembly;
    // 11.2.5.4: continuation packets without a message in progress on their channel are ignored.
    if (!a || a.msg.cid !== packet.cid) return;
    if (!a.msg.append(packet)) {
      this.#dropAssembly();
      return this.#error(packet.cid, Err.ERR_INVALID_SEQ, source);
    }
    clearTimeout(a.timer);
    if (!a.msg.complete) {
      a.timer = this.#transactionTimer(a.msg.cid, source);
      return;
    }
    this.#assembly = undefined;
    this.#execute(a.msg.cid, a.msg.cmd, a.msg.payload, source);
  }

  /** Forget everything a source owns (it disconnected): its channels, half-received message, running request, lock. */
  detach(source: Source): void {
    if (this.#assembly?.source === source) this.#dropAssembly();
    if (this.#job?.source === source) this.#endJob();
    for (const [cid, owner] of this.#channels) if (owner === source) this.#channels.delete(cid);
    if (this.#lock && !this.#channels.has(this.#lock.cid)) this.#unlock();
  }

  /** Power-on state: no channels, no transaction, no lock, no timers. */
  reset(): void {
    this.#dropAssembly();
    this.#endJob();
    this.#unlock();
    this.#channels.clear();
  }

  /** Whether a message is being received or a CBOR/MSG request is running (the device is busy). */
  get busy(): boolean {
    return this.#assembly !== undefined || this.#job !== undefined;
  }

  /** Whether CTAPHID_MSG (CTAP1/U2F) is answered: the authenticator has `handleU2f` and the preset lists U2F_V2. */
  get answersMsg(): boolean {
    return typeof this.#o.authenticator.handleU2f === 'function' && speaksU2f(this.#o.authenticator.preset);
  }

  #initPacket(p: InitPacket, source: Source | undefined): void {
    const { cid, cmd, bcnt } = p;
    if (cmd === Cmd.CANCEL) {
      // 11.2.9.1.5: never answered; ignored unless it targets the running CBOR request.
      if (this.#job?.cid === cid) this.#cancel(this.#job);
      return;
    }
    if (cid === BROADCAST_CID ? cmd !== Cmd.INIT : cid === 0 || !this.#channels.has(cid)) return this.#error(cid, Err.ERR_INVALID_CHANNEL, source);
    // 11.2.9.2.2: while a lock is held, every other channel is refused.
    if (this.#lock && this.#lock.cid !== cid) return this.#error(cid, Err.ERR_CHANNEL_BUSY, source);
    if (cmd === Cmd.INIT) return this.#init(p, source);
    if (this.#assembly?.msg.cid === cid) {
      // A new request while this channel's message is incomplete: its SEQ is missing.
      this.#dropAssembly();
      return this.#error(cid, Err.ERR_INVALID_SEQ, source);
    }
    if (this.busy) return this.#error(cid, Err.ERR_CHANNEL_BUSY, source); // 11.2.5.1
    const msg = cmd === Cmd.MSG && this.answersMsg;
    if (cmd !== Cmd.PING && cmd !== Cmd.LOCK && cmd !== Cmd.WINK && cmd !== Cmd.CBOR && !msg) return this.#error(cid, Err.ERR_INVALID_CMD, source);
    const lengthOk = bcnt <= MAX_MESSAGE_SIZE && (cmd === Cmd.LOCK ? bcnt === 1 : cmd === Cmd.WINK ? bcnt === 0 : cmd === Cmd.CBOR || msg ? bcnt > 0 : true);
    if (!lengthOk) return this.#error(cid, Err.ERR_INVALID_LEN, source);
    if (bcnt <= INIT_DATA_SIZE) return this.#execute(cid, cmd, p.data.slice(0, bcnt), source);
    this.#assembly = { msg: new MessageAssembler(p), source, timer: this.#transactionTimer(cid, source) };
  }

  /** CTAPHID_INIT (11.2.9.1.3): allocate a channel (broadcast) or resynchronize this one (11.2.5.3). */
  #init(p: InitPacket, source: Source | undefined): void {
    if (p.bcnt !== 8) return this.#error(p.cid, Err.ERR_INVALID_LEN, source);
    let cid = p.cid;
    if (cid === BROADCAST_CID) {
      cid = this.#allocate(source);
    } else {
      if (this.#assembly?.msg.cid === cid) this.#dropAssembly();
      if (this.#job?.cid === cid) this.#endJob();
    }
    const version = this.#o.deviceVersion ?? hidDeviceVersion(this.#o.authenticator.preset);
    const capabilities = this.#o.capabilities ?? hidCapabilities(this.#o.authenticator.preset, this.answersMsg);
    this.#send(p.cid, Cmd.INIT, initResponse(p.data.subarray(0, 8), cid, version, capabilities), source);
  }

  #allocate(source: Source | undefined): number {
    const word = new Uint32Array(1);
    let cid = 0;
    while (cid === 0 || cid === BROADCAST_CID || this.#channels.has(cid)) cid = crypto.getRandomValues(word)[0]!;
    if (this.#channels.size >= MAX_CHANNELS) {
      for (const old of this.#channels.keys()) {
        if (old !== this.#assembly?.msg.cid && old !== this.#job?.cid && old !== this.#lock?.cid) {
          this.#channels.delete(old);
          break;
        }
      }
    }
    this.#channels.set(cid, source);
    return cid;
  }

  /** Run a complete request. */
  #execute(cid: number, cmd: number, payload: Uint8Array, source: Source | undefined): void {
    if (cmd === Cmd.PING) return this.#send(cid, Cmd.PING, payload, source); // 11.2.9.1.4
    if (cmd === Cmd.WINK) {
      this.#o.onWink?.(); // 11.2.9.2.1
      return this.#send(cid, Cmd.WINK, new Uint8Array(0), source);
    }
    if (cmd === Cmd.LOCK) return this.#lockFor(cid, payload[0]!, source);
    this.#start(cid, cmd === Cmd.MSG ? Cmd.MSG : Cmd.CBOR, payload, source);
  }

  /** CTAPHID_LOCK (11.2.9.2.2): 1..10 s exclusive use by this channel; 0 releases. */
  #lockFor(cid: number, seconds: number, source: Source | undefined): void {
    if (seconds > MAX_LOCK_SECONDS) return this.#error(cid, Err.ERR_INVALID_PAR, source);
    this.#unlock();
    if (seconds > 0) this.#lock = { cid, timer: unref(setTimeout(() => this.#unlock(), seconds * 1000)) };
    this.#send(cid, Cmd.LOCK, new Uint8Array(0), source);
  }

  #unlock(): void {
    if (this.#lock) clearTimeout(this.#lock.timer);
    this.#lock = undefined;
  }

  /** CTAPHID_CBOR (11.2.9.1.2) or CTAPHID_MSG (11.2.9.1.1) with keepalives (11.2.9.1.7) until the answer. */
  #start(cid: number, cmd: Job<Source>['cmd'], request: Uint8Array, source: Source | undefined): void {
    const touch = cmd === Cmd.CBOR && (this.#o.touchDelayMs ?? 0) > 0 && TOUCH_COMMANDS.has(request[0]!);
    const status = touch ? KeepaliveStatus.UPNEEDED : KeepaliveStatus.PROCESSING;
    const keepalive = unref(setInterval(() => this.#keepalive(job), this.#o.keepaliveIntervalMs ?? 100));
    const job: Job<Source> = { cid, cmd, source, status, keepalive };
    this.#job = job;
    if (!touch) return this.#dispatch(job, request);
    this.#keepalive(job); // the status is new: say so now
    job.touch = unref(setTimeout(() => {
      job.touch = undefined;
      job.status = KeepaliveStatus.PROCESSING;
      this.#dispatch(job, request);
    }, this.#o.touchDelayMs));
  }

  #dispatch(job: Job<Source>, request: Uint8Array): void {
    const finish = (response: Uint8Array): void => {
      if (this.#job !== job) return; // cancelled, resynchronized, detached or reset meanwhile
      this.#endJob();
      if (response.length > MAX_MESSAGE_SIZE || response.length === 0) return this.#error(job.cid, Err.ERR_OTHER, job.source);
      this.#send(job.cid, job.cmd, response, job.source);
    };
    const fail = (): void => {
      if (this.#job !== job) return;
      this.#endJob();
      this.#error(job.cid, Err.ERR_OTHER, job.source);
    };
    const authenticator = this.#o.authenticator;
    try {
      Promise.resolve(job.cmd === Cmd.MSG ? authenticator.handleU2f!(request) : authenticator.handle(request)).then(finish, fail);
    } catch {
      fail();
    }
  }

  #keepalive(job: Job<Source>): void {
    if (this.#job === job) this.#send(job.cid, Cmd.KEEPALIVE, Uint8Array.of(job.status), job.source);
  }

  /** A request still waiting for the touch is dropped before it reaches the authenticator; one already running completes. */
  #cancel(job: Job<Source>): void {
    if (!job.touch) return;
    this.#endJob();
    this.#send(job.cid, Cmd.CBOR, Uint8Array.of(KEEPALIVE_CANCEL), job.source);
  }

  #endJob(): void {
    const job = this.#job;
    if (!job) return;
    clearInterval(job.keepalive);
    if (job.touch) clearTimeout(job.touch);
    this.#job = undefined;
  }

  #transactionTimer(cid: number, source: Source | undefined): Timer {
    return unref(setTimeout(() => {
      if (this.#assembly?.msg.cid !== cid) return;
      this.#assembly = undefined;
      this.#error(cid, Err.ERR_MSG_TIMEOUT, source); // 11.2.5.2
    }, this.#o.transactionTimeoutMs ?? 500));
  }

  #dropAssembly(): void {
    if (this.#assembly) clearTimeout(this.#assembly.timer);
    this.#assembly = undefined;
  }

  #error(cid: number, code: number, source: Source | undefined): void {
    this.#send(cid, Cmd.ERROR, Uint8Array.of(code), source);
  }

  #send(cid: number, cmd: number, payload: Uint8Array, target: Source | undefined): void {
    if (this.#o.outputMessage) return this.#o.outputMessage(encodeMessageReports(cid, cmd, payload), target);
    for (const report of encodeMessage(cid, cmd, payload)) this.#o.output(report, target);
  }
}
