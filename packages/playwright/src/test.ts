/**
 * Playwright Test fixture: `import { test, expect } from '@vfido/playwright/test'` and
 * `test.use({ vfidoOptions: { preset: 'yubikey-5-nfc' } })`; every test's context gets a vfido authenticator (an
 * automatic fixture, also when the test does not ask for `vfido`), and `vfido` is its handle.
 *
 * `@playwright/test` is an optional peer: loaded at run time (with a clear error when missing); only its types are
 * imported statically, so `test` and `expect` carry Playwright's own types.
 * @module
 */
import type { Expect, PlaywrightTestArgs, PlaywrightTestOptions, PlaywrightWorkerArgs, PlaywrightWorkerOptions, TestType } from '@playwright/test';
import { attachAuthenticator } from './attachAuthenticator.js';
import type { AttachOptions } from './types.js';
import type { VfidoHandle } from './vfidoHandle.js';

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

const specifier = '@playwright/test';
let playwrightTest: PlaywrightTestModule;
try {
  playwrightTest = (await import(specifier)) as PlaywrightTestModule;
} catch (cause) {
  throw new Error('@vfido/playwright/test needs @playwright/test: npm install -D @playwright/test', { cause });
}

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
