/**
 * Fuzz target: authenticatorGetInfo (0x04, CTAP 2.1 6.4) request decoding and handling, through
 * VirtualAuthenticator.handle with mutated CBOR parameters (see harness/ctap2.ts for the checks).
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { runCommand } from '../harness/ctap2.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'authenticatorGetInfo (0x04): status byte always, canonical responses, no change on failure',
  parts: ['bytes', 'cbor'],
  maxLen: 8192,
  dictionary: [Uint8Array.of(0xa0), Uint8Array.of(0xf6)],
};

/** Send one mutated authenticatorGetInfo request. */
export function fuzz(data: Buffer): Promise<void> {
  return runCommand(0x04, data);
}
