/**
 * The differential suite: every case runs in one Chromium against Chromium's own WebAuthn with its CDP
 * virtual authenticator (the expectation: never hard-coded), then through vfido's `shim` and `cdp`
 * backends, and the outcomes must be equal. A difference is a conformance bug in vfido's bridge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, startSite, type Site } from '../harness.js';
import type { Browser } from 'playwright-core';
import { openTarget, type Target, type TargetName } from './targets.js';
import { inPage, type DiffCase } from './case.js';
import { objectCases } from './cases/objects.js';
import { webidlCases } from './cases/webidl.js';
import { errorCases } from './cases/errors.js';
import { abortCases } from './cases/abort.js';
import { extensionCases } from './cases/extensions.js';
import { staticCases } from './cases/statics.js';
import { conditionalCases } from './cases/conditional.js';
import { intrinsicCases } from './cases/intrinsics.js';
import { activationCases } from './cases/activation.js';

const CATEGORIES: Record<string, DiffCase[]> = {
  objects: objectCases,
  webidl: webidlCases,
  errors: errorCases,
  abort: abortCases,
  extensions: extensionCases,
  statics: staticCases,
  conditional: conditionalCases,
  intrinsics: intrinsicCases,
  activation: activationCases,
};
const BACKENDS: TargetName[] = ['shim', 'cdp'];
/**
 * The cdp backend runs ceremonies on Chromium's own authenticator behind the browser's own bindings, so
 * WebIDL conversion, abort and intrinsics are the browser's by construction; it is compared where vfido
 * acts: results, errors, extensions, statics and the Signal API, conditional mediation.
 */
const CDP_CATEGORIES = new Set(['objects', 'errors', 'extensions', 'statics', 'conditional']);

let browser: Browser;
let site: Site;
const targets = new Map<TargetName, Promise<Target>>();
const expected = new Map<DiffCase, Promise<unknown>>();

function target(name: TargetName): Promise<Target> {
  let t = targets.get(name);
  if (!t) targets.set(name, (t = openTarget(browser, name, site.origin)));
  return t;
}

/** Run one case on one target. */
async function run(name: TargetName, c: DiffCase): Promise<unknown> {
  if (c.init || c.preset) {
    const own = await openTarget(browser, name, site.origin, c.init, c.preset);
    try {
      return await (c.run ? c.run(own, own.page) : inPage(own.page, c.page!));
    } finally {
      await own.context.close();
    }
  }
  // A fresh case gets an authenticator of its own everywhere: a new page (and so a new virtual
  // authenticator) in Chromium, a new context with its own vfido store for the backends.
  if (c.fresh && name !== 'chromium') {
    const own = await openTarget(browser, name, site.origin);
    try {
      return await (c.run ? c.run(own, own.page) : inPage(own.page, c.page!));
    } finally {
      await own.context.close();
    }
  }
  const t = await target(name);
  let page: Page = t.page;
  if (c.fresh) page = await t.newPage();
  try {
    return await (c.run ? c.run(t, page) : inPage(page, c.page!));
  } finally {
    if (c.fresh) await page.close();
  }
}

/** Chromium's own answer, computed once per case. */
function chromium(c: DiffCase): Promise<unknown> {
  let e = expected.get(c);
  if (!e) expected.set(c, (e = run('chromium', c)));
  return e;
}

beforeAll(async () => {
  site = await startSite();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe.each(BACKENDS)('%s backend sees what Chromium\'s own WebAuthn sees', (backend) => {
  for (const [category, cases] of Object.entries(CATEGORIES)) {
    if (backend === 'cdp' && !CDP_CATEGORIES.has(category)) continue;
    describe(category, () => {
      for (const c of cases) {
        const known = c.known?.[backend];
        it(known ? `${c.name} (known difference: ${known})` : c.name, async () => {
          const want = await chromium(c);
          const got = await run(backend, c);
          if (process.env.VFIDO_DIFF_PRINT) console.log(JSON.stringify({ backend, case: c.name, want, got }));
          if (known) expect(got).not.toEqual(want);
          else expect(got).toEqual(want);
        });
      }
    });
  }
});
