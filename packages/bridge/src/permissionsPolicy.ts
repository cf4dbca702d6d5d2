/**
 * Permissions Policy for the WebAuthn features `publickey-credentials-create` and
 * `publickey-credentials-get` (WebAuthn L3 5.9; Permissions Policy "Define an inherited policy for
 * feature in container at origin", "Parse an allow attribute"), computed from the frame tree for
 * browsers that do not tell the page its own policy (`document.featurePolicy`). Chromium does: there
 * the realm's own answer is used and this module is not consulted.
 *
 * Not modelled here: `Permissions-Policy` response headers (the page script cannot read them), and
 * attribute changes after the frame loaded (the attribute is read when the ceremony runs).
 * @module
 */

/** The two WebAuthn policy-controlled features. */
export type WebAuthnFeature = 'publickey-credentials-create' | 'publickey-credentials-get';

/** The feature a ceremony needs. */
export function featureFor(op: 'create' | 'get'): WebAuthnFeature {
  return op === 'create' ? 'publickey-credentials-create' : 'publickey-credentials-get';
}

/** One parsed allowlist: `*`, or a set of origins. */
export type Allowlist = '*' | ReadonlySet<string>;

const originOf = (value: string): string | undefined => {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
};

/**
 * Parse an iframe `allow` attribute into per-feature allowlists (Permissions Policy 9.3 "Parse policy
 * directive" with the container's `'self'` = the embedding document's origin and `'src'` = the origin of
 * the iframe's `src`; a feature named without an allowlist means `'src'`). Unknown tokens are ignored.
 * @param allow - the attribute value (`null` when absent)
 * @param self - the embedding document's origin
 * @param src - the origin the iframe was loaded from (its `src` URL)
 */
export function parseAllowAttribute(allow: string | null, self: string, src: string): Map<string, Allowlist> {
  const out = new Map<string, Allowlist>();
  if (!allow) return out;
  for (const directive of allow.split(';')) {
    const [feature, ...tokens] = directive.trim().split(/\s+/).filter(Boolean);
    if (!feature || out.has(feature)) continue; // the first declaration of a feature wins
    if (tokens.length === 0) tokens.push("'src'");
    if (tokens.includes('*')) {
      out.set(feature, '*');
      continue;
    }
    const origins = new Set<string>();
    for (const token of tokens) {
      const t = token.toLowerCase();
      if (t === "'none'") continue;
      if (t === "'self'") origins.add(self);
      else if (t === "'src'") origins.add(src);
      else {
        const o = originOf(token);
        if (o) origins.add(o);
      }
    }
    if (tokens.some((t) => t.toLowerCase() === "'none'")) origins.clear(); // 'none' means an empty allowlist
    out.set(feature, origins);
  }
  return out;
}

/** Whether an origin matches an allowlist (opaque origins match only `*`). */
export function matchesAllowlist(list: Allowlist, origin: string): boolean {
  if (list === '*') return true;
  return origin !== 'null' && list.has(origin);
}

/** One link of the frame chain, caller first: the frame's origin, its parent's origin and its container's `allow`. */
export interface FrameLink {
  /** The frame's origin (`null` when opaque). */
  origin: string;
  /** The parent document's origin. */
  parentOrigin: string;
  /** The iframe element's `allow` attribute. */
  allow: string | null;
  /** The origin of the iframe element's `src` (for `'src'`); the frame's origin when unknown. */
  src: string;
}

/**
 * Whether the feature is enabled in the calling document, from its chain of containers (caller first,
 * top-level document last): every link must pass the inherited-policy check (the parent enables the
 * feature, and the container's allowlist, or the features' default allowlist `'self'`, matches the frame).
 * @returns undefined when enabled, else the link (index into `chain`) that disables it
 */
export function inheritedPolicy(feature: WebAuthnFeature, chain: readonly FrameLink[]): number | undefined {
  for (let i = 0; i < chain.length; i++) {
    const link = chain[i]!;
    const declared = parseAllowAttribute(link.allow, link.parentOrigin, link.src).get(feature);
    // Default allowlist of both features is 'self' (WebAuthn L3 5.9): same-origin children inherit.
    const allowed = declared !== undefined ? matchesAllowlist(declared, link.origin) : link.origin !== 'null' && link.origin === link.parentOrigin;
    if (!allowed) return i;
  }
  return undefined;
}
