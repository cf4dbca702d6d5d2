/**
 * The built-in presets: the build's checked copy of `aaguids.json`, read once at module load and
 * trusted (see checkedCatalog.ts; the build validated it).
 * @module
 */
import { checkedCatalog } from './checkedCatalog.js';
import type { Preset } from './types.js';

const catalog = checkedCatalog();

/** Every built-in preset by id, deeply frozen. */
export const presets: Readonly<Record<string, Preset>> = catalog.presets;

/** Built-in preset ids in file order. */
export const presetIds: readonly string[] = catalog.ids;

/** The AAGUID name table (passkey-authenticator-aaguids; display use only, license unknown). */
export const aaguidNames: Readonly<Record<string, string>> = catalog.names;
