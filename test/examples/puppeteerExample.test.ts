/**
 * The copyable Puppeteer example (examples/puppeteer/registerAndSignIn.mjs) runs as a user runs it: `node` on the
 * built packages, in the peers' Chromium, registering and signing in through @simplewebauthn/browser against
 * @simplewebauthn/server. (The same driver in Firefox is covered by test/browser/drivers/puppeteer-firefox.test.ts.)
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getPreset } from '@vfido/core';
import { chromiumPath } from '../../scripts/peers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('examples/puppeteer', () => {
  it('registerAndSignIn.mjs registers and signs in with the preset YubiKey in Chromium', async () => {
    const run = await new Promise<{ code: number | string | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['examples/puppeteer/registerAndSignIn.mjs', 'chromium'], { cwd: ROOT, timeout: 90_000, env: { ...process.env, CHROMIUM: chromiumPath() } }, (error, stdout, stderr) =>
        resolve({ code: error ? (error.code ?? error.signal ?? -1) : 0, stdout, stderr }),
      );
    });
    expect(run.code, run.stderr).toBe(0);
    const preset = getPreset('yubikey-5-nfc');
    expect(JSON.parse(run.stdout)).toMatchObject({ registered: true, signedIn: true, aaguid: preset.aaguid, fmt: preset.attestation.format, credentials: 1 });
  });
});
