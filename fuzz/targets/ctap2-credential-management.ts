/**
 * Fuzz target: authenticatorCredentialManagement (0x0a, CTAP 2.1 6.8) request decoding and handling, through
 * VirtualAuthenticator.handle with mutated CBOR parameters (see harness/ctap2.ts for the checks).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { runCommand } from '../harness/ctap2.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'authenticatorCredentialManagement (0x0a): status byte always, canonical responses, no change on failure',
  parts: ['bytes', 'cbor'],
  maxLen: 8192,
  dictionary: [Uint8Array.of(0x01, 0x01), Uint8Array.of(0x01, 0x02), Uint8Array.of(0x01, 0x04), Uint8Array.of(0x01, 0x06), Uint8Array.of(0x01, 0x07), Uint8Array.of(0x03, 0x01), 'rpIdHash', 'credentialId', 'user', 'public-key'],
};

/** Send one mutated authenticatorCredentialManagement request. */
export function fuzz(data: Buffer): Promise<void> {
  return runCommand(0x0a, data);
}
