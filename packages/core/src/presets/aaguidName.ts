/**
 * Human names for AAGUIDs (WebAuthn L3 6.5.1), from the passkey-authenticator-aaguids table in
 * `aaguids.json` plus the built-in presets' own names (Microsoft Authenticator, vfido generic).
 * @module
 */
import { aaguidNames, presets } from './presets.js';
import { ZERO_AAGUID } from './presetVocabulary.js';

const presetNames = new Map(Object.values(presets).map((p) => [p.aaguid, p.name]));

/**
 * An AAGUID in lowercase hyphenated form; accepts upper case, braces and missing hyphens.
 * @param aaguid - AAGUID text, e.g. `{A25342C0-3CDC-4414-8E46-F4807FCA511C}`
 * @returns the canonical form, or undefined when it is not 32 hex digits
 */
export function normalizeAaguid(aaguid: string): string | undefined {
  const hex = aaguid.trim().replace(/^\{|\}$/g, '').replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The model name for an AAGUID: the name table first, then the built-in presets.
 * The all-zero AAGUID names no model (it means "attestation none" or "not disclosed"), so it
 * gives undefined, as do unknown and malformed AAGUIDs.
 * @param aaguid - AAGUID text in any common spelling
 * @example `aaguidName('ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4') // 'Google Password Manager'`
 */
export function aaguidName(aaguid: string): string | undefined {
  const canonical = normalizeAaguid(aaguid);
  if (canonical === undefined || canonical === ZERO_AAGUID) return undefined;
  return (Object.hasOwn(aaguidNames, canonical) ? aaguidNames[canonical] : undefined) ?? presetNames.get(canonical);
}
