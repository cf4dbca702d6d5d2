/**
 * Fuzz target: authenticatorConfig (0x0d, CTAP 2.1 6.11) request decoding and handling, through
 * VirtualAuthenticator.handle with mutated CBOR parameters (see harness/ctap2.ts for the checks).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { runCommand } from '../harness/ctap2.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'authenticatorConfig (0x0d): status byte always, canonical responses, no change on failure',
  parts: ['bytes', 'cbor'],
  maxLen: 8192,
  dictionary: [Uint8Array.of(0x01, 0x01), Uint8Array.of(0x01, 0x02), Uint8Array.of(0x01, 0x03), Uint8Array.of(0x02, 0xa1, 0x01, 0x06), 'newMinPINLength', 'minPinLengthRPIDs', 'forceChangePin'],
};

/** Send one mutated authenticatorConfig request. */
export function fuzz(data: Buffer): Promise<void> {
  return runCommand(0x0d, data);
}
