/**
 * Reads the preset and AAGUID-name data (`aaguids.json`) once, validates it, and freezes it.
 * The file lives at the repository root; scripts/copy-data.mjs copies it to packages/core/, which
 * sits two levels above both src/presets and dist/presets.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isRecord } from './presetChecks.js';
import { PresetError } from './presetError.js';
import { AAGUID_PATTERN } from './presetVocabulary.js';
import type { Preset } from './types.js';
import { validatePresets } from './validatePreset.js';

/** The shape of `aaguids.json`. */
export interface AaguidFile {
  /** Provenance and license notes. */
  about: string[];
  /** Authenticator models vfido emulates. */
  presets: Preset[];
  /** AAGUID (lowercase, hyphenated) to model name, from passkey-authenticator-aaguids. */
  names: Record<string, string>;
}

/** Loaded, validated, deeply frozen preset data. */
export interface PresetCatalog {
  /** Provenance and license notes from the file. */
  readonly about: readonly string[];
  /** Presets by id. */
  readonly presets: Readonly<Record<string, Preset>>;
  /** Preset ids in file order. */
  readonly ids: readonly string[];
  /** AAGUID to name table (without the presets' own names). */
  readonly names: Readonly<Record<string, string>>;
}

/** Where the package copy of `aaguids.json` sits (packages/core/aaguids.json, from src/ or dist/). */
export const PACKAGE_DATA_URL = new URL('../../aaguids.json', import.meta.url);
/** The repository-root original, used when the package copy has not been made (a fresh checkout). */
const REPO_DATA_URL = new URL('../../../../aaguids.json', import.meta.url);

let cached: PresetCatalog | undefined;

/**
 * Load `aaguids.json`. Without an argument, the package copy (or the repository original when no
 * copy exists yet) is read once and cached; with a path or URL that file is read afresh.
 * @param source - a file path or `file:` URL of an `aaguids.json`
 * @throws PresetError `ERR_PRESET_DATA` when the file is missing or malformed,
 *   `ERR_INVALID_PRESET` when a preset fails {@link validatePreset}
 */
export function loadPresets(source?: string | URL): PresetCatalog {
  if (source === undefined && cached) return cached;
  const catalog = parseAaguidFile(readData(source), String(source ?? PACKAGE_DATA_URL));
  if (source === undefined) cached = catalog;
  return catalog;
}

function readData(source: string | URL | undefined): string {
  const candidates = source === undefined ? [PACKAGE_DATA_URL, REPO_DATA_URL] : [source];
  let firstError: unknown;
  for (const candidate of candidates) {
    try {
      return readFileSync(candidate, 'utf8');
    } catch (err) {
      firstError ??= err;
    }
  }
  const where = candidates.map((c) => (c instanceof URL ? fileURLToPath(c) : c)).join(' or ');
  throw new PresetError('ERR_PRESET_DATA', `cannot read preset data at ${where}; run node scripts/copy-data.mjs`, {}, { cause: firstError });
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
  const presets: unknown[] = data['presets'];
  validatePresets(presets);
  const names: Record<string, string> = {};
  for (const [aaguid, name] of Object.entries(data['names'])) {
    if (!AAGUID_PATTERN.test(aaguid) || typeof name !== 'string') {
      throw new PresetError('ERR_PRESET_DATA', `${where}: names entry '${aaguid}' must map a lowercase UUID to a string`);
    }
    names[aaguid] = name;
  }
  const about = Array.isArray(data['about']) ? data['about'].filter((line): line is string => typeof line === 'string') : [];
  return deepFreeze({
    about,
    presets: Object.fromEntries(presets.map((p) => [p.id, p])),
    ids: presets.map((p) => p.id),
    names,
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
