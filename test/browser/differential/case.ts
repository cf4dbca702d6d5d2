/**
 * What a differential case is: a page script (the body of an async function that can use the helpers in
 * `window.D`) or a Node-side driver, whose serializable outcome must be the same on every target.
 */
import type { Target, TargetName } from './targets.js';

/** One differential case. */
export interface DiffCase {
  name: string;
  /** Body of an async function evaluated in the page; its return value is the outcome. */
  page?: string;
  /** A driver for cases that need Node (conditional picks, several pages); its return value is the outcome. */
  run?: (t: Target, page: import('playwright-core').Page) => Promise<unknown>;
  /** Run with an authenticator and a document of their own (the case changes page state or fills the authenticator). */
  fresh?: boolean;
  /** Another preset than `generic` (a U2F-only key, a CTAP 2.0 model): vfido runs the case in a context of its own, Chromium with a new authenticator of that model. */
  preset?: string;
  /** A script that runs before the authenticator's init script, in a context of its own. */
  init?: string;
  /**
   * A difference vfido cannot remove, per backend, and why. The test then asserts the outcomes still
   * differ, so the entry goes once the difference does.
   */
  known?: Partial<Record<TargetName, string>>;
}

/** Evaluate a case body in a page. */
export function inPage(page: import('playwright-core').Page, body: string): Promise<unknown> {
  return page.evaluate(`(async () => { ${body}\n})()`);
}
