/**
 * "Who is calling" over WebDriver BiDi (WebAuthn L3 5.1.3 steps 2-5, 5.1.4 step 2, 5.9): `script.message` names
 * the calling realm, whose origin the browser gave in `script.realmCreated`. Where the realm also reported its
 * ancestors and permissions policy at install (Chromium: `location.ancestorOrigins`, `document.featurePolicy`),
 * those are used ({@link contextCallerFacts}); where it cannot (Firefox has no `featurePolicy`), the ancestry comes
 * from BiDi's browsing-context tree and the parents' realms, and the policy from each container's `allow`
 * attribute read in a sandbox ({@link inheritedPolicy}).
 * @module
 */
import { contextCallerFacts, featureFor, inheritedPolicy, type CallerFacts, type FrameLink, type RealmReport } from '@vfido/bridge/driver';
import type { FrameTree } from './frameTree.js';

const originOf = (url: string | null, base: string): string | undefined => {
  try {
    return url === null ? undefined : new URL(url, base).origin;
  } catch {
    return undefined;
  }
};

/** The container chain of a context, caller first (each link: the frame's origin, its parent's, the container's `allow`). */
async function frameChain(tree: FrameTree, context: string, origin: string): Promise<FrameLink[]> {
  const chain: FrameLink[] = [];
  let childOrigin = origin;
  for (let child = context, parent = await tree.parent(child); parent !== null; child = parent, parent = await tree.parent(child)) {
    const parentOrigin = await tree.contextOrigin(parent);
    const { allow, src, base } = await tree.container(parent, child);
    const srcOrigin = originOf(src, base);
    chain.push({ origin: childOrigin, parentOrigin, allow, src: srcOrigin && srcOrigin !== 'null' ? srcOrigin : childOrigin });
    childOrigin = parentOrigin;
  }
  return chain;
}

/**
 * The caller's facts for one ceremony.
 * @param tree - the session's realms and contexts
 * @param source - the `script.message` source (realm and browsing context)
 * @param realm - what the calling realm reported at install (and its activation at call time)
 * @param op - the ceremony (selects the permissions-policy feature)
 * @returns the facts, or the reason the caller cannot be trusted (refused with NotAllowedError)
 */
export async function bidiCallerFacts(tree: FrameTree, source: { realm: string; context: string }, realm: RealmReport, op: 'create' | 'get'): Promise<CallerFacts | { refused: string }> {
  const browserOrigin = await tree.realmOrigin(source.realm, source.context);
  if (realm.policy !== undefined && realm.ancestorOrigins !== undefined) return contextCallerFacts(browserOrigin, realm, op);
  if (browserOrigin === undefined) return { refused: 'the calling realm is unknown' };
  let origin = 'null';
  try {
    origin = new URL(browserOrigin).origin;
  } catch {
    // opaque
  }
  if (origin !== realm.origin) return { refused: `the calling realm (${origin}) reported origin ${realm.origin}` };
  const chain = await frameChain(tree, source.context, origin);
  const ancestors = chain.map((link) => link.parentOrigin);
  const failing = inheritedPolicy(featureFor(op), chain);
  return {
    origin,
    topOrigin: ancestors.length ? ancestors[ancestors.length - 1]! : origin,
    crossOrigin: ancestors.some((a) => a !== origin),
    policy: failing === undefined,
    policyNote: failing === undefined ? 'the frame tree allows it' : `the iframe of ${chain[failing]!.origin} does not allow it (allow attribute)`,
    ...(realm.activation !== undefined && { activation: realm.activation }),
  };
}
