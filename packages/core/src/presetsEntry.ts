/**
 * `@vfido/core/presets`: the built-in authenticator presets and AAGUID names alone: the catalog the
 * build checked (`aaguids.json`, see presets/checkedCatalog.ts), lookup with suggestions, and AAGUID
 * naming, without the preset validator, CBOR, keys or the authenticator. For tools that only list
 * or name models (`vfido presets`). Everything here is also exported by `@vfido/core` and
 * `@vfido/core/data`.
 * @module
 */
export { presets, presetIds } from './presets/presets.js';
export { getPreset } from './presets/getPreset.js';
export { aaguidName, normalizeAaguid } from './presets/aaguidName.js';
export { PresetError, type PresetErrorCode, type PresetErrorDetails } from './presets/presetError.js';
export type * from './presets/types.js';
