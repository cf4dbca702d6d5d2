/**
 * Reads and validates an `aaguids.json` (presets and AAGUID names) and freezes it. The build runs
 * this on the repository's `aaguids.json` (scripts/check-presets.mjs) and writes the checked copy the
 * runtime reads without validating again (see checkedCatalog.ts).
 * @module
 */
import { readFileSync } from 'node:fs';
import { catalogOf, checkedCatalog, type PresetCatalog } from './checkedCatalog.js';
import { isRecord } from './presetChecks.js';
import { PresetError } from './presetError.js';
import { AAGUID_PATTERN } from './presetVocabulary.js';
import type { Preset } from './types.js';
import { validatePresets } from './validatePreset.js';

export { PACKAGE_DATA_URL, type PresetCatalog } from './checkedCatalog.js';

/** The shape of `aaguids.json`. */
export interface AaguidFile {
  /** Provenance and license notes. */
  about: string[];
  /** Authenticator models vfido emulates. */
  presets: Preset[];
  /** AAGUID (lowercase, hyphenated) to model name, from passkey-authenticator-aaguids. */
  names: Record<string, string>;
}

/**
 * Load an `aaguids.json`. Without an argument: the built-in catalog (the build's checked copy, read
 * once and cached, not validated again); with a path or URL: that file, read afresh and validated.
 * @param source - a file path or `file:` URL of an `aaguids.json`
 * @throws PresetError `ERR_PRESET_DATA` when the file is missing or malformed,
 *   `ERR_INVALID_PRESET` when a preset fails {@link validatePreset}
 */
export function loadPresets(source?: string | URL): PresetCatalog {
  if (source === undefined) return checkedCatalog();
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (cause) {
    throw new PresetError('ERR_PRESET_DATA', `cannot read preset data at ${String(source)}`, {}, { cause });
  }
  return parseAaguidFile(text, String(source));
}

/**
 * Parse and validate the text of an `aaguids.json`.
 * @param text - file contents
 * @param where - file name for error messages
 * @throws PresetError `ERR_PRESET_DATA` or `ERR_INVALID_PRESET`
 */
export function parseAaguidFile(text: string, where = 'aaguids.json'): PresetCatalog {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new PresetError('ERR_PRESET_DATA', `${where} is not valid JSON`, {}, { cause: err });
  }
  if (!isRecord(data) || !Array.isArray(data['presets']) || !isRecord(data['names'])) {
    throw new PresetError('ERR_PRESET_DATA', `${where} must be an object with a presets array and a names object`);
  }
  validatePresets(data['presets']);
  for (const [aaguid, name] of Object.entries(data['names'])) {
    if (!AAGUID_PATTERN.test(aaguid) || typeof name !== 'string') {
      throw new PresetError('ERR_PRESET_DATA', `${where}: names entry '${aaguid}' must map a lowercase UUID to a string`);
    }
  }
  return catalogOf(data, where);
}
