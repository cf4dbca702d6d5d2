/**
 * A fresh clone, as a new user gets it: `git clone` of this repository's committed HEAD into a temporary
 * directory, ONE `npm install` (from npm's cache when it can), and then the README's commands as written:
 * `npx --no-install vfido presets`, the shipped policy names from inside and outside the clone, and every line of
 * the README's "Command line" section, run as written in a scratch directory inside the clone (expected exit code 0
 * unless the line's comment says `# exit N`). One clone and one install for the whole file.
 *
 * The README lines chain through files (`> reg.json`, then `--response reg.json`), so each line starts as soon as
 * every earlier line it depends on has ended -- read from the line itself: it reads a file an earlier line writes,
 * or writes one an earlier line reads or writes (`> file`, `--out file` and `--store file` write; every other
 * argument naming a file reads it) -- and lines that share no file run side by side, as they would in two
 * terminals, at most one per core (each line is a CPU-bound node start: more at once only slows every line).
 * The three tests after the install are independent of each other and run concurrently too.
 * @module
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The environment of a user's shell: none of the npm run variables or node_modules/.bin of the running suite. */
const ENV: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env)
    .filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'NODE_OPTIONS' && !k.startsWith('VITEST'))
    .map(([k, v]) => [k, k === 'PATH' ? (v ?? '').split(delimiter).filter((d) => !d.includes(`node_modules${'/'}.bin`)).join(delimiter) : v]),
);
ENV.FORCE_COLOR = '0';
ENV.NO_UPDATE_NOTIFIER = '1';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `command args` in `cwd`; `timeout` is a generous process limit, not a speed assertion. */
function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV, timeout = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  dirs.push(dir);
  return dir;
};

let clone: string;
let install: Run;

