/**
 * The typed error of the CBOR codec (CTAP 2.1 section 8 "Message encoding").
 * @module
 */

/**
 * Stable codes of {@link CborError}:
 * - `ERR_CBOR_MALFORMED`: the input is not well-formed CBOR, or uses something outside the CTAP2
 *   subset (indefinite lengths, tags, invalid UTF-8, duplicate or unsupported map keys), or is not
 *   canonical when `strict` decoding was asked for.
 * - `ERR_CBOR_LIMIT`: the input is larger or nested deeper than the decoder limits allow.
 * - `ERR_CBOR_UNSUPPORTED`: the encoder was given a value CTAP2 CBOR cannot carry (a float,
 *   `undefined` outside a map, a class instance, an integer outside [-2^64, 2^64-1]).
 */
export type CborErrorCode = 'ERR_CBOR_MALFORMED' | 'ERR_CBOR_LIMIT' | 'ERR_CBOR_UNSUPPORTED';

/**
 * Raised by every CBOR encode/decode failure; the codec never throws anything else.
 * @example `catch (e) { if (e instanceof CborError && e.code === 'ERR_CBOR_LIMIT') ... }`
 */
export class CborError extends Error {
  override readonly name = 'CborError';
  /**
   * @param code - stable error code (see {@link CborErrorCode})
   * @param message - what went wrong, for a person
   * @param offset - byte offset in the input where decoding failed (decode errors only)
   */
  constructor(
    readonly code: CborErrorCode,
    message: string,
    readonly offset?: number,
    opts?: ErrorOptions,
  ) {
    super(offset === undefined ? message : `${message} at byte ${offset}`, opts);
  }
}
