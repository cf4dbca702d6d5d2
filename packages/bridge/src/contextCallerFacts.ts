/**
 * "Who is calling" for drivers whose automation protocol names the calling execution context and its origin
 * (CDP `Runtime.bindingCalled` + `Runtime.executionContextCreated`, WebDriver BiDi `script.message` + its
 * source realm): WebAuthn L3 5.1.3 steps 2-5, 5.1.4 step 2. The origin is the browser's; the realm's own
 * install-time report must agree with it and supplies the ancestors and permissions policy.
 * @module
 */
import type { CallerFacts, RealmReport } from './shimSession.js';

/** Serialized origins of the context origins seen (a page's few origins, parsed once rather than per ceremony). */
const ORIGINS = new Map<string, string>();

/** The origin of an execution context's origin text as the browser reports it (`null`/`://`/unparsable: opaque, 'null'). */
function serializedOrigin(contextOrigin: string): string {
  let origin = ORIGINS.get(contextOrigin);
  if (origin === undefined) {
    origin = 'null';
    try {
      if (contextOrigin) origin = new URL(contextOrigin).origin;
    } catch {
      // opaque: 'null'
    }
    if (ORIGINS.size >= 256) ORIGINS.clear(); // bounded: a suite visits many origins over time
    ORIGINS.set(contextOrigin, origin);
  }
  return origin;
}

/**
 * The caller's facts when the browser named the calling execution context (Chromium, CDP
 * `Runtime.bindingCalled`): the origin is the context's, as `Runtime.executionContextCreated` reported
 * it; the realm must have reported the same one, and its ancestors and permissions policy.
 * @param contextOrigin - the execution context's origin (`null`/`://` for opaque)
 */
export function contextCallerFacts(contextOrigin: string | undefined, realm: RealmReport, op: 'create' | 'get'): CallerFacts | { refused: string } {
  if (contextOrigin === undefined) return { refused: 'the calling execution context is unknown' };
  const origin = serializedOrigin(contextOrigin);
  if (origin !== realm.origin) return { refused: `the calling context (${origin}) reported origin ${realm.origin}` };
  const policy = realm.policy?.[op];
  if (policy === undefined || realm.ancestorOrigins === undefined) return { refused: 'the calling realm did not report its ancestors and permissions policy' };
  const ancestors = realm.ancestorOrigins;
  return {
    origin,
    topOrigin: ancestors.length ? ancestors[ancestors.length - 1]! : origin,
    crossOrigin: ancestors.some((a) => a !== origin),
    policy,
    policyNote: 'the browser reported it',
    ...(realm.activation !== undefined && { activation: realm.activation }),
  };
}
