/**
 * Whether the emulated model verifies users itself (a built-in method: biometric or device
 * passcode, getInfo option `uv`) rather than through a client PIN (CTAP 2.1 6.4 options `uv` and
 * `clientPin`).
 * @module
 */
import type { Preset } from '../../presets/types.js';

/**
 * True when the preset has a built-in user verification method. Security keys whose only method
 * is an external PIN (`passcode_external`) verify users through authenticatorClientPIN instead.
 * @param preset - the emulated model
 */
export function hasBuiltInUv(preset: Preset): boolean {
  // Until the WebAuthn client speaks clientPIN, every UV-capable preset verifies through the scripted user.
  return preset.userVerification.capable;
}
