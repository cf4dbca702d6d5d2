/**
 * Fuzz target: authenticatorLargeBlobs (0x0c, CTAP 2.1 6.10) request decoding and handling, through
 * VirtualAuthenticator.handle with mutated CBOR parameters (see harness/ctap2.ts for the checks).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { runCommand } from '../harness/ctap2.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'authenticatorLargeBlobs (0x0c): status byte always, canonical responses, no change on failure',
  parts: ['bytes', 'cbor'],
  maxLen: 8192,
  dictionary: [Uint8Array.of(0x01, 0x19, 0x04, 0x00), Uint8Array.of(0x02, 0x40), Uint8Array.of(0x03, 0x00), Uint8Array.of(0x04, 0x19, 0x01, 0x00)],
};

/** Send one mutated authenticatorLargeBlobs request. */
export function fuzz(data: Buffer): Promise<void> {
  return runCommand(0x0c, data);
}
