/**
 * Fuzz target: authenticatorMakeCredential (0x01, CTAP 2.1 6.1) request decoding and handling, through
 * VirtualAuthenticator.handle with mutated CBOR parameters (see harness/ctap2.ts for the checks).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { runCommand } from '../harness/ctap2.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'authenticatorMakeCredential (0x01): status byte always, canonical responses, no change on failure',
  parts: ['bytes', 'cbor'],
  maxLen: 8192,
  dictionary: ['public-key', 'rk', 'uv', 'up', 'credProtect', 'hmac-secret', 'hmac-secret-mc', 'credBlob', 'largeBlobKey', 'minPinLength', 'packed', 'none', 'id', 'name', 'displayName', 'type', 'alg', Uint8Array.of(0x26), Uint8Array.of(0x27), Uint8Array.of(0x39, 0x01, 0x00)],
  quickSeconds: 4,
  timeoutMs: 10_000, // makeCredential may generate an RSA-2048 key: 0.15-1.5 s, more on a loaded machine
};

/** Send one mutated authenticatorMakeCredential request. */
export function fuzz(data: Buffer): Promise<void> {
  return runCommand(0x01, data);
}
