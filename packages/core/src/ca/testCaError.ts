/**
 * The typed error of vfido's test CA (library-local `ERR_*` codes, see STYLE.md section 3).
 * @module
 */

/** Stable codes: `ERR_CA_KEY` (a CA key cannot sign), `ERR_CA_INPUT` (bad argument). */
export type TestCaErrorCode = 'ERR_CA_KEY' | 'ERR_CA_INPUT';

/** Thrown by the test CA; never carries key material. */
export class TestCaError extends Error {
  override readonly name = 'TestCaError';
  /**
   * @param code - stable error code
   * @param message - short, lowercase, actionable
   * @param options - optional `cause`
   */
  constructor(
    readonly code: TestCaErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
