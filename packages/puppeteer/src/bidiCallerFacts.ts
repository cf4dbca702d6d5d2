/**
 * "Who is calling" over WebDriver BiDi (WebAuthn L3 5.1.3 steps 2-5, 5.1.4 step 2, 5.9), entirely from protocol
 * data: `script.message` names the calling realm and browsing context; the realm's origin comes from
 * `script.getRealms`, the ancestors from `browsingContext.getTree` and their realms, and the permissions policy
 * (Firefox has no `document.featurePolicy`) from each container's `allow` attribute, read in a sandbox realm of
 * the parent document that page scripts cannot reach. The realm's own install-time report must agree with the
 * browser's origin (contextCallerFacts).
 * @module
 */
import { contextCallerFacts, featureFor, inheritedPolicy, type CallerFacts, type FrameLink, type RealmReport } from '@vfido/bridge/driver';
import { bidiCommand, type BidiLink } from './bidiLink.js';

/** The sandbox the driver reads container attributes in (its own realm per document, invisible to the page). */
const SANDBOX = 'vfido-puppeteer';

interface RealmInfo {
  realm: string;
  origin: string;
  type: string;
  context?: string;
  sandbox?: string;
}

interface TreeInfo {
  context: string;
  parent?: string | null;
}

type RemoteValue = { type: string; value?: unknown };

/** The calling browsing context and its ancestors, caller first, top-level last (`browsingContext.getTree`). */
export async function lineage(link: BidiLink, context: string): Promise<string[]> {
  const out = [context];
  for (let c: string | null | undefined = context; out.length < 64; ) {
    const tree: { contexts: TreeInfo[] } = await bidiCommand(link, 'browsingContext.getTree', { root: c, maxDepth: 0 });
    c = tree.contexts[0]?.parent;
    if (!c) break;
    out.push(c);
  }
  return out;
}

/** The origin of the document currently in a browsing context (its window realm in the page's own world). */
async function documentOrigin(link: BidiLink, context: string): Promise<string | undefined> {
  const { realms } = await bidiCommand<{ realms: RealmInfo[] }>(link, 'script.getRealms', { context, type: 'window' });
  return realms.find((r) => r.sandbox === undefined)?.origin;
}

/** The `allow` and `src` attributes of the container of `child` in `parent`, read in the driver's sandbox. */
async function container(link: BidiLink, parent: string, child: string): Promise<{ allow: string | null; src: string | null }> {
  const { result } = await bidiCommand<{ result: RemoteValue }>(link, 'script.callFunction', {
    functionDeclaration: `() => Array.from(document.querySelectorAll('iframe, frame'), (e) => [e.contentWindow, e.getAttribute('allow'), e.getAttribute('src')])`,
    target: { context: parent, sandbox: SANDBOX },
    awaitPromise: false,
    resultOwnership: 'none',
    serializationOptions: { maxObjectDepth: 2 },
  });
  const rows = result.type === 'array' && Array.isArray(result.value) ? (result.value as RemoteValue[]) : [];
  for (const row of rows) {
    const [win, allow, src] = (row.value as RemoteValue[] | undefined) ?? [];
    if (win?.type === 'window' && (win.value as { context?: string } | undefined)?.context === child) {
      const text = (v: RemoteValue | undefined): string | null => (v?.type === 'string' ? (v.value as string) : null);
      return { allow: text(allow), src: text(src) };
    }
  }
  return { allow: null, src: null };
}

/**
 * The caller's facts for one ceremony.
 * @param link - the BiDi connection
 * @param realmId - the calling realm (`script.message` source)
 * @param contexts - the calling browsing context and its ancestors ({@link lineage})
 * @param report - what that realm reported at install (and its activation at call time)
 * @param op - the ceremony (selects the permissions-policy feature)
 * @returns the facts, or the reason the caller cannot be trusted (refused with NotAllowedError)
 */
export async function bidiCallerFacts(link: BidiLink, realmId: string, contexts: readonly string[], report: RealmReport, op: 'create' | 'get'): Promise<CallerFacts | { refused: string }> {
  const { realms } = await bidiCommand<{ realms: RealmInfo[] }>(link, 'script.getRealms', { context: contexts[0] });
  const own = realms.find((r) => r.realm === realmId && r.sandbox === undefined);
  if (!own) return { refused: 'the calling realm is unknown to the browser' };
  const origins = [own.origin];
  for (const c of contexts.slice(1)) origins.push((await documentOrigin(link, c)) ?? 'null');
  const ancestors = origins.slice(1);
  let policy = report.policy;
  let note: string | undefined;
  if (!policy) {
    // Container chain, caller first: each frame's origin, its parent's, and the container's allow / src.
    const chain: FrameLink[] = [];
    for (let i = 0; i + 1 < contexts.length; i++) {
      const { allow, src } = await container(link, contexts[i + 1]!, contexts[i]!);
      let srcOrigin = origins[i]!;
      try {
        if (src) srcOrigin = new URL(src, `${origins[i + 1]}/`).origin;
      } catch {
        // keep the frame's own origin
      }
      chain.push({ origin: origins[i]!, parentOrigin: origins[i + 1]!, allow, src: srcOrigin });
    }
    const failing = inheritedPolicy(featureFor(op), chain);
    policy = { create: op === 'create' && failing === undefined, get: op === 'get' && failing === undefined };
    if (failing !== undefined) note = `the iframe of ${chain[failing]!.origin} does not allow it (allow attribute)`;
  }
  const facts = contextCallerFacts(own.origin, { ...report, ancestorOrigins: ancestors, policy }, op);
  return note && !('refused' in facts) ? { ...facts, policyNote: note } : facts;
}
