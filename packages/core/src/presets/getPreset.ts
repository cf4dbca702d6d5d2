/**
 * Look up a built-in preset by id, with "did you mean" suggestions for typos.
 * @module
 */
import { PresetError } from './presetError.js';
import { presetIds, presets } from './presets.js';
import { suggestIds } from './suggestIds.js';
import type { Preset } from './types.js';

/**
 * The built-in preset with this id.
 * @param id - preset id, e.g. `yubikey-5-nfc`
 * @returns the frozen preset
 * @throws PresetError `ERR_UNKNOWN_PRESET`; `suggestions` and the message name the closest ids
 * @example `getPreset('windows-hello-hardware').attestation.format // 'tpm'`
 */
export function getPreset(id: string): Preset {
  const preset = Object.hasOwn(presets, id) ? presets[id] : undefined;
  if (preset) return preset;
  const suggestions = suggestIds(id, presetIds);
  const hint = suggestions.length > 0 ? `did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : `known: ${presetIds.join(', ')}`;
  throw new PresetError('ERR_UNKNOWN_PRESET', `unknown preset '${id}'; ${hint}`, { presetId: id, suggestions });
}
