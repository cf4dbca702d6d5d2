/**
 * The packages as a user installs them (issue 12 item 3): build, `npm pack` every package, install the tarballs
 * with `@playwright/test` into a fresh project outside the repository (`npm init -y`, one `npm install`) and use them
 * there the way the README says, from two package scopes of that project that share its node_modules: `cjs/`
 * (`"type": "commonjs"`, what `npm init -y` writes) and `esm/` (`"type": "module"`). Node, TypeScript and Playwright pick a file's
 * module format from its nearest package.json and resolve packages up the tree, so each scope is used exactly as a
 * project of its own would be, for one install instead of two:
 *
 * - Playwright Test specs in `.cjs`, `.mjs` and `.ts` that use `@vfido/playwright/test` in Chromium: register + sign
 *   in on a local page, both ceremonies verified by `@vfido/rp`, the preset's AAGUID checked (one
 *   `playwright test` run per scope, one worker);
 * - `require()` (CommonJS) and `import` (ESM) of every documented entry point, create -> verify;
 * - the `vfido` bin from the installed tarball;
 * - `tsc` (noEmit), strict, `skipLibCheck: false`: `@vfido/core` + `@vfido/rp` with `lib: ["es2022"]` only under
 *   `module: nodenext` and under `module: commonjs` + `moduleResolution: node10`, and a spec beside Playwright's types
 *   -- the three configs in one `tsc -b` (tsconfig.checks.json), which parses the declaration files they share once;
 * - exactly one copy of `@playwright/test` / `playwright` / `playwright-core` in the project (`npm ls`).
 *
 * The packages are ES modules that CommonJS loads through Node's require(esm) (Node >= 20.19; see README Install).
 * The project files live in test/consumer/project/ (copied into both scopes). One install, shared by every case here.
 * Once it is done, every command of the cases starts at once, side by side (they only read the project); each case
 * then judges its own command's outcome. The type checks, CPU-bound, run at a lower priority than the Playwright runs.
 * @module
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROJECT_FILES = fileURLToPath(new URL('./project/', import.meta.url));
const PACKAGES = ['core', 'rp', 'bridge', 'webdriver', 'playwright', 'puppeteer', 'cli'] as const;
const BROWSER = process.env.VFIDO_BROWSER_PATH ?? '/usr/bin/chromium';
/** The repository's TypeScript compiler (the consumer projects get their types, not a compiler, from npm). */
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for child processes: without the `npm_*` variables of a surrounding `npm test`, which would point
 * npm at this repository instead of the consumer project. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, VFIDO_BROWSER_PATH: BROWSER, NO_COLOR: '1' };
}

/** Run a command to completion; never rejects (a failure to start is exit code null). `nice` lowers its priority. */
function run(command: string, args: readonly string[], cwd: string, nice = 0): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    if (nice && child.pid !== undefined) {
      try {
        setPriority(child.pid, nice);
      } catch {
        // not permitted here: it runs at normal priority
      }
    }
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ code: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Run a command that must exit 0; throws with its output otherwise. */
async function must(command: string, args: readonly string[], cwd: string): Promise<Run> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

