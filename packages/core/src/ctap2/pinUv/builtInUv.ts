/**
 * Whether the emulated model verifies users itself (a built-in method: biometric or device
 * passcode, getInfo option `uv`) rather than through a client PIN (CTAP 2.1 6.4 options `uv` and
 * `clientPin`).
 * @module
 */
import type { Preset } from '../../presets/types.js';

/**
 * FIDO Registry 3.1 user verification methods that are not a built-in verification: presence only,
 * methods entered on the client (`*_external`, i.e. the CTAP client PIN) and none.
 */
const NOT_BUILT_IN: ReadonlySet<string> = new Set(['presence_internal', 'passcode_external', 'pattern_external', 'none']);

/**
 * True when the preset has a built-in user verification method. Security keys whose only method
 * is an external PIN (`passcode_external`) verify users through authenticatorClientPIN instead,
 * so getInfo reports no `uv` option for them (CTAP 2.1 6.4).
 * @param preset - the emulated model
 */
export function hasBuiltInUv(preset: Preset): boolean {
  const { capable, methods } = preset.userVerification;
  return capable && methods.some((m) => !NOT_BUILT_IN.has(m));
}
