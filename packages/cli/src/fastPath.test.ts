import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './buildProgram.js';
import type { CliContext } from './context.js';
import { fastCommand } from './fastPath.js';
import { run } from './program.js';

/** authenticatorData of a sign-in (rpIdHash = SHA-256("localhost"), flags UP|UV, counter 10), hex. */
const AUTH_DATA = '49960de5880e8c687434170f6476605b8fe4aeb9a28632c7995cf3ba831d9763050000000a';

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
});
