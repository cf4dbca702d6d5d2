/**
 * Big-endian cursor over TPM 2.0 marshalled structures (TPM 2.0 Library Part 2, section 4 "Marshaling";
 * TPM2B_* are a UINT16 size followed by that many bytes).
 * @module
 */

/** Thrown when a TPM structure is truncated or inconsistent. */
export class TpmParseError extends Error {
  override readonly name = 'TpmParseError';
}

/** Sequential reader; every read checks bounds. */
export class TpmReader {
  #pos = 0;
  readonly #view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Current offset. */
  get position(): number {
    return this.#pos;
  }

  /** True when every byte has been read. */
  get done(): boolean {
    return this.#pos === this.bytes.byteLength;
  }

  #take(n: number, what: string): number {
    if (this.#pos + n > this.bytes.byteLength) throw new TpmParseError(`${what} truncated at byte ${this.#pos}`);
    const at = this.#pos;
    this.#pos += n;
    return at;
  }

  /** Reads a UINT16. */
  u16(what: string): number {
    return this.#view.getUint16(this.#take(2, what));
  }

  /** Reads a UINT32. */
  u32(what: string): number {
    return this.#view.getUint32(this.#take(4, what));
  }

  /** Reads `n` raw bytes. */
  bytesOf(n: number, what: string): Uint8Array {
    const at = this.#take(n, what);
    return this.bytes.subarray(at, at + n);
  }

  /** Reads a TPM2B: UINT16 size, then the bytes. */
  tpm2b(what: string): Uint8Array {
    return this.bytesOf(this.u16(what), what);
  }

  /** Throws unless every byte was consumed. */
  end(what: string): void {
    if (!this.done) throw new TpmParseError(`${what} has ${this.bytes.byteLength - this.#pos} trailing bytes`);
  }
}
