import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './buildProgram.js';
import type { CliContext } from './context.js';
import { fastCommand } from './fastPath.js';
import { run } from './program.js';

/** authenticatorData of a sign-in (rpIdHash = SHA-256("localhost"), flags UP|UV, counter 10), hex. */
const AUTH_DATA = '49960de5880e8c687434170f6476605b8fe4aeb9a28632c7995cf3ba831d9763050000000a';
/** Real YubiKey packed registrations (x5c certificates, named AAGUIDs, COSE keys): every decoder the bundle holds. */
const PACKED_SAMPLES = fileURLToPath(new URL('../../../test/vectors/real-devices/packed-yubico.json', import.meta.url));

/** What `vfido args...` prints through run() (the fast path where there is one). */
async function viaRun(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['node', 'vfido', ...args], { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

/** What the commander program prints for the same arguments (the path every other command takes). */
async function viaCommander(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx: CliContext = { output: { out: (s) => void (out += s), err: (s) => void (err += s) }, exitCode: 0 };
  try {
    await buildProgram(ctx).parseAsync(['node', 'vfido', ...args]);
  } catch (error) {
    if ((error as { code?: string }).code !== 'commander.version') throw error;
  }
  return { code: ctx.exitCode, out, err };
}

/** The built program (what the `vfido` binary runs). */
const BUILT = new URL('../dist/program.js', import.meta.url);
/** Runs the built program on argv[2] (JSON) in a fresh process; prints the exit code and how many commander files node loaded. */
const PROBE = `const { run } = await import(process.argv[1]);
let out = '';
const code = await run(['node', 'vfido', ...JSON.parse(process.argv[2])], { out: (s) => void (out += s), err: (s) => void (out += s) });
const { createRequire } = await import('node:module');
const loaded = Object.keys(createRequire(process.cwd() + '/').cache);
console.log(JSON.stringify({ code, commanderFiles: loaded.filter((k) => k.includes('/commander/')).length }));`;

/** The committed launcher npm links as `vfido` (it runs the bundle, dist/vfido.cjs). */
const LAUNCHER = fileURLToPath(new URL('../bin/vfido.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/vfido.cjs', import.meta.url));
/** Preloaded into the `vfido` process: on exit, writes the CommonJS files and ESM loader internals it loaded. */
const LOADED_PROBE = `process.on('exit', () => process.stderr.write('\\n' + JSON.stringify({ cjs: Object.keys(require.cache), esmLoader: process.moduleLoadList.some((m) => m.includes('esm/loader')) })));`;

/** Run the `vfido` bin (launcher + bundle) as a user does, in a new process. */
function viaBin(args: string[]): { code: number; out: string; err: string; loaded: { cjs: string[]; esmLoader: boolean } } {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run 'npm run build' before this test`);
  const dir = mkdtempSync(join(tmpdir(), 'vfido-bin-'));
  try {
    const probe = join(dir, 'probe.cjs');
    writeFileSync(probe, LOADED_PROBE);
    const r = spawnSync(process.execPath, ['--require', probe, LAUNCHER, ...args], { encoding: 'utf8' });
    const cut = r.stderr.lastIndexOf('\n');
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr.slice(0, cut), loaded: JSON.parse(r.stderr.slice(cut + 1)) as { cjs: string[]; esmLoader: boolean } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Exit code and commander files loaded when the built program runs `args` in a new process. */
function probe(args: string[]): { code: number; commanderFiles: number } {
  if (!existsSync(BUILT)) throw new Error(`${fileURLToPath(BUILT)} is missing: run 'npm run build' before this test`);
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', PROBE, BUILT.href, JSON.stringify(args)], { encoding: 'utf8' })) as { code: number; commanderFiles: number };
}

describe('fast start paths', () => {
  it.each([
    [['--version']],
    [['-V']],
    [['presets']],
    [['presets', '--json']],
    [['decode', AUTH_DATA]],
    [['decode', '--as', 'authenticatorData', AUTH_DATA, '--json']],
    [['decode', `--as=authenticatorData`, '--', AUTH_DATA]],
  ])('%j takes the fast path and prints what the commander program prints', async (args) => {
    expect(fastCommand(args)).toBeTypeOf('function');
    const fast = await viaRun(args);
    expect(fast.code).toBe(0);
    expect(fast.err).toBe('');
    expect(fast.out.length).toBeGreaterThan(0);
    expect(fast).toEqual(await viaCommander(args));
  });

  it.each([
    [['--help']],
    [['--version', 'presets']],
    [['presets', '--help']],
    [['presets', '--bogus']],
    [['presets', 'extra']],
    [['presets', '--json=yes']],
    [['decode', '--as', 'bogus', AUTH_DATA]],
    [['decode', '--as']],
    [['decode', 'a', 'b']],
    [['--debug', 'presets']],
    [['create']],
  ])('%j goes to commander', (args) => {
    expect(fastCommand(args)).toBeUndefined();
  });

  it('a fast command failure is reported as commander-path failures are: code, message, next step, exit 2', async () => {
    const r = await viaRun(['decode', 'no-such-file.json']);
    expect(r).toEqual({ code: 2, out: '', err: "vfido: ERR_FILE_NOT_FOUND: decode input: no such file 'no-such-file.json'\nnext: check the path, pass - to read stdin, or pass the data itself\n" });
    const bad = await viaRun(['decode', '--as', 'coseKey', AUTH_DATA]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^vfido: ERR_DECODE_FAILED: input is not a valid coseKey/);
  });

  it('an option the fast form does not know gets commander\'s usage error', async () => {
    const r = await viaRun(['presets', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^vfido: ERR_USAGE: unknown option '--bogus'/);
  });

  it('the built program runs a fast form without loading commander, and loads it for the others', () => {
    expect(probe(['presets', '--json'])).toEqual({ code: 0, commanderFiles: 0 });
    const help = probe(['--help']);
    expect(help.code).toBe(0);
    expect(help.commanderFiles).toBeGreaterThan(0); // the probe sees commander when it is loaded
  });

  it.each([
    [['--version'], false],
    [['presets'], false],
    [['presets', '--json'], false],
    [['decode', AUTH_DATA], false],
    [['decode', '--as', 'authenticatorData', AUTH_DATA, '--json'], false],
    [['decode', PACKED_SAMPLES], true],
    [['decode', PACKED_SAMPLES, '--json'], true],
  ])('the vfido bin runs %j from its bundle (launcher + dist/vfido.cjs), printing what the commander program prints', async (args, certificates) => {
    const bin = viaBin(args);
    // No vfido file but the launcher and the bundle; certificates load @peculiar/x509 from node_modules through
    // createRequire (node:module starts the ESM loader), everything else runs without the ESM loader.
    expect(bin.loaded.cjs.slice(1).filter((f) => !f.includes('/node_modules/'))).toEqual([LAUNCHER, BUNDLE]);
    expect(bin.loaded.cjs.some((f) => f.includes('/@peculiar/x509/'))).toBe(certificates);
    expect(bin.loaded.esmLoader).toBe(certificates);
    const commander = await viaCommander(args);
    expect({ code: bin.code, out: bin.out, err: bin.err }).toEqual(commander);
    expect(bin.out.length).toBeGreaterThan(0);
  });

  it('the vfido bin reports a fast command failure as run() does', async () => {
    for (const args of [['decode', 'no-such-file.json'], ['decode', '--as', 'coseKey', AUTH_DATA]]) {
      const bin = viaBin(args);
      expect({ code: bin.code, out: bin.out, err: bin.err }).toEqual(await viaRun(args));
      expect(bin.code).toBe(2);
    }
  });

  it('the vfido bin hands every other command line to the unbundled commander program', async () => {
    const help = viaBin(['--help']);
    expect(help.code).toBe(0);
    expect(help.loaded.cjs.some((f) => f.includes('/commander/'))).toBe(true);
    expect(help.out).toBe((await viaRun(['--help'])).out);
    const bogus = viaBin(['presets', '--bogus']);
    expect({ code: bogus.code, out: bogus.out, err: bogus.err }).toEqual(await viaRun(['presets', '--bogus']));
    expect(bogus.code).toBe(2);
  });
});
