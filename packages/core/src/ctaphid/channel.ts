/**
 * Reassembly of one incoming CTAPHID message from its initialization and continuation packets
 * (CTAP 2.1 section 11.2.4 "Message and packet structure", 11.2.5.4 "Packet sequencing").
 * @module
 */
import { MAX_MESSAGE_SIZE } from './commands.js';
import type { ContPacket, InitPacket } from './packet.js';

/**
 * One message being reassembled on one channel: the payload fills up packet by packet, and
 * continuation packets must arrive with SEQ 0, 1, 2, ... with none missing.
 */
export class MessageAssembler {
  /** Channel the message arrives on. */
  readonly cid: number;
  /** Command code (bit 7 cleared). */
  readonly cmd: number;
  readonly #payload: Uint8Array;
  #filled: number;
  #nextSeq = 0;

  /**
   * Start a message from its initialization packet.
   * @param packet - the initialization packet; `bcnt` must not exceed {@link MAX_MESSAGE_SIZE}
   * @throws RangeError when BCNT is over the limit (the device checks it first)
   */
  constructor(packet: InitPacket) {
    if (packet.bcnt > MAX_MESSAGE_SIZE) throw new RangeError(`bcnt ${packet.bcnt} exceeds ${MAX_MESSAGE_SIZE}`);
    this.cid = packet.cid;
    this.cmd = packet.cmd;
    this.#payload = new Uint8Array(packet.bcnt);
    this.#filled = Math.min(packet.bcnt, packet.data.length);
    this.#payload.set(packet.data.subarray(0, this.#filled));
  }

  /** Whether every payload byte has arrived. */
  get complete(): boolean {
    return this.#filled === this.#payload.length;
  }

  /** The SEQ the next continuation packet must carry. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /**
   * Add a continuation packet of this channel.
   * @returns false when its SEQ is not the expected one (the message is then unusable)
   */
  append(packet: ContPacket): boolean {
    if (packet.seq !== this.#nextSeq || this.complete) return false;
    this.#nextSeq++;
    const take = Math.min(this.#payload.length - this.#filled, packet.data.length);
    this.#payload.set(packet.data.subarray(0, take), this.#filled);
    this.#filled += take;
    return true;
  }

  /** The reassembled payload (complete messages only). */
  get payload(): Uint8Array {
    return this.#payload;
  }
}
