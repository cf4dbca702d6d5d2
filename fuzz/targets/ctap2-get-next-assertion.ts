/**
 * Fuzz target: authenticatorGetNextAssertion (0x08, CTAP 2.1 6.3) after a mutated
 * authenticatorGetAssertion (0x02): the getAssertion request is sent, then up to four
 * getNextAssertion requests, each checked as in harness/ctap2.ts.
 * @module
 */
import type { TargetOptions } from '../engine/target.js';
import { runCommand } from '../harness/ctap2.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'authenticatorGetNextAssertion (0x08) after a mutated getAssertion: checked like every request',
  parts: ['bytes', 'cbor'],
  maxLen: 8192,
  dictionary: ['public-key', 'up', 'uv', 'id', 'type', 'example.com', 'other.example'],
};

/** Send getAssertion, then getNextAssertion until it fails (at most four times). */
export function fuzz(data: Buffer): Promise<void> {
  return runCommand(0x02, data, async (send, status) => {
    const extra = (data[data.length - 1] ?? 0) & 1 ? Uint8Array.of(0x08, 0xa0) : Uint8Array.of(0x08);
    for (let i = 0; i < 4 && status === 0; i++) status = await send(i === 3 ? extra : Uint8Array.of(0x08));
    if (status !== 0) await send(Uint8Array.of(0x08)); // after a failure: must answer NOT_ALLOWED, not reuse stale state
  });
}
