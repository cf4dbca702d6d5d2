/**
 * Playwright Test fixture: `import { test, expect } from '@vfido/playwright/test'` and
 * `test.use({ vfidoOptions: { preset: 'yubikey-5-nfc' } })`; every test's context gets a vfido authenticator (an
 * automatic fixture, also when the test does not ask for `vfido`), and `vfido` is its handle.
 *
 * `@playwright/test` is an optional peer, loaded synchronously with `require` from this module's own location, so
 * the one copy the project installed is the one that runs (Playwright refuses a second copy) and the module has no
 * top-level await: CommonJS projects `require('@vfido/playwright/test')` through Node's require(esm). Only its types
 * are imported statically, so `test` and `expect` carry Playwright's own types.
 * @module
 */
import { createRequire } from 'node:module';
import type { Expect, PlaywrightTestArgs, PlaywrightTestOptions, PlaywrightWorkerArgs, PlaywrightWorkerOptions, TestType } from '@playwright/test';
import { attachAuthenticator } from './attachAuthenticator.js';
import type { AttachOptions } from './types.js';
import type { VfidoHandle } from '@vfido/bridge';

/** The fixtures this module adds. */
export interface VfidoFixtures {
  /** Attach options; set with `test.use({ vfidoOptions: { preset: 'yubikey-5-nfc' } })`. */
  vfidoOptions: AttachOptions;
  /** The authenticator attached to the test's context before any page loads (every test, named or not). */
  vfido: VfidoHandle;
}

/** Playwright Test's `test` with the vfido fixtures. */
export type VfidoTest = TestType<PlaywrightTestArgs & PlaywrightTestOptions & VfidoFixtures, PlaywrightWorkerArgs & PlaywrightWorkerOptions>;

type PlaywrightTestModule = { test: TestType<PlaywrightTestArgs & PlaywrightTestOptions, PlaywrightWorkerArgs & PlaywrightWorkerOptions>; expect: Expect };

/**
 * Playwright Test itself, resolved from this file (in an installed project: the project's own `@playwright/test`).
 * @throws Error when `@playwright/test` is not installed, naming the install command
 */
function loadPlaywrightTest(): PlaywrightTestModule {
  const require = createRequire(import.meta.url);
  try {
    return require('@playwright/test') as PlaywrightTestModule;
  } catch (cause) {
    if ((cause as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw cause;
    throw new Error('@vfido/playwright/test needs @playwright/test: npm install -D @playwright/test', { cause });
  }
}

const playwrightTest = loadPlaywrightTest();

/**
 * Playwright Test's `test` with the `vfido` fixture. Options go in `vfidoOptions`
 * (`test.use({ vfidoOptions: { preset: 'yubikey-5-nfc' } })`): in Playwright Test a fixture is either an
 * option (plain data) or a computed value, so `vfido` itself cannot take `test.use` data.
 */
export const test: VfidoTest = playwrightTest.test.extend<VfidoFixtures>({
  vfidoOptions: [{}, { option: true }],
  // auto: attached even when a test does not name `vfido`, so the page never reaches the browser's own WebAuthn
  // (which would wait for a real authenticator).
  vfido: [
    async ({ context, vfidoOptions }, use) => {
      const handle = await attachAuthenticator(context, vfidoOptions);
      await use(handle);
      await handle.detach();
    },
    { auto: true },
  ],
});

/** Playwright Test's `expect`, re-exported. */
export const expect: Expect = playwrightTest.expect;
