/**
 * The typed error of vfido's test CA (library-local `ERR_*` codes, see STYLE.md section 3).
 * @module
 */
import { VfidoError } from '../errors/vfidoError.js';

/** Stable codes: `ERR_CA_KEY` (a CA key cannot sign), `ERR_CA_INPUT` (bad argument). */
export type TestCaErrorCode = 'ERR_CA_KEY' | 'ERR_CA_INPUT';

/** Thrown by the test CA; never carries key material. */
export class TestCaError extends VfidoError<TestCaErrorCode> {
  override readonly name = 'TestCaError';
}