beforeAll(async () => {
  const head = (await sh('git', ['rev-parse', 'HEAD'], ROOT)).stdout.trim();
  clone = join(tempDir('vfido-fresh-clone-'), 'vfido');
  const cloned = await sh('git', ['clone', '--quiet', ROOT, clone], ROOT);
  expect(cloned.code, cloned.stderr).toBe(0);
  const checkout = await sh('git', ['checkout', '--quiet', '--detach', head], clone);
  expect(checkout.code, checkout.stderr).toBe(0);
  install = await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], clone, ENV, 540_000);
}, 600_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.concurrent('a fresh clone after one npm install', () => {
  it('npm install succeeds and links node_modules/.bin/vfido to the committed launcher', () => {
    expect(install.code, `${install.stdout}\n${install.stderr}`).toBe(0);
    const bin = join(clone, 'node_modules/.bin/vfido');
    expect(existsSync(bin), 'node_modules/.bin/vfido').toBe(true);
    expect(realpathSync(bin)).toBe(join(clone, 'packages/cli/bin/vfido.js'));
    expect(statSync(bin).mode & 0o111, 'executable').not.toBe(0);
  });

  it('npx --no-install vfido presets lists every preset of aaguids.json', async () => {
    const r = await sh('npx', ['--no-install', 'vfido', 'presets'], clone);
    expect(r.code, r.stderr).toBe(0);
    const ids = (JSON.parse(readFileSync(join(clone, 'aaguids.json'), 'utf8')) as { presets: { id: string }[] }).presets.map((p) => p.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(r.stdout).toMatch(new RegExp(`^${id}\\s`, 'm'));
  });

  it('--policy admins (a shipped example) works from a subdirectory and from outside the clone (the bin on PATH, npx --prefix)', async () => {
    const outside = tempDir('vfido-outside-');
    const [inSubdir, viaPath, examples] = await Promise.all([
      sh('npx', ['--no-install', 'vfido', 'policy', 'matrix', '--policy', 'admins', '--json'], join(clone, 'packages/rp')),
      sh('vfido', ['policy', 'matrix', '--policy', 'admins'], outside, { ...ENV, PATH: `${join(clone, 'node_modules/.bin')}${delimiter}${ENV.PATH}` }),
      sh('npx', ['--prefix', clone, '--no-install', 'vfido', 'policy', 'examples', '--json'], outside),
    ]);
    expect(inSubdir.code, inSubdir.stderr).toBe(0);
    const matrix = JSON.parse(inSubdir.stdout) as { policyFile: string; rows: { preset: string; error?: unknown }[] };
    expect(matrix.policyFile).toBe('admins');
    expect(matrix.rows.length).toBeGreaterThan(0);
    expect(matrix.rows.filter((r) => r.error)).toEqual([]);
    expect(viaPath.code, viaPath.stderr).toBe(0);
    expect(viaPath.stdout).toMatch(/^admins, groups admins/);
    expect(viaPath.stdout.trim().split('\n').length).toBe(matrix.rows.length + 3); // heading, column names, rule, a row per entry
    // The shipped file is the repository's example, byte for byte.
    expect(examples.code, examples.stderr).toBe(0);
    const admins = (JSON.parse(examples.stdout) as { name: string; path: string }[]).find((e) => e.name === 'admins');
    expect(admins?.path).toBe(join(clone, 'packages/cli/policies/admins.json'));
    expect(readFileSync(admins!.path, 'utf8')).toBe(readFileSync(join(clone, 'examples/policies/admins.json'), 'utf8'));
  }, 300_000);

  it("every command of the README's Command line section runs as written", async () => {
    const readme = readFileSync(join(clone, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Command line'), readme.indexOf('\n## ', readme.indexOf('\n## Command line') + 1));
    const commands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
      .flatMap((m) => m[1]!.replace(/\\\n\s*/g, '').split('\n'))
      .filter((line) => line.trim() !== '');
    expect(commands.length).toBeGreaterThan(10);
    for (const line of commands) expect(line, 'README commands use the local bin').toMatch(/^npx --no-install vfido /);

    const work = join(clone, 'readme-run');
    mkdirSync(work);
    const steps = commands.map((line) => ({ line, ...filesOf(line) }));
    const slot = slots(availableParallelism());
    const ended: Promise<unknown>[] = [];
    const outcomes = steps.map((step) => {
      const after = ended.filter((_, j) => dependsOn(step, steps[j]!));
      const outcome = Promise.all(after).then(() => slot(() => runLine(step.line, work)));
      ended.push(outcome.catch(() => undefined));
      return outcome;
    });
    // Judged in README order once all have ended, so the first failure reported is the earliest failing line.
    const results = await Promise.allSettled(outcomes);
    for (const [i, { line }] of steps.entries()) {
      const result = results[i]!;
      if (result.status === 'rejected') throw result.reason;
      if (/^npx --no-install vfido serve /.test(line)) {
        expect(result.value.stdout, line).toMatch(/listening on/);
        continue;
      }
      const expectedCode = Number(/#\s*exit (\d+)/.exec(line)?.[1] ?? 0);
      expect(result.value.code, `${line}\n${result.value.stderr}`).toBe(expectedCode);
      const out = /> (\S+)/.exec(line.replace(/#.*$/, ''))?.[1];
      if (out) expect(statSync(join(work, out)).size, `${line}: ${out} is empty`).toBeGreaterThan(0);
    }
    // The lines chain through files: the last verify authentication found the record the policy admitted.
    expect(existsSync(join(work, 'my-policy.json'))).toBe(true);
  }, 480_000);
});

/** The files a README line names, from its own words (its comment dropped): `> file`, `--out file` and
 * `--store file` write (the store is read too); every other argument that names a file (`name.ext`) is read. */
function filesOf(line: string): { reads: Set<string>; writes: Set<string> } {
  const words = line.replace(/#.*$/, '').trim().split(/\s+/);
  const reads = new Set<string>();
  const writes = new Set<string>();
  const isFile = (word: string | undefined): word is string => word !== undefined && /^[\w./-]*\w\.\w+$/.test(word) && !word.startsWith('-');
  words.forEach((word, i) => {
    const next = words[i + 1];
    if (word.startsWith('>') && word.length > 1) writes.add(word.slice(1));
    else if ((word === '>' || word === '--out') && isFile(next)) writes.add(next);
    else if (word === '--store' && isFile(next)) (writes.add(next), reads.add(next));
    else if (isFile(word) && words[i - 1] !== '>' && words[i - 1] !== '--out' && words[i - 1] !== '--store') reads.add(word);
  });
  return { reads, writes };
}

type Files = ReturnType<typeof filesOf>;
const shares = (a: Set<string>, b: Set<string>) => [...a].some((f) => b.has(f));
/** Whether `later` must wait for `earlier`: it reads what `earlier` writes, or writes what `earlier` reads or writes. */
const dependsOn = (later: Files, earlier: Files) => shares(later.reads, earlier.writes) || shares(later.writes, earlier.reads) || shares(later.writes, earlier.writes);

/** A runner that lets at most `size` tasks run at once, the others waiting their turn in call order. */
function slots(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next(); // the slot passes to the next task
      else running--;
    }
  };
}

/** Run one README line as written (`bash -c line`); `vfido serve` runs until it says it is listening. */
async function runLine(line: string, cwd: string): Promise<Run> {
  if (/^npx --no-install vfido serve /.test(line)) return { code: 0, stdout: await serveUntilListening(line, cwd), stderr: '' };
  return sh('bash', ['-c', line], cwd);
}

/** Start a long-running README line (vfido serve), wait for its "listening on" line, stop it; returns its stdout. */
function serveUntilListening(line: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `exec ${line.replace(/#.*$/, '')}`], { cwd, env: ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${line}: no "listening on" within 60 s\n${out}\n${err}`));
    }, 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) {
        clearTimeout(timer);
        stop();
        resolve(out);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!out.includes('listening on')) reject(new Error(`${line}: exited ${code} before listening\n${out}\n${err}`));
    });
  });
}
