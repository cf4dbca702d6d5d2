/**
 * The copyable selenium-webdriver example (examples/webdriver/register-and-sign-in.mjs) runs as a user runs it: a
 * `node` subprocess (built packages) against the demo relying party, registering a passkey and signing in with it in
 * Chromium through chromium-driver and WebDriver BiDi. The RP's own record of the passkey is checked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPreset } from '@vfido/core';
import { startDemoServer } from '../../examples/demo-rp/server.mjs';
import { chromiumPath, peerPath } from '../../scripts/peers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('examples/webdriver', () => {
  it('register-and-sign-in.mjs registers a YubiKey passkey on the demo RP and signs in with it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vfido-webdriver-example-'));
    dirs.push(dataDir);
    const server = await startDemoServer({ dataDir, quiet: true });
    try {
      const run = await new Promise<{ code: number | string | null; output: string }>((resolve) => {
        execFile(process.execPath, ['examples/webdriver/register-and-sign-in.mjs', server.url], { cwd: ROOT, timeout: 150_000, env: { ...process.env, CHROMIUM: chromiumPath(), CHROMEDRIVER: peerPath('chromium-driver') } }, (error, stdout, stderr) =>
          resolve({ code: error ? (error.code ?? error.signal ?? -1) : 0, output: `${stdout}\n${stderr}` }),
        );
      });
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain('Passkey added');
      expect(run.output).toMatch(/Signed in as \S+ with a passkey/);
      expect(run.output).toContain('vfido holds 1 passkey(s) for localhost');
      const credentials = Object.values(server.store.data.credentials);
      expect(credentials).toHaveLength(1);
      expect(credentials[0]).toMatchObject({ aaguid: getPreset('yubikey-5-nfc').aaguid, fmt: 'packed' });
      expect(credentials[0]!.signCount).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, 180_000);
});
