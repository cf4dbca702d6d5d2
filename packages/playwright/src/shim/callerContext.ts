/**
 * The Playwright driver's half of "who is calling" (WebAuthn L3 5.1.3 steps 2-5, 5.1.4 step 2, 5.9):
 * it turns what the calling realm reported when the init script installed (its origin, ancestor
 * origins and permissions policy, read from the browser before any page script ran) and Playwright's
 * frame tree into the {@link CallerFacts} the driver-neutral session judges. Nothing here comes from
 * data the page script can choose.
 * @module
 */
import type { Frame } from 'playwright-core';
import { featureFor, inheritedPolicy, type FrameLink } from '@vfido/bridge/driver';
import type { CallerFacts, RealmReport } from '@vfido/bridge/driver';

/** The origin of a frame's current URL, `null` when opaque (about:blank, srcdoc, data:) or unparsable. */
export function frameOrigin(frame: Frame): string {
  try {
    return new URL(frame.url()).origin;
  } catch {
    return 'null';
  }
}

/** A frame's origin from its URL, inheriting the parent's for about:blank / about:srcdoc (HTML 7.1.1). */
function documentOrigin(frame: Frame): string {
  const url = frame.url();
  const parent = frame.parentFrame();
  if ((url === 'about:blank' || url === 'about:srcdoc' || url === '') && parent) return documentOrigin(parent);
  return frameOrigin(frame);
}

/** The container's `allow` and `src` attributes, read in Playwright's utility world (page scripts cannot patch it). */
async function containerAttributes(frame: Frame): Promise<{ allow: string | null; src: string | null }> {
  const element = await frame.frameElement();
  try {
    return { allow: await element.getAttribute('allow'), src: await element.getAttribute('src') };
  } finally {
    await element.dispose();
  }
}

/**
 * The ancestor chain from Playwright's frame tree, caller first, with each container's `allow`. Each parent's origin
 * is the one the browser reported (`location.ancestorOrigins`, nearest first, when it has as many entries as the
 * tree has ancestors), else the parent's URL origin: the URL says nothing about sandboxing.
 */
async function frameChain(frame: Frame, origin: string, ancestors: readonly string[] | undefined): Promise<FrameLink[]> {
  const chain: FrameLink[] = [];
  let childOrigin = origin;
  const reported = ancestors?.length === depth(frame) ? ancestors : undefined;
  for (let f = frame, parent = f.parentFrame(); parent; f = parent, parent = f.parentFrame()) {
    const parentOrigin = reported?.[chain.length] ?? documentOrigin(parent);
    const { allow, src } = await containerAttributes(f);
    let srcOrigin = childOrigin;
    try {
      if (src) srcOrigin = new URL(src, parent.url()).origin;
    } catch {
      // keep the frame's own origin
    }
    chain.push({ origin: childOrigin, parentOrigin, allow, src: srcOrigin });
    childOrigin = parentOrigin;
  }
  return chain;
}

/**
 * The caller's facts for one ceremony.
 * @param frame - the frame Playwright says the binding call came from
 * @param realm - what that frame's realm reported at install (and its activation at call time)
 * @param op - the ceremony (selects the permissions-policy feature)
 * @returns the facts, or the reason the caller cannot be trusted (refused with NotAllowedError)
 */
export async function callerFacts(frame: Frame, realm: RealmReport, op: 'create' | 'get'): Promise<CallerFacts | { refused: string }> {
  const origin = realm.origin;
  // Cross-check with Playwright's frame: a frame whose URL has a tuple origin must report that origin
  // (opaque realms report 'null'; about:blank/srcdoc inherit their creator's, so their URL says nothing).
  const urlOrigin = frameOrigin(frame);
  if (origin !== 'null' && urlOrigin !== 'null' && urlOrigin !== origin) {
    return { refused: `the calling frame (${urlOrigin}) reported origin ${origin}` };
  }
  const ancestors = realm.ancestorOrigins ?? ancestorOriginsOf(frame);
  const crossOrigin = ancestors.some((a) => a !== origin);
  const topOrigin = ancestors.length ? ancestors[ancestors.length - 1]! : origin;
  let policy = realm.policy?.[op];
  let policyNote = 'the browser reported it';
  if (policy === undefined) {
    const chain = await frameChain(frame, origin, realm.ancestorOrigins);
    const failing = inheritedPolicy(featureFor(op), chain);
    policy = failing === undefined;
    if (!policy) policyNote = `the iframe of ${chain[failing!]!.origin} does not allow it (allow attribute)`;
  }
  return { origin, topOrigin, crossOrigin, policy, policyNote, ...(realm.activation !== undefined && { activation: realm.activation }) };
}

/** How many ancestors a frame has in Playwright's frame tree. */
function depth(frame: Frame): number {
  let n = 0;
  for (let p = frame.parentFrame(); p; p = p.parentFrame()) n++;
  return n;
}

/** Ancestor origins from Playwright's frame tree (browsers without `location.ancestorOrigins`), nearest first. */
function ancestorOriginsOf(frame: Frame): string[] {
  const out: string[] = [];
  for (let p = frame.parentFrame(); p; p = p.parentFrame()) out.push(documentOrigin(p));
  return out;
}
