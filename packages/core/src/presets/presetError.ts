/**
 * The typed error for preset lookup and preset data problems (vfido-local, not a CTAP status).
 * @module
 */
import { VfidoError } from '../errors/vfidoError.js';

/** Stable codes a {@link PresetError} carries. */
export type PresetErrorCode =
  /** `getPreset` was asked for an id that is not in `aaguids.json`. */
  | 'ERR_UNKNOWN_PRESET'
  /** A preset failed `validatePreset` (the message names the preset and the field). */
  | 'ERR_INVALID_PRESET'
  /** `aaguids.json` could not be read or is not the expected shape. */
  | 'ERR_PRESET_DATA';

/** What a {@link PresetError} may say beyond its message. */
export interface PresetErrorDetails {
  /** The preset id concerned, when there is one. */
  presetId?: string;
  /** Dotted path of the offending field, e.g. `attestation.type`. */
  field?: string;
  /** Known ids closest to an unknown one, best first. */
  suggestions?: readonly string[];
}

/**
 * A preset could not be found, failed validation, or its data file is unusable.
 * @example `throw new PresetError('ERR_UNKNOWN_PRESET', "unknown preset 'x'", { presetId: 'x' })`
 */
export class PresetError extends VfidoError<PresetErrorCode> {
  override readonly name = 'PresetError';
  /** The preset id concerned, when there is one. */
  readonly presetId: string | undefined;
  /** Dotted path of the offending field, when there is one. */
  readonly field: string | undefined;
  /** Closest known ids, for `ERR_UNKNOWN_PRESET`; empty otherwise. */
  readonly suggestions: readonly string[];

  /**
   * @param code - stable error code
   * @param message - short, actionable description
   * @param details - preset id, field path and suggestions
   * @param opts - standard error options (`cause`)
   */
  constructor(
    code: PresetErrorCode,
    message: string,
    details: PresetErrorDetails = {},
    opts?: ErrorOptions,
  ) {
    super(code, message, opts);
    this.presetId = details.presetId;
    this.field = details.field;
    this.suggestions = details.suggestions ?? [];
  }
}
