/**
 * Which browser a BiDi session drives, so the shim refuses as that browser's own WebAuthn does
 * (`@vfido/bridge/driver` dialects: Firefox answers an opaque origin with SecurityError, Chromium with
 * NotAllowedError). Read from the session, never from a page: the user agent of a top-level browsing context,
 * evaluated in a sandbox realm of our own (W3C WebDriver BiDi 7.6 `script.evaluate` with `sandbox`), whose
 * `navigator` the page's scripts cannot replace.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { CHROMIUM_DIALECT, FIREFOX_DIALECT, type BrowserDialect } from '@vfido/bridge/driver';
import type { BidiTransport } from './bidiTransport.js';

/** A browser engine whose refusals vfido reproduces. */
export type BrowserEngine = 'chromium' | 'firefox';

/** The dialect of an engine. */
export function dialectOf(engine: BrowserEngine): BrowserDialect {
  return engine === 'firefox' ? FIREFOX_DIALECT : CHROMIUM_DIALECT;
}

/**
 * The engine of a BiDi session, from a top-level browsing context's user agent (`chromium` when the session has no
 * context to ask, or the answer names neither).
 * @param transport - the session
 */
export async function detectEngine(transport: BidiTransport): Promise<BrowserEngine> {
  try {
    const tree = (await transport.send('browsingContext.getTree', { maxDepth: 0 })) as { contexts?: { context?: unknown }[] };
    const context = tree.contexts?.find((c) => typeof c.context === 'string')?.context as string | undefined;
    if (!context) return 'chromium';
    const sandbox = `vfido-engine-${randomBytes(6).toString('hex')}`;
    const answer = (await transport.send('script.evaluate', { expression: 'navigator.userAgent', target: { context, sandbox }, awaitPromise: false })) as {
      result?: { type?: string; value?: unknown };
    };
    const ua = answer.result?.type === 'string' ? String(answer.result.value) : '';
    return /\bFirefox\//.test(ua) ? 'firefox' : 'chromium';
  } catch {
    return 'chromium';
  }
}
