import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import HeavyFirstSequencer from './test/support/heavyFirstSequencer.js';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/** The globalSetup that shares one browser of each kind across the run's files. */
const BROWSER_BROKER = 'test/support/browserBroker.ts';

/** Resets process-wide library settings after each file of a non-isolated project. */
const SHARED_PROCESS_SETUP = 'test/support/sharedProcessSetup.ts';

/** Cross-package test files verified to run one after another in one worker process (`isolate: false`). */
const SHARED_PROCESS = [
  'test/cli/*.test.ts',
  'test/interop/*.test.ts',
  'test/negative/*.test.ts',
  'test/policy/*.test.ts',
  'test/concurrency/*.test.ts',
  'test/durability/*.test.ts',
  'test/wpt/*.test.ts',
  'test/examples/rp-readme.test.ts',
  'test/setup/peers.test.ts',
  'test/browser/cdp.test.ts',
  'test/browser/shim.test.ts',
  'test/browser/shimExtensions.test.ts',
  'test/browser/shimNavigation.test.ts',
  'test/browser/security/hostilePages.test.ts',
  'test/bench/bench.test.ts',
  'test/browser/differential/*.test.ts',
  'test/browser/drivers/*.test.ts',
  'test/demo/cdpBackend.test.ts',
  'fuzz/fuzz.test.ts',
  'test/sidecar/*.test.ts',
  'test/demo/demo.test.ts',
  'test/examples/{puppeteer,webdriver}Example.test.ts',
];

export default defineConfig({
  resolve: {
    // Tests see each package's public barrel from source, so they never run against a stale build.
    alias: [
      { find: /^@vfido\/core$/, replacement: src('core') },
      { find: /^@vfido\/core\/presets$/, replacement: fileURLToPath(new URL('./packages/core/src/presetsEntry.ts', import.meta.url)) },
      { find: /^@vfido\/core\/data$/, replacement: fileURLToPath(new URL('./packages/core/src/data.ts', import.meta.url)) },
      { find: /^@vfido\/rp$/, replacement: src('rp') },
      { find: /^@vfido\/bridge$/, replacement: src('bridge') },
      { find: /^@vfido\/bridge\/driver$/, replacement: fileURLToPath(new URL('./packages/bridge/src/driver.ts', import.meta.url)) },
      { find: /^@vfido\/webdriver$/, replacement: src('webdriver') },
      { find: /^@vfido\/playwright$/, replacement: src('playwright') },
      { find: /^@vfido\/puppeteer$/, replacement: src('puppeteer') },
    ],
  },
  test: {
    // Two workers on this 2-core reference machine (vitest's default, cores - 1, ran every file in turn). Measured
    // with the timeline reporter: 3 workers make vitest alone faster (425 s against 495 s, cores 97-100% busy) but
    // not `npm test`, whose type check runs beside vitest at nice 10 in the cores' idle time: fresh-clone CI runs
    // with 3 workers took 452 / 492 / 500 s of vitest (type check 247-295 s) against 439 / 475 / 495 s with 2.
    // VFIDO_TEST_WORKERS overrides it: the projects below inherit this value, and vitest's `--maxWorkers` flag
    // does not reach them (measured: `--maxWorkers=3` still ran 2 files at a time).
    maxWorkers: Number(process.env.VFIDO_TEST_WORKERS) || Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The broker's teardown closes every shared browser (Chromium, leased Firefoxes) and checks for orphans.
    teardownTimeout: 60_000,
    // The longest files first (test/support/durations.json), so the workers finish together.
    sequence: { sequencer: HeavyFirstSequencer },
    projects: [
      {
        // Package unit tests: pure in-process code, so one worker runs many files without a fresh module graph per
        // file (measured: 102 files, 151 CPU-s isolated, 46 CPU-s shared), in worker threads rather than child
        // processes (measured, 113 files alone with 2 workers, user+sys incl. children, alternating rounds on the
        // loaded 2-core machine: forks 55.4 / 49.1 / 52.2 CPU-s, threads 45.2 / 41.3 CPU-s).
        extends: true,
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts'], isolate: false, pool: 'threads', setupFiles: [SHARED_PROCESS_SETUP] },
      },
      {
        // Cross-package tests that share a process cleanly (they close what they open and leave no process-wide
        // hooks): no fresh module graph per file either (measured: 24 files, 149 CPU-s isolated, 102 shared).
        extends: true,
        test: { name: 'shared', include: SHARED_PROCESS, isolate: false, setupFiles: [SHARED_PROCESS_SETUP], globalSetup: [BROWSER_BROKER] },
      },
      {
        // Everything else, and any new file until it is listed above: each file in a fresh process. One Chromium
        // for the whole run (test/support/browserBroker.ts), launched when the first browser file asks for it.
        extends: true,
        test: { name: 'isolated', include: ['test/**/*.test.ts', 'fuzz/**/*.test.ts'], exclude: SHARED_PROCESS, globalSetup: [BROWSER_BROKER] },
      },
    ],
  },
});
