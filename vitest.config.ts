import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';

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
      { find: /^@vfido\/webdriver$/, replacement: src('webdriver') },
      { find: /^@vfido\/playwright$/, replacement: src('playwright') },
      { find: /^@vfido\/puppeteer$/, replacement: src('puppeteer') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'fuzz/**/*.test.ts'],
    // vitest's default is one worker per core but one (a single worker on a 2-core machine, so every
    // file runs in turn and a core idles while a file waits on Chromium, a python peer or a child process).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
