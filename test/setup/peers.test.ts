/**
 * scripts/peers.mjs, the peer finder/installer `npm test`, `npm run demo` and `.ci/run` start with: with every peer
 * present it exits 0 and names each; with one hidden (an override naming a missing browser, an empty PATH for
 * fido2-tools with installing off) it stops with exit 2 and the exact command, and `npm test` stops there, before
 * the type check or any test. Peers are hidden through the script's own overrides, never uninstalled.
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chromiumPath, findPeer, peersFor, PEERS } from '../../scripts/peers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../scripts/peers.mjs', import.meta.url));

/** A run of `command args` in the repository root with `env` added to (or, for `''`, blanking) the environment. */
function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, timeout: 120_000, env: { ...process.env, FORCE_COLOR: '0', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
const peers = (args: string[], env: Record<string, string> = {}) => run(process.execPath, [SCRIPT, ...args], env);

/** The install command this machine should be told (Debian/Ubuntu: apt-get; sudo unless root). */
function aptCommand(pkgs: string): string {
  const release = readFileSync('/etc/os-release', 'utf8');
  expect(release, 'these expectations are for Debian/Ubuntu, where the suite runs').toMatch(/^ID(_LIKE)?=.*\b(debian|ubuntu)\b/m);
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${pkgs}`;
}

describe.concurrent('scripts/peers.mjs', () => {
  it('with every peer the tests need present: exit 0, each named with the file it found', async () => {
    const r = await peers(['--for', 'test', '--no-install']);
    expect(r.code, r.stderr).toBe(0);
    for (const id of ['chromium', 'python3-fido2', 'fido2-tools', 'firefox-esr']) {
      const line = r.stderr.split('\n').find((l) => l.startsWith(`vfido peers: ${id} `));
      expect(line, r.stderr).toBeDefined();
      const path = line!.split(' ')[3]!;
      expect(existsSync(path), line).toBe(true);
    }
  });

  it('--json: one entry per peer of the purpose and the named optional ones, with the path', async () => {
    const r = await peers(['--for', 'demo,firefox-esr', '--json', '--no-install']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { id: string; path?: string }[];
    expect(out.map((p) => p.id)).toEqual(['chromium', 'firefox-esr']);
    for (const p of out) expect(existsSync(p.path!), p.id).toBe(true);
  });

  it('CHROME_PATH naming a missing browser: exit 2 with the fix, even with installing on; never another browser', async () => {
    const r = await peers(['--for', 'demo'], { CHROME_PATH: '/nonexistent/chrome', VFIDO_PEERS_INSTALL: '1' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('chromium: CHROME_PATH=/nonexistent/chrome: no executable file there');
    expect(r.stderr).toContain('unset CHROME_PATH');
    expect(r.stderr).not.toContain('apt-get update\n'); // nothing ran
    expect(r.stdout).toBe('');
  });

  it('fido2-tools not on an empty PATH, installing off: exit 2 with the exact apt-get command', async () => {
    const r = await peers(['--for', 'test'], { PATH: '', VFIDO_PEERS_INSTALL: '0' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('fido2-tools: not found');
    expect(r.stderr).toContain(`\n  ${aptCommand('fido2-tools')}\n`);
    expect(r.stderr).toContain('VFIDO_FIDO2_CRED=');
    expect(r.stderr).not.toMatch(/chromium:|python3-fido2:/); // the others are still found
  });

  it('VFIDO_PYTHON naming a missing python: exit 2 naming the override', async () => {
    const r = await peers(['--for', 'test', '--no-install'], { VFIDO_PYTHON: '/nonexistent/python3' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('python3-fido2: VFIDO_PYTHON=/nonexistent/python3: no executable file there');
    expect(r.stderr).toContain('unset VFIDO_PYTHON');
  });

  it('an unknown --for is a usage error (exit 2) listing what is known', async () => {
    const r = await peers(['--for', 'nonsense', '--no-install']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown --for 'nonsense'");
    expect(r.stderr).toContain('firefox-esr');
  });

  it('npm test stops at a hidden peer with exit 2 and the fix, before the type check and any test', async () => {
    // If the peers check did not stop it, tsc and then vitest would run; the filter matches no file, so even then
    // this ends (exit 1 "No test files found") instead of running the suite.
    const r = await run('npm', ['test', '--', 'test/setup/no-such-test-file'], { CHROME_PATH: '/nonexistent/chrome' });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(2);
    expect(r.stderr).toContain('CHROME_PATH=/nonexistent/chrome: no executable file there');
    expect(r.stdout).not.toContain('tsc -p tsconfig.test.json');
    expect(`${r.stdout}${r.stderr}`).not.toContain('No test files found');
  });
});

describe('the peers table, as the demo and browser tests use it', () => {
  it('purposes expand to their peers; optional peers only when named', () => {
    expect(peersFor(['demo'])).toEqual(['chromium']);
    expect(peersFor(['test'])).toEqual(['chromium', 'python3-fido2', 'fido2-tools', 'firefox-esr']);
    expect(peersFor(['test', 'chromium-driver', 'python3-selenium'])).toEqual(['chromium', 'python3-fido2', 'fido2-tools', 'firefox-esr', 'chromium-driver', 'python3-selenium']);
    for (const p of PEERS) expect(p.env.length, p.id).toBeGreaterThan(0); // every peer has a path override
  });

  it('chromiumPath: the override wins; a missing one throws with the fix instead of falling back', () => {
    const found = findPeer('chromium', { env: {} });
    expect(found.path && existsSync(found.path)).toBe(true);
    expect(chromiumPath({ env: { CHROME_PATH: found.path! } })).toBe(found.path);
    expect(() => chromiumPath({ env: { CHROME_PATH: '/nonexistent/chrome' } })).toThrow(/CHROME_PATH=\/nonexistent\/chrome: no executable file there[\s\S]*unset CHROME_PATH/);
    expect(() => chromiumPath({ browserPath: '/nonexistent/chrome', env: {} })).toThrow(/drop --browser-path/);
  });
});
