/**
 * The built-in preset catalog as the runtime reads it: `packages/core/aaguids.json`, the copy of the
 * repository's `aaguids.json` that the build writes only after validating it
 * (scripts/check-presets.mjs runs {@link parseAaguidFile} from the built loader). The runtime trusts
 * that copy: it parses and freezes it but does not validate every preset again, which keeps the
 * validator (and its modules) out of every `import` of the presets.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PresetError } from './presetError.js';
import type { Preset } from './types.js';

/** Loaded, deeply frozen preset data. */
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

/**
 * Where the build's checked copy of `aaguids.json` sits (packages/core/aaguids.json, two levels above
 * both src/presets and dist/presets).
 */
export const PACKAGE_DATA_URL = new URL('../../aaguids.json', import.meta.url);

/** How to make the checked copy, for messages. */
export const CHECK_PRESETS_HINT = 'run npm run build (scripts/check-presets.mjs validates aaguids.json and writes packages/core/aaguids.json)';

/**
 * The catalog of already-validated data: the shape of the object, presets keyed by id in file order,
 * everything deeply frozen. Throws only for data that is not the catalog's shape at all.
 * @param data - parsed `aaguids.json` whose presets and names have been validated
 * @param where - file name for error messages
 * @throws PresetError `ERR_PRESET_DATA` when `data` is not an object with a presets array and a names object
 */
export function catalogOf(data: unknown, where: string): PresetCatalog {
  const file = data as { about?: unknown; presets?: unknown; names?: unknown } | null;
  if (typeof file !== 'object' || file === null || !Array.isArray(file.presets) || typeof file.names !== 'object' || file.names === null || Array.isArray(file.names)) {
    throw new PresetError('ERR_PRESET_DATA', `${where} must be an object with a presets array and a names object`);
  }
  const presets = file.presets as Preset[];
  const about = Array.isArray(file.about) ? file.about.filter((line): line is string => typeof line === 'string') : [];
  return deepFreeze({
    about,
    presets: Object.fromEntries(presets.map((p) => [p.id, p])),
    ids: presets.map((p) => p.id),
    names: { ...(file.names as Record<string, string>) },
  });
}

let checked: PresetCatalog | undefined;

/**
 * The built-in catalog: the build's checked copy at {@link PACKAGE_DATA_URL}, read once and cached.
 * @throws PresetError `ERR_PRESET_DATA` when the copy is missing (the package was not built) or is not JSON
 */
export function checkedCatalog(): PresetCatalog {
  if (checked) return checked;
  let text: string;
  try {
    text = readFileSync(PACKAGE_DATA_URL, 'utf8');
  } catch (cause) {
    throw new PresetError('ERR_PRESET_DATA', `cannot read preset data at ${fileURLToPath(PACKAGE_DATA_URL)}; ${CHECK_PRESETS_HINT}`, {}, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new PresetError('ERR_PRESET_DATA', `${fileURLToPath(PACKAGE_DATA_URL)} is not valid JSON; ${CHECK_PRESETS_HINT}`, {}, { cause });
  }
  checked = catalogOf(data, fileURLToPath(PACKAGE_DATA_URL));
  return checked;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
