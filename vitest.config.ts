import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import HeavyFirstSequencer from './test/support/heavyFirstSequencer.js';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests see each package's public barrel from source, so they never run against a stale build.
    alias: [
      { find: /^@vfido\/core$/, replacement: src('core') },
      { find: /^@vfido\/core\/data$/, replacement: fileURLToPath(new URL('./packages/core/src/data.ts', import.meta.url)) },
      { find: /^@vfido\/rp$/, replacement: src('rp') },
      { find: /^@vfido\/bridge$/, replacement: src('bridge') },
      { find: /^@vfido\/bridge\/driver$/, replacement: fileURLToPath(new URL('./packages/bridge/src/driver.ts', import.meta.url)) },
      { find: /^@vfido\/playwright$/, replacement: src('playwright') },
    ],
  },
  test: {
    // vitest's default is one worker per core but one (a single worker on a 2-core machine, so every
    // file runs in turn and a core idles while a file waits on Chromium, a python peer or a child process).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The longest files first (test/support/durations.json), so the workers finish together.
    sequence: { sequencer: HeavyFirstSequencer },
    projects: [
      {
        // Package unit tests: pure in-process code, so one worker process runs many files without a fresh module
        // graph per file (a fresh graph per file cost ~1 s of CPU each: 102 files 151 CPU-s isolated, 46 shared).
        extends: true,
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts'], isolate: false },
      },
      {
        // Cross-package, browser, process and interop tests: each file in a fresh process. One Chromium for the
        // whole run (test/support/browserBroker.ts), launched when the first browser file asks for it.
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts', 'fuzz/**/*.test.ts'], globalSetup: ['test/support/browserBroker.ts'] },
      },
    ],
  },
});
