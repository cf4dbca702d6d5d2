/**
 * The built-in presets, read from `aaguids.json` once at module load (see {@link loadPresets}).
 * @module
 */
import { loadPresets } from './loadPresets.js';
import type { Preset } from './types.js';

const catalog = loadPresets();

/** Every built-in preset by id, deeply frozen. */
export const presets: Readonly<Record<string, Preset>> = catalog.presets;

/** Built-in preset ids in file order. */
export const presetIds: readonly string[] = catalog.ids;

/** The AAGUID name table (passkey-authenticator-aaguids; display use only, license unknown). */
export const aaguidNames: Readonly<Record<string, string>> = catalog.names;