const versionOf = (pkg: string): string => (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

interface PackResult {
  name: string;
  filename: string;
  files: { path: string }[];
}

let tmp = '';
let packed: PackResult[] = [];
/** The installed project (its node_modules) and its two package scopes. */
const projects = { root: '', cjs: '', esm: '' };
/** The three type checks' configs, in tsconfig.checks.json's order. */
const TYPE_CHECKS = ['tsconfig.nodenext.json', 'tsconfig.node10.json', 'tsconfig.spec.json'];
/** The cases' commands, started together at the end of beforeAll. */
let runs: Record<'typeChecks' | 'specsCjs' | 'specsEsm' | 'checkCjs' | 'checkMjs' | 'bin' | 'npmLs', Promise<Run>> | undefined;

/** A package scope inside the project (a folder with a package.json naming its module type) with the project files. */
function createScope(kind: 'cjs' | 'esm'): string {
  const dir = join(projects.root, kind);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${kind}`, private: true, type: kind === 'esm' ? 'module' : 'commonjs' }, null, 2));
  cpSync(PROJECT_FILES, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  if (!existsSync(BROWSER)) {
    throw new Error(`${BROWSER} is missing: the consumer specs need a Chromium (Debian: apt-get install -y chromium; or set VFIDO_BROWSER_PATH)`);
  }
  tmp = mkdtempSync(join(tmpdir(), 'vfido-consumer-'));
  await must('npm', ['run', 'build'], ROOT);
  const tarballDir = join(tmp, 'tarballs');
  mkdirSync(tarballDir);
  const pack = await must('npm', ['pack', '--json', '--pack-destination', tarballDir, ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`])], ROOT);
  packed = JSON.parse(pack.stdout) as PackResult[];
  const tarballs = packed.map((p) => join(tarballDir, p.filename));
  projects.root = join(tmp, 'project');
  mkdirSync(projects.root);
  await must('npm', ['init', '-y'], projects.root);
  projects.cjs = createScope('cjs');
  projects.esm = createScope('esm');
  await must(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs, `@playwright/test@${versionOf('@playwright/test')}`, `@types/node@${versionOf('@types/node')}`],
    projects.root,
  );
  runs = {
    // The type checks run in the CommonJS scope.
    typeChecks: run(process.execPath, [TSC, '-b', '--verbose', 'tsconfig.checks.json'], projects.cjs, 10),
    specsCjs: playwrightTest(projects.cjs),
    specsEsm: playwrightTest(projects.esm),
    checkCjs: run(process.execPath, ['check.cjs'], projects.cjs),
    checkMjs: run(process.execPath, ['check.mjs'], projects.esm),
    bin: run('npx', ['--no-install', 'vfido', 'presets', '--json'], projects.cjs),
    npmLs: run('npm', ['ls', '--all', '--parseable', '@playwright/test', 'playwright', 'playwright-core'], projects.root),
  };
}, 600_000);

/** The outcome of one of the cases' commands (they never reject). */
function outcome(name: keyof NonNullable<typeof runs>): Promise<Run> {
  if (!runs) throw new Error('the consumer project was never installed (see the beforeAll error)');
  return runs[name];
}

