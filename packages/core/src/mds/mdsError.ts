/**
 * The typed error of vfido's FIDO MDS3 BLOB builder (library-local `ERR_*` codes, STYLE.md section 3).
 * @module
 */
import { VfidoError } from '../errors/vfidoError.js';

/**
 * Stable codes: `ERR_MDS_INPUT` (a bad option: `no`, `nextUpdate`, `legalHeader`, a preset without
 * an AAGUID or two presets sharing one), `ERR_MDS_UNSUPPORTED` (a preset value MDS3 has no name for).
 */
export type MdsErrorCode = 'ERR_MDS_INPUT' | 'ERR_MDS_UNSUPPORTED';

/** Thrown while building a metadata BLOB; never carries key material. */
export class MdsError extends VfidoError<MdsErrorCode> {
  override readonly name = 'MdsError';
}
