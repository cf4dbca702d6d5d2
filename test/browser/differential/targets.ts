/**
 * The three places a differential case runs, all in one Chromium: the browser's own WebAuthn with
 * Chromium's CDP virtual authenticator (the expectation), and vfido's `shim` and `cdp` backends with the
 * `generic` preset (CTAP 2.1 USB key with resident keys, UV and hmac-secret: the options Chromium's
 * authenticator gets are the same ones the cdp backend derives from that preset).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { presets } from '@vfido/core';
import { attachAuthenticator, type VfidoHandle } from '../../../packages/playwright/src/index.js';
import { cdpAuthenticatorOptions } from '../../../packages/playwright/src/cdp/cdpAuthenticatorOptions.js';
import { PAGE_HELPERS } from './pageHelpers.js';

/** Where a case runs. */
export type TargetName = 'chromium' | 'shim' | 'cdp';

/** One target: a context with its authenticator and a page reused between cases. */
export interface Target {
  readonly name: TargetName;
  readonly context: BrowserContext;
  /** The shared page (on the test site, helpers loaded). */
  page: Page;
  /** The vfido handle (shim and cdp only). */
  readonly vfido?: VfidoHandle;
  /** Open another page on the site in this target (Chromium's authenticator is added to it too). */
  newPage(path?: string): Promise<Page>;
  /**
   * Make the target's page as good as a new one for a case that needs its own authenticator and document,
   * without a new renderer process (measured: a new page ~1 CPU-s, this ~0.2): Chromium's page gets a new
   * virtual authenticator; vfido's store is emptied through the handle, checked empty (the cdp backend's
   * page also gets a new Chromium authenticator); then the page loads a new document of the site.
   * @param preset - for Chromium's own authenticator: the model whose CDP options it gets (default: the target's)
   * @returns the page, now at `/`
   * @throws Error when a vfido target is asked for another preset than its own (that needs a target of its own)
   */
  renew(preset?: string): Promise<Page>;
  /** The simulated user picks a passkey for pending conditional requests (Chromium's picks by itself). */
  completeConditional(): Promise<void>;
}

/** The preset every case runs with unless it names another. */
export const DEFAULT_PRESET = 'generic';

/** Add Chromium's own virtual authenticator to a page (what the cdp backend would do for vfido); returns a function that replaces it with a new one. */
async function chromiumAuthenticator(context: BrowserContext, page: Page, preset: string): Promise<(preset: string) => Promise<void>> {
  const session = await context.newCDPSession(page);
  await session.send('WebAuthn.enable', { enableUI: false });
  const options = (preset: string) => cdpAuthenticatorOptions(presets[preset]!, { verified: true, present: true });
  let { authenticatorId } = await session.send('WebAuthn.addVirtualAuthenticator', { options: options(preset) });
  return async (next) => {
    await session.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    ({ authenticatorId } = await session.send('WebAuthn.addVirtualAuthenticator', { options: options(next) }));
  };
}

/**
 * Open a target in `browser`, serving pages from `origin`.
 * @param init - an init script that runs before the authenticator's (the intrinsics-tampering cases)
 * @param preset - the emulated model; Chromium's authenticator gets the CDP options the cdp backend derives from it
 */
export async function openTarget(browser: Browser, name: TargetName, origin: string, init?: string, preset = DEFAULT_PRESET): Promise<Target> {
  const context = await browser.newContext();
  // Helpers first (they capture clean intrinsics), then the page's own tampering, then the authenticator.
  await context.addInitScript({ content: PAGE_HELPERS });
  if (init) await context.addInitScript({ content: init });
  // Other presets than generic differ from Chromium's authenticator in AAGUID and attestation only (which no case reads).
  const vfido = name === 'chromium' ? undefined : await attachAuthenticator(context, { preset, backend: name, seed: `differential-${name}`, ...(preset !== DEFAULT_PRESET && { allowApproximation: true }) });
  const replaceAuthenticator = new Map<Page, (preset: string) => Promise<void>>();
  const newPage = async (path = '/'): Promise<Page> => {
    const page = await context.newPage();
    if (name === 'chromium') replaceAuthenticator.set(page, await chromiumAuthenticator(context, page, preset));
    if (vfido) await vfido.ready();
    await page.goto(`${origin}${path}`);
    return page;
  };
  const page = await newPage();
  return {
    name,
    context,
    page,
    ...(vfido && { vfido }),
    newPage,
    renew: async (next = preset) => {
      if (vfido && next !== preset) throw new Error(`the ${name} target runs preset ${preset}, not ${next}: open a target for it`);
      await replaceAuthenticator.get(page)?.(next);
      if (vfido) {
        // cdp: an absent user swaps each page's Chromium authenticator for a refusing stand-in (whose late events
        // from the old one are ignored), and presence back installs a new one seeded from the emptied store.
        if (name === 'cdp') await vfido.setUserPresent(false);
        for (const c of vfido.credentials()) await vfido.removeCredential(c.id);
        const left = vfido.credentials().length;
        if (left > 0) throw new Error(`the ${name} target's vfido store still holds ${left} credentials after emptying it`);
        if (name === 'cdp') await vfido.setUserPresent(true);
      }
      await page.goto(`${origin}/`);
      return page;
    },
    completeConditional: async () => {
      // The shim holds conditional requests for the test's pick; wait until the page's request is there.
      if (name !== 'shim' || !vfido) return;
      for (let i = 0; i < 100; i++) {
        if ((await vfido.completeConditional()) > 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