afterAll(async () => {
  if (runs) await Promise.all(Object.values(runs)); // never leave a process behind the removed project
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface CheckOutput {
  aaguid: string;
  presetAaguid: string;
  trusted: boolean;
  signCount: number;
  cbor: unknown;
  sameCoreForRequireAndImport: boolean;
  entryPoints: Record<string, string>;
}

/** What check.cjs / check.mjs print after create -> verify. */
function expectCheck(result: Run): void {
  expect(result.code, result.stderr).toBe(0);
  const out = JSON.parse(result.stdout) as CheckOutput;
  expect(out.aaguid).toBe(out.presetAaguid);
  expect(out.trusted).toBe(true);
  expect(out.signCount).toBeGreaterThan(0);
  expect(out.cbor).toEqual([[1, 'vfido']]);
  expect(out.sameCoreForRequireAndImport).toBe(true); // one module instance for require() and import
  expect(out.entryPoints).toEqual({ attachAuthenticator: 'function', test: 'function', expect: 'function', run: 'function' });
}

interface PlaywrightSuite {
  suites?: PlaywrightSuite[];
  specs?: { title: string; file: string; ok: boolean; tests: { results: { status: string; error?: { message?: string } }[] }[] }[];
}

/** Run every spec of a project in one `playwright test` (one worker). */
const playwrightTest = (dir: string): Promise<Run> => run('npx', ['--no-install', 'playwright', 'test', '--reporter=json', '--workers=1'], dir);

/** Each spec's outcome in a `playwright test` JSON report. */
function playwrightSpecs(result: Run): { run: Run; specs: { file: string; ok: boolean; errors: string[] }[]; stats: Record<string, number> } {
  let report: { suites: PlaywrightSuite[]; stats: Record<string, number> };
  try {
    report = JSON.parse(result.stdout) as typeof report;
  } catch {
    throw new Error(`playwright test printed no JSON report (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  const specs: { file: string; ok: boolean; errors: string[] }[] = [];
  const walk = (suite: PlaywrightSuite): void => {
    for (const spec of suite.specs ?? []) {
      const errors = spec.tests.flatMap((t) => t.results.flatMap((r) => (r.error?.message ? [`${r.status}: ${r.error.message}`] : [])));
      specs.push({ file: spec.file, ok: spec.ok, errors });
    }
    suite.suites?.forEach(walk);
  };
  report.suites.forEach(walk);
  specs.sort((a, b) => a.file.localeCompare(b.file));
  return { run: result, specs, stats: report.stats };
}

describe('packages installed from npm pack tarballs', () => {
  it('pack with publish metadata, a license, and no tests, sources or source maps', () => {
    expect(packed.map((p) => p.name)).toEqual(PACKAGES.map((p) => `@vfido/${p}`));
    for (const { name, files } of packed) {
      const paths = files.map((f) => f.path);
      expect(paths, name).toContain('LICENSE');
      expect(paths, name).toContain('package.json');
      expect(paths.filter((p) => /(^src\/|\.test\.|\.spec\.|\.map$|tsbuildinfo|^test-utils\/|^bench\/)/.test(p)), name).toEqual([]);
      const dir = name.replace('@vfido/', '');
      const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as {
        license?: string;
        repository?: { directory?: string; url?: string };
        engines?: { node?: string };
        description?: string;
        keywords?: string[];
        exports: Record<string, string | Record<string, string>>;
      };
      expect(manifest.license, name).toBe('MIT');
      expect(manifest.repository?.directory, name).toBe(`packages/${dir}`);
      expect(manifest.repository?.url, name).toMatch(/^git\+https:\/\//);
      expect(manifest.engines?.node, name).toBe('>=20.19');
      expect(manifest.description, name).toBeTruthy();
      expect(manifest.keywords?.length, name).toBeGreaterThan(0);
      for (const [entry, target] of Object.entries(manifest.exports)) {
        if (entry === './package.json') continue;
        expect(typeof target, `${name} ${entry}`).toBe('object');
        const conditions = target as Record<string, string>;
        expect(Object.keys(conditions)[0], `${name} ${entry}: types first`).toBe('types');
        for (const file of Object.values(conditions)) expect(paths, `${name} ${entry}`).toContain(file.replace(/^\.\//, ''));
      }
    }
  });

  it('load exactly one copy of Playwright (peer dependencies)', async () => {
    const dir = projects.root;
    const ls = await outcome('npmLs');
    expect(ls.code, `npm ls in ${dir}:\n${ls.stdout}\n${ls.stderr}`).toBe(0);
    const lines = ls.stdout.split('\n').filter(Boolean);
    for (const pkg of ['@playwright/test', 'playwright', 'playwright-core']) {
      expect(lines.filter((line) => line.endsWith(`node_modules/${pkg}`)), pkg).toEqual([join(dir, 'node_modules', pkg)]);
    }
  }, 120_000);

  it('CommonJS project: require() of every entry point, create -> verify', async () => {
    expectCheck(await outcome('checkCjs'));
  }, 120_000);

  it('ESM project: import of every entry point, create -> verify', async () => {
    expectCheck(await outcome('checkMjs'));
  }, 120_000);

  it('the vfido bin runs from the installed tarball', async () => {
    const result = await outcome('bin');
    expect(result.code, result.stderr).toBe(0);
    const listed = (JSON.parse(result.stdout) as { id: string }[]).map((p) => p.id);
    const source = JSON.parse(readFileSync(join(ROOT, 'aaguids.json'), 'utf8')) as { presets: { id: string }[] };
    expect(listed).toEqual(source.presets.map((p) => p.id));
  }, 120_000);

  for (const kind of ['cjs', 'esm'] as const) {
    it(`${kind} project: .cjs, .mjs and .ts specs with @vfido/playwright/test register and sign in in Chromium`, async () => {
      const { run: result, specs, stats } = playwrightSpecs(await outcome(kind === 'cjs' ? 'specsCjs' : 'specsEsm'));
      const report = `playwright test exited ${result.code}:\n${JSON.stringify(specs, null, 2)}\n${result.stderr}`;
      expect(specs.map((s) => s.file), report).toEqual(['vfido.spec.cjs', 'vfido.spec.mjs', 'vfido.spec.ts']);
      expect(specs.filter((s) => !s.ok), report).toEqual([]);
      expect({ expected: stats.expected, unexpected: stats.unexpected, skipped: stats.skipped, flaky: stats.flaky }, report).toEqual({ expected: 3, unexpected: 0, skipped: 0, flaky: 0 });
      expect(result.code, report).toBe(0);
    }, 300_000);
  }

  it('type-check strictly with skipLibCheck false: core + rp with lib es2022 only (nodenext, commonjs/node10), a spec beside Playwright', async () => {
    const result = await outcome('typeChecks');
    expect(result.code, `tsc -b tsconfig.checks.json:\n${result.stdout}${result.stderr}`).toBe(0);
    // --verbose names each project it checks: all three, in order.
    const built = [...result.stdout.matchAll(/Building project '([^']+)'/g)].map((m) => m[1]!.split('/').pop());
    expect(built, result.stdout).toEqual(TYPE_CHECKS);
  }, 300_000);
});
