/**
 * The global names one attachment's page script uses for its channel: the protocol binding it captures (and
 * deletes) at install, and the receiver the driver calls with answers. Random per attachment.
 * @module
 */
import { randomBytes } from 'node:crypto';

/** Binding and receiver names (the page script's `cdp` config). */
export interface ChannelNames {
  binding: string;
  receiver: string;
}

/** Fresh random names for one attachment. */
export function channelNames(): ChannelNames {
  return { binding: `__vfido_cdp_${randomBytes(6).toString('hex')}`, receiver: `__vfido_reply_${randomBytes(6).toString('hex')}` };
}
