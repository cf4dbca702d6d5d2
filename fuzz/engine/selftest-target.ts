/**
 * A planted bug for engine.test.ts: a crash behind a three-byte magic that blind mutation of the
 * seed would need about 2^24 tries to hit, but coverage feedback reaches byte by byte.
 * @module
 */
import type { TargetOptions } from './target.js';

/** Target options. */
export const options: TargetOptions = { description: 'planted crash behind a three-byte magic', maxLen: 64 };

/** Throws for inputs starting with 0x42 0x17 0x99. */
export function fuzz(data: Buffer): void {
  if (data.length < 3) return;
  if (data[0] === 0x42) {
    if (data[1] === 0x17) {
      if (data[2] === 0x99) throw new RangeError('planted bug reached');
    }
  }
}
