/**
 * The base of vfido's library-local errors: a stable machine-readable `code` beside a message a
 * person can act on (STYLE.md section 3). CTAP statuses use {@link CtapError} instead.
 * @module
 */

/**
 * An error with a stable `code`. Subclasses only name themselves and narrow `Code`.
 * @example
 * export class CoseKeyError extends VfidoError<'ERR_COSE_KEY_MALFORMED'> { override readonly name = 'CoseKeyError'; }
 */
export class VfidoError<Code extends string = string> extends Error {
  /**
   * @param code - stable error code, e.g. `ERR_COSE_KEY_MALFORMED`
   * @param message - short, actionable, never containing key material
   * @param options - optional `cause`
   */
  constructor(
    readonly code: Code,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
