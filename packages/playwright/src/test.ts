/**
 * Playwright Test fixture: `import { test, expect } from '@vfido/playwright/test'` and
 * `test.use({ vfidoOptions: { preset: 'yubikey-5-nfc' } })`; each test gets `vfido`, a handle attached to its context.
 *
 * `@playwright/test` is an optional peer, loaded at run time; this module is typed against the small part of
 * its API it uses, so the package builds without it.
 * @module
 */
import type { BrowserContext, Page } from 'playwright-core';
import { attachAuthenticator } from './attachAuthenticator.js';
import type { AttachOptions } from './types.js';
import type { VfidoHandle } from './vfidoHandle.js';

/** The fixtures this module adds. */
export interface VfidoFixtures {
  /** Attach options; set with `test.use({ vfido: { preset: 'yubikey-5-nfc' } })`. */
  vfidoOptions: AttachOptions;
  /** The authenticator attached to the test's context (before any page loads). */
  vfido: VfidoHandle;
}

type FixtureFn<T> = (args: { context: BrowserContext; vfidoOptions: AttachOptions }, use: (value: T) => Promise<void>) => Promise<void>;

/** The slice of `@playwright/test`'s `test` object this module relies on. */
interface BaseTest {
  extend(fixtures: { vfidoOptions: [AttachOptions, { option: true }]; vfido: FixtureFn<VfidoHandle> }): VfidoTest;
}

/** Playwright Test's `test`, typed structurally for the parts that involve vfido. */
export interface VfidoTest {
  (title: string, body: (fixtures: VfidoFixtures & { context: BrowserContext; page: Page }) => Promise<void> | void): void;
  /** `test.use({ vfidoOptions: { preset: 'yubikey-5-nfc' } })`. */
  use(options: { vfidoOptions?: AttachOptions } & Record<string, unknown>): void;
  describe: ((title: string, body: () => void) => void) & Record<string, unknown>;
  [member: string]: unknown;
}

const specifier = '@playwright/test';
let playwrightTest: { test: BaseTest; expect: unknown };
try {
  playwrightTest = (await import(specifier)) as { test: BaseTest; expect: unknown };
} catch (cause) {
  throw new Error('@vfido/playwright/test needs @playwright/test: npm install -D @playwright/test', { cause });
}

/**
 * Playwright Test's `test` with the `vfido` fixture. Options go in `vfidoOptions`
 * (`test.use({ vfidoOptions: { preset: 'yubikey-5-nfc' } })`): in Playwright Test a fixture is either an
 * option (plain data) or a computed value, so `vfido` itself cannot take `test.use` data.
 */
export const test: VfidoTest = playwrightTest.test.extend({
  vfidoOptions: [{}, { option: true }],
  vfido: async ({ context, vfidoOptions }, use) => {
    const handle = await attachAuthenticator(context, vfidoOptions);
    await use(handle);
    await handle.detach();
  },
});

/** Playwright Test's `expect`, re-exported. */
export const expect = playwrightTest.expect;
