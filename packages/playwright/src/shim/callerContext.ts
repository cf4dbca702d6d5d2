/**
 * Who is calling: the origin, top-level origin and permissions-policy state of the frame that invoked
 * the shim, read from Playwright's view of the frame tree, never from anything the page sends
 * (WebAuthn L3 5.1.3 steps 2-5, 5.1.4 step 2; Permissions Policy `publickey-credentials-create` /
 * `publickey-credentials-get`, WebAuthn L3 5.9).
 * @module
 */
import type { Frame } from 'playwright-core';

/** The caller as the browser sees it. */
export interface CallerContext {
  /** The calling frame's origin (`null` for opaque origins). */
  origin: string;
  /** The top-level origin when the frame is not same-origin with its ancestors. */
  topOrigin: string | undefined;
}

/** The origin of a frame's current URL, `null` when opaque or unparsable. */
export function frameOrigin(frame: Frame): string {
  try {
    return new URL(frame.url()).origin;
  } catch {
    return 'null';
  }
}

/** Permissions-policy feature names per ceremony. */
const FEATURE = { create: 'publickey-credentials-create', get: 'publickey-credentials-get' } as const;

/** Whether an iframe's `allow` attribute lists the feature (any allowlist counts as "this frame's origin"). */
function allowListed(allow: string | null, feature: string): boolean {
  if (!allow) return false;
  return allow.split(';').some((d) => {
    const [name, ...list] = d.trim().split(/\s+/);
    return name === feature && !list.includes("'none'");
  });
}

async function allowAttribute(frame: Frame): Promise<string | null> {
  const element = await frame.frameElement();
  try {
    return await element.getAttribute('allow');
  } finally {
    await element.dispose();
  }
}

/**
 * Read the caller's origin and top origin, and check the permissions policy: a frame that is
 * cross-origin with its parent needs `allow="publickey-credentials-<op>"`, and so does every
 * cross-origin ancestor (the features' default allowlist is `'self'`).
 * @returns the caller, or the DOMException name and message to reject with
 */
export async function callerContext(frame: Frame, op: 'create' | 'get'): Promise<CallerContext | { name: 'NotAllowedError'; message: string }> {
  const origin = frameOrigin(frame);
  let top = frame;
  let crossOrigin = false;
  for (let f = frame, parent = f.parentFrame(); parent; f = parent, parent = f.parentFrame()) {
    top = parent;
    if (frameOrigin(f) === frameOrigin(parent)) continue;
    crossOrigin = true;
    if (!allowListed(await allowAttribute(f), FEATURE[op])) {
      return {
        name: 'NotAllowedError',
        message: `the '${FEATURE[op]}' feature is not enabled in this document: add allow="${FEATURE[op]}" to the iframe of ${frameOrigin(f)}`,
      };
    }
  }
  return { origin, topOrigin: crossOrigin ? frameOrigin(top) : undefined };
}
