/**
 * The differential suite: every case runs in one Chromium against Chromium's own WebAuthn with its CDP
 * virtual authenticator (the expectation: never hard-coded), then through vfido's `shim` and `cdp`
 * backends, and the outcomes must be equal. A difference is a conformance bug in vfido's bridge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/**
 * Where cases run: each target has a shared page (cases that leave it usable, in the suite's order, so each
 * page sees the same sequence of cases as when everything ran one after another) and a page for the cases
 * that need a new authenticator and document (renewed before each: {@link Target.renew}). Each page runs one
 * case at a time (Chromium answers one WebAuthn request per page); the pages run side by side, so all
 * outcomes are computed from the start and each test awaits its two.
 */
type PageKind = 'shared' | 'fresh';
/** A lane: one of a target's pages, or (`own`) the cases that open contexts of their own. */
type LaneKind = PageKind | 'own';

/** Runs jobs one after another. */
class Lane {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(job: () => Promise<T>): Promise<T> {
    const done = this.#tail.then(job);
    this.#tail = done.catch(() => undefined);
    return done;
  }
}

/**
 * At most this many cases run at once, whatever their lanes (a lane asks for a slot per case): side by side they
 * share 2 cores with the rest of the run, and a loaded machine must not push a ceremony past the cases' 10 s
 * WebAuthn timeout.
 */
const CONCURRENT_CASES = 4;

/** A counting semaphore, first come first served. */
class Slots {
  #free: number;
  readonly #waiting: (() => void)[] = [];
  constructor(size: number) {
    this.#free = size;
  }
  async use<T>(job: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await job();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}
const slots = new Slots(CONCURRENT_CASES);

let browser: Browser;
let site: Site;
const targets = new Map<string, Promise<Target>>();
const lanes = new Map<string, Lane>();
/** Each case's outcome per target, scheduled in beforeAll. */
const outcomes = new Map<TargetName, Map<DiffCase, Promise<unknown>>>();

function target(name: TargetName, kind: PageKind): Promise<Target> {
  const key = `${name}:${kind}`;
  let t = targets.get(key);
  if (!t) targets.set(key, (t = openTarget(browser, name, site.origin)));
  return t;
}

function lane(name: TargetName, kind: LaneKind): Lane {
  const key = `${name}:${kind}`;
  let l = lanes.get(key);
  if (!l) lanes.set(key, (l = new Lane()));
  return l;
}

/**
 * Where a case runs on a target: an init script needs a context of its own, and so does vfido with another preset
 * (Chromium's own authenticator of another preset is a new one on the fresh page); a fresh case renews the
 * fresh page. The cases with contexts of their own queue apart: opening a context is slow and would hold up
 * the fresh page's cases.
 */
function laneOf(name: TargetName, c: DiffCase): LaneKind {
  if (c.init || (c.preset && name !== 'chromium')) return 'own';
  return c.fresh || c.preset ? 'fresh' : 'shared';
}

/** Run one case on one target. */
async function run(name: TargetName, c: DiffCase): Promise<unknown> {
  const kind = laneOf(name, c);
  if (kind === 'own') {
    const own = await openTarget(browser, name, site.origin, c.init, c.preset);
    try {
      return await (c.run ? c.run(own, own.page) : inPage(own.page, c.page!));
    } finally {
      await own.context.close();
    }
  }
  // A fresh case gets an authenticator and a document of its own everywhere.
  const t = await target(name, kind);
  const page = kind === 'fresh' ? await t.renew(c.preset) : t.page;
  return c.run ? c.run(t, page) : inPage(page, c.page!);
}

/** Queue one case on one target (once): its lane runs it after the cases queued before it. */
function schedule(name: TargetName, c: DiffCase): void {
  let m = outcomes.get(name);
  if (!m) outcomes.set(name, (m = new Map()));
  if (m.has(c)) return;
  const outcome = lane(name, laneOf(name, c)).run(() => slots.use(() => run(name, c)));
  outcome.catch(() => undefined); // awaited (and reported) by the case's test
  m.set(c, outcome);
}

function outcome(name: TargetName, c: DiffCase): Promise<unknown> {
  return outcomes.get(name)!.get(c)!;
}

beforeAll(async () => {
  site = await startSite();
  browser = await launchChromium();
  // The pages open here (under the hook's timeout, not the first test's), a few at a time.
  const pages: [TargetName, PageKind][] = [['chromium', 'shared'], ['chromium', 'fresh'], ['shim', 'shared'], ['shim', 'fresh'], ['cdp', 'shared'], ['cdp', 'fresh']];
  await Promise.all(pages.map(([name, kind]) => slots.use(() => target(name, kind))));
  // Chromium's own answer is computed once per case; the cases are queued in the order the tests run.
  for (const backend of BACKENDS) {
    for (const [category, cases] of Object.entries(CATEGORIES)) {
      if (backend === 'cdp' && !CDP_CATEGORIES.has(category)) continue;
      for (const c of cases) {
        schedule('chromium', c);
        schedule(backend, c);
      }
    }
  }
});
afterAll(async () => {
  // Every queued case has settled before the pages go (a failed test leaves nothing running behind it).
  await Promise.all([...outcomes.values()].flatMap((m) => [...m.values()].map((p) => p.catch(() => undefined))));
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
          const want = await outcome('chromium', c);
          const got = await outcome(backend, c);
          if (process.env.VFIDO_DIFF_PRINT) console.log(JSON.stringify({ backend, case: c.name, want, got }));
          if (known) expect(got).not.toEqual(want);
          else expect(got).toEqual(want);
        });
      }
    });
  }
});
