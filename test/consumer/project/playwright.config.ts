import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: 'vfido.spec.*',
  workers: 1,
  timeout: 30_000,
  use: {
    launchOptions: {
      executablePath: process.env.VFIDO_BROWSER_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
