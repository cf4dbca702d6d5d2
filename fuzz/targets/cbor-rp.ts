/**
 * Fuzz target: @vfido/rp's CBOR decoder for untrusted WebAuthn data (pre-scan + cbor-x, RFC 8949).
 * Invariants: only CborFormatError escapes; the input is not modified; decodeCborPrefix agrees
 * with decodeCbor; differential: CTAP2 canonical input that @vfido/core decodes, rp's decoder
 * decodes too, to the same value.
 * @module
 */
import { CborFormatError, decodeCbor, decodeCborPrefix } from '../../packages/rp/src/cbor/decodeCbor.js';
import { CborError, decodeCbor as coreDecode, isCanonical } from '../../packages/core/src/cbor/index.js';
import { deepEqual, invariant, onlyTyped, type TargetOptions, unmodified } from '../engine/target.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'rp decodeCbor/decodeCborPrefix (scan + cbor-x): typed errors, agreement with core',
  parts: ['cbor'],
  maxLen: 4096,
  dictionary: ['fmt', 'attStmt', 'authData', 'x5c'],
};

/** Decode with rp's decoder and compare with core's. */
export function fuzz(data: Buffer): void {
  unmodified(data, () => {
    let value: unknown;
    let ok = true;
    try {
      value = decodeCbor(data);
      const prefix = decodeCborPrefix(data);
      invariant(prefix.end === data.length && deepEqual(prefix.value, value), 'decodeCborPrefix disagrees with decodeCbor');
    } catch (error) {
      onlyTyped(error, CborFormatError);
      ok = false;
    }
    // Differential on CTAP2 canonical input only: off it the decoders differ by design (cbor-x
    // refuses 8-byte string lengths, keeps 8-byte-encoded small integers as bigint).
    if (!isCanonical(data)) return;
    let core: unknown;
    try {
      core = coreDecode(data);
    } catch (error) {
      onlyTyped(error, CborError);
      return;
    }
    invariant(ok, 'core decodes canonical input that rp rejects');
    invariant(deepEqual(core, value), 'rp and core decode the same input to different values');
  });
}
