/**
 * Authenticator presets: real models vfido emulates, their AAGUID names, lookup and validation.
 * @module
 */
export type * from './types.js';
export { presets, presetIds, aaguidNames } from './presets.js';
export { getPreset } from './getPreset.js';
export { aaguidName, normalizeAaguid } from './aaguidName.js';
export { loadPresets, parseAaguidFile, PACKAGE_DATA_URL, type AaguidFile, type PresetCatalog } from './loadPresets.js';
export { validatePreset, validatePresets } from './validatePreset.js';
export { PresetError, type PresetErrorCode, type PresetErrorDetails } from './presetError.js';
export {
  ATTESTATION_TYPES_BY_FORMAT, CREDENTIAL_ALGORITHMS, PRESET_VENDORS, ZERO_AAGUID,
} from './presetVocabulary.js';
