/**
 * What the browser says about frames, over WebDriver BiDi: each realm's origin (`script.realmCreated`,
 * `script.getRealms`), each browsing context's parent (`browsingContext.contextCreated`, `browsingContext.getTree`)
 * and an iframe element's `allow` and `src` attributes, read in a sandbox realm the page's scripts cannot reach
 * (`script.callFunction` with `sandbox`; W3C WebDriver BiDi 7.6 "The script Module", 7.3 "The browsingContext Module").
 * Nothing here comes from data the page can choose.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { BidiEventParams, BidiTransport } from './bidiTransport.js';

interface RealmEntry {
  origin: string;
  context: string;
}

/** One container: the `allow` and `src` attributes of the element that holds a child browsing context. */
export interface Container {
  allow: string | null;
  src: string | null;
  /** The embedding document's base URL (to resolve `src`). */
  base: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Realms and browsing contexts of one BiDi session, from its events, with look-ups when an event was missed. */
export class FrameTree {
  readonly #transport: BidiTransport;
  readonly #realms = new Map<string, RealmEntry>();
  /** context -> parent context (null for a top-level one) */
  readonly #parents = new Map<string, string | null>();
  /** A sandbox name of our own: the page cannot enter it, and its realm sees the DOM as loaded, not the page's globals. */
  readonly #sandbox = `vfido-${randomBytes(6).toString('hex')}`;

  constructor(transport: BidiTransport) {
    this.#transport = transport;
  }

  /** The event methods this tree follows (subscribe to them). */
  static readonly EVENTS = ['script.realmCreated', 'script.realmDestroyed', 'browsingContext.contextCreated', 'browsingContext.contextDestroyed'] as const;

  /** Feed one event. */
  readonly onEvent = (method: string, p: BidiEventParams): void => {
    if (method === 'script.realmCreated') {
      const realm = str(p.realm);
      const context = str(p.context);
      // Window realms of the page only: our own sandboxes (and others') are not callers.
      if (realm && context && p.type === 'window' && p.sandbox === undefined) this.#realms.set(realm, { origin: str(p.origin) ?? 'null', context });
    } else if (method === 'script.realmDestroyed') {
      const realm = str(p.realm);
      if (realm) this.#realms.delete(realm);
    } else if (method === 'browsingContext.contextCreated') {
      const context = str(p.context);
      if (context) this.#parents.set(context, str(p.parent) ?? null);
    } else if (method === 'browsingContext.contextDestroyed') {
      const context = str(p.context);
      if (context) this.#parents.delete(context);
    }
  };

  /** The origin the browser gave a realm (`null` for opaque), or undefined when it is not a window realm we know. */
  async realmOrigin(realm: string, context: string): Promise<string | undefined> {
    const known = this.#realms.get(realm);
    if (known) return known.origin;
    for (const r of await this.#windowRealms(context)) if (r.realm === realm) return r.origin;
    return undefined;
  }

  async #windowRealms(context: string): Promise<{ realm: string; origin: string }[]> {
    const result = await this.#transport.send('script.getRealms', { context, type: 'window' }).catch(() => ({ realms: [] }));
    const realms = Array.isArray(result.realms) ? (result.realms as Record<string, unknown>[]) : [];
    const out: { realm: string; origin: string }[] = [];
    for (const r of realms) {
      const realm = str(r.realm);
      if (!realm || r.sandbox !== undefined) continue;
      const origin = str(r.origin) ?? 'null';
      this.#realms.set(realm, { origin, context });
      out.push({ realm, origin });
    }
    return out;
  }

  /** The origin of the document now in a browsing context (its window realm's), `null` when unknown or opaque. */
  async contextOrigin(context: string): Promise<string> {
    let origin: string | undefined;
    for (const r of this.#realms.values()) if (r.context === context) origin = r.origin; // the newest document last
    if (origin !== undefined) return origin;
    const realms = await this.#windowRealms(context);
    return realms.at(-1)?.origin ?? 'null';
  }

  /** A context's parent (null: top-level), from the events or `browsingContext.getTree`. */
  async parent(context: string): Promise<string | null> {
    const known = this.#parents.get(context);
    if (known !== undefined) return known;
    const tree = await this.#transport.send('browsingContext.getTree', { root: context, maxDepth: 0 });
    const node = (Array.isArray(tree.contexts) ? tree.contexts[0] : undefined) as Record<string, unknown> | undefined;
    const parent = str(node?.parent) ?? null;
    this.#parents.set(context, parent);
    return parent;
  }

  /** The top-level context of a context. */
  async top(context: string): Promise<string> {
    let c = context;
    for (let p = await this.parent(c); p !== null; p = await this.parent(c)) c = p;
    return c;
  }

  /**
   * The element in `parent` whose content window is `child`: its `allow` and `src`, read in our sandbox
   * (the DOM attributes as they are now; the page's scripts cannot patch what the sandbox reads).
   */
  async container(parent: string, child: string): Promise<Container> {
    const result = await this.#transport.send('script.callFunction', {
      functionDeclaration: `() => [document.baseURI, ...Array.from(document.querySelectorAll('iframe, frame'), (f) => [f.contentWindow, f.getAttribute('allow'), f.getAttribute('src')])]`,
      awaitPromise: false,
      target: { context: parent, sandbox: this.#sandbox },
      resultOwnership: 'none',
    });
    const value = result.result as { type?: string; value?: unknown[] } | undefined;
    const items = value?.type === 'array' && Array.isArray(value.value) ? (value.value as { type?: string; value?: unknown }[]) : [];
    const base = str(items[0]?.value) ?? '';
    for (const item of items.slice(1)) {
      const [win, allow, src] = (Array.isArray(item.value) ? item.value : []) as { type?: string; value?: unknown }[];
      if (win?.type !== 'window' || (win.value as { context?: unknown } | undefined)?.context !== child) continue;
      return { allow: allow?.type === 'string' ? str(allow.value)! : null, src: src?.type === 'string' ? str(src.value)! : null, base };
    }
    return { allow: null, src: null, base };
  }
}
