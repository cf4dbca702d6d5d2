#!/usr/bin/env node
/**
 * The peers vfido's demo and test suite drive (programs nobody here wrote): finds each one, installs what is
 * missing where it can, otherwise prints the one command to run and exits 2, in seconds, before any test runs.
 * `npm test` (pretest), `npm run demo` (examples/demo.mjs) and `.ci/run` use it; the browser tests find Chromium
 * through {@link chromiumPath} so they launch the same browser this script checked.
 *
 *   node scripts/peers.mjs [--for demo|test|<peer id>[,...]] [--browser-path PATH] [--no-install] [--json]
 *
 * `--for` (default `test`) names a purpose, whose peers are the table's entries listing it in `for`, or a peer id
 * (e.g. `--for test,firefox-esr`); optional peers (those with an empty `for`; none at present) are checked
 * only when named. Each peer has environment overrides for its path (CHROME_PATH, VFIDO_PYTHON, ...); an override
 * naming a missing file is an error with exit 2, never a silent fallback. VFIDO_PEERS_INSTALL=0 (or --no-install)
 * never installs. Installing: on Debian/Ubuntu as root, `apt-get update` + `apt-get install -y ...` (progress
 * shown); elsewhere Chromium through the local Playwright (`npx --no-install playwright install chromium`).
 * Exit codes: 0 every peer found, 2 a peer is missing (the message says what to run).
 * @module
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);

/** Is `path` an executable file? */
const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** `name` on `PATH` (as the shell's `command -v` finds it), or undefined. */
function onPath(name, env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Playwright's own Chromium (its browser cache), when playwright-core is installed and the browser downloaded. */
function playwrightChromium() {
  try {
    const path = require('playwright-core').chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined; // playwright-core not installed yet, or no browser build for this platform
  }
}

/** Does `python` import `module`? */
const pythonImports = (python, module) => spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 20_000 }).status === 0;

const PYTHON = '/usr/bin/python3';

/**
 * A Python module for the Debian python (`/usr/bin/python3`, or VFIDO_PYTHON), from the Debian package `id`.
 * @param id - the peer id, also its Debian package
 * @param module - the module it must import
 * @param what - what it is for, for people
 */
function pythonModulePeer(id, module, what) {
  return {
    id,
    what,
    for: ['test'],
    env: ['VFIDO_PYTHON'],
    find: () => [[PYTHON, "Debian's"]],
    works: (python) => pythonImports(python, module),
    broken: (python) => `${python} cannot import ${module}`,
    repair: (python) => `${python} -m pip install ${module}`,
    apt: [id],
    other: `python3 -m pip install ${module}`,
  };
}

/**
 * Every peer: `for` lists the purposes that need it (empty = optional, checked only when named); `env` the
 * overrides of its path, first set wins; `find` where to look otherwise; `works` a check beyond existence
 * (`broken` says what failed, `repair` the fix for an override that fails it); `apt` its Debian packages; `other`
 * the command for systems without apt. Add a peer here, nowhere else.
 */
export const PEERS = [
  {
    id: 'chromium',
    what: 'Chromium (browser demo, browser and interop tests)',
    for: ['demo', 'test'],
    env: ['CHROME_PATH', 'VFIDO_BROWSER_PATH'],
    find: () => [
      ['/usr/bin/chromium', "Debian's"],
      ['/usr/bin/chromium-browser', "the system's"],
      [playwrightChromium, "Playwright's"],
    ],
    apt: ['chromium'],
    playwright: 'chromium',
    other: 'npx --no-install playwright install chromium',
  },
  pythonModulePeer('python3-fido2', 'fido2', 'python-fido2 for /usr/bin/python3 (CTAPHID and CLI interop tests)'),
  {
    id: 'fido2-tools',
    what: "libfido2's fido2-cred and fido2-assert (interop tests)",
    for: ['test'],
    env: ['VFIDO_FIDO2_CRED'],
    find: (env) => [[onPath('fido2-cred', env), 'PATH']],
    works: (cred) => executable(join(dirname(cred), 'fido2-assert')),
    broken: (cred) => `${join(dirname(cred), 'fido2-assert')} is missing beside ${cred}`,
    apt: ['fido2-tools'],
    other: process.platform === 'darwin' ? 'brew install libfido2' : 'install libfido2 (fido2-cred, fido2-assert) from https://github.com/Yubico/libfido2',
  },
  {
    id: 'firefox-esr',
    what: 'Firefox ESR (WebDriver BiDi browser tests)',
    for: ['test'],
    env: ['VFIDO_FIREFOX'],
    find: (env) => [['/usr/bin/firefox-esr', "Debian's"], [onPath('firefox', env), 'PATH']],
    apt: ['firefox-esr'],
    other: 'install Firefox ESR and set VFIDO_FIREFOX=/path/to/firefox',
  },
  {
    id: 'chromium-driver',
    what: 'chromedriver for Chromium (WebDriver tests)',
    for: ['test'],
    env: ['CHROMEDRIVER_PATH'],
    find: (env) => [['/usr/bin/chromedriver', "Debian's"], [onPath('chromedriver', env), 'PATH']],
    apt: ['chromium-driver'],
    other: 'install the chromedriver matching your Chromium and set CHROMEDRIVER_PATH=/path/to/chromedriver',
  },
  pythonModulePeer('python3-selenium', 'selenium', 'Selenium for /usr/bin/python3 (WebDriver tests)'),
];

/** The purposes `--for` accepts besides peer ids. */
export const PURPOSES = [...new Set(PEERS.flatMap((p) => p.for))];

/**
 * Where one peer is.
 * @param {string} id - a {@link PEERS} id
 * @param {{ env?: NodeJS.ProcessEnv, browserPath?: string }} [options] - environment (default process.env); `--browser-path` (chromium only, wins over the environment)
 * @returns {import('./peers.d.mts').PeerStatus}
 */
export function findPeer(id, { env = process.env, browserPath } = {}) {
  const peer = PEERS.find((p) => p.id === id);
  if (!peer) throw new Error(`unknown peer '${id}'; peers: ${PEERS.map((p) => p.id).join(', ')}`);
  const override = peer.id === 'chromium' && browserPath ? ['--browser-path', browserPath] : peer.env.map((name) => [name, env[name]]).find(([, value]) => value);
  if (override) {
    const [name, value] = override;
    if (!executable(value)) {
      const unset = name === '--browser-path' ? 'drop --browser-path' : `unset ${name}`;
      return { id, peer, override: name, problem: `${name}=${value}: no executable file there`, fix: `${unset}   (or point it at an existing ${peer.id === 'chromium' ? 'Chromium' : 'file'})` };
    }
    if (peer.works && !peer.works(value)) return { id, peer, override: name, problem: `${name}=${value}: ${peer.broken(value)}`, fix: peer.repair?.(value) ?? peer.other };
    return { id, peer, path: value, source: name };
  }
  let broken;
  for (const [where, source] of peer.find(env)) {
    const path = typeof where === 'function' ? where() : where; // costly lookups run only when needed
    if (!path || !executable(path)) continue;
    if (!peer.works || peer.works(path)) return { id, peer, path, source };
    broken ??= peer.broken(path);
  }
  return { id, peer, problem: broken ?? 'not found', fix: undefined };
}

/**
 * The Chromium the demo and the browser tests launch: `--browser-path` / CHROME_PATH / VFIDO_BROWSER_PATH,
 * else Debian's /usr/bin/chromium, else Playwright's own. Never installs (run `node scripts/peers.mjs`).
 * @param {{ env?: NodeJS.ProcessEnv, browserPath?: string }} [options]
 * @returns {string} the executable path
 * @throws Error naming the exact command to run when there is none
 */
export function chromiumPath(options = {}) {
  return peerPath('chromium', options);
}

/**
 * The path of one peer (the executable: a browser, python3, fido2-cred), for tests that drive it.
 * Never installs (`npm test` ran the installer first).
 * @param {string} id - a {@link PEERS} id
 * @param {{ env?: NodeJS.ProcessEnv, browserPath?: string }} [options]
 * @returns {string}
 * @throws Error naming the exact command to run when the peer is missing
 */
export function peerPath(id, options = {}) {
  const found = findPeer(id, options);
  if (found.path) return found.path;
  throw new Error(report([found], options.env ?? process.env));
}

/** The peers `--for` names: purposes expand to their peers, ids name themselves. */
export function peersFor(names) {
  const ids = new Set();
  for (const name of names) {
    const inPurpose = PEERS.filter((p) => p.for.includes(name));
    if (inPurpose.length > 0) inPurpose.forEach((p) => ids.add(p.id));
    else if (PEERS.some((p) => p.id === name)) ids.add(name);
    else throw new Error(`unknown --for '${name}': use ${[...PURPOSES, ...PEERS.map((p) => p.id)].join(', ')}`);
  }
  return [...ids];
}

/** Debian, Ubuntu or a derivative (apt-get can install the peers), from /etc/os-release. */
function debianLike() {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^ID(_LIKE)?=.*\b(debian|ubuntu)\b/m.test(release);
  } catch {
    return false;
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const aptGet = (env) => onPath('apt-get', env) ?? (existsSync('/usr/bin/apt-get') ? '/usr/bin/apt-get' : undefined);

/** The one command that installs `missing` (peers without a broken override) on this machine. */
export function installCommand(missing, env = process.env) {
  if (missing.length === 0) return undefined;
  if (debianLike() && aptGet(env)) {
    const sudo = isRoot() ? '' : 'sudo ';
    const pkgs = [...new Set(missing.flatMap((m) => m.peer.apt))].join(' ');
    return `${sudo}apt-get update && ${sudo}apt-get install -y ${pkgs}`;
  }
  return [...new Set(missing.map((m) => m.peer.other))].join(' && ');
}

/** What is missing and the exact fix, for stderr. */
function report(missing, env) {
  const lines = missing.map((m) => `  ${m.id}: ${m.problem} (${m.peer.what})`);
  const overrides = missing.filter((m) => m.override);
  const plain = missing.filter((m) => !m.override);
  const fixes = overrides.map((m) => `  ${m.fix}`);
  // A bad override also needs the peer installed when nothing else would be found without it.
  const bare = overrides.map((m) => findPeer(m.id, { env: Object.fromEntries(Object.entries(env).filter(([k]) => !m.peer.env.includes(k))) })).filter((s) => !s.path);
  const command = installCommand([...plain, ...bare], env);
  if (command) fixes.push(`  ${command}`);
  for (const m of plain) fixes.push(`  (or set ${m.peer.env[0]}=/path/to/${m.id === 'python3-fido2' || m.id === 'python3-selenium' ? 'python3' : m.id === 'fido2-tools' ? 'fido2-cred' : m.id})`);
  return `vfido peers: missing\n${lines.join('\n')}\nrun:\n${fixes.join('\n')}`;
}

/** Run a command with its progress on our stderr/stdout; true when it exits 0. */
function run(command, args, env) {
  console.error(`vfido peers: $ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (result.error) console.error(`vfido peers: ${command}: ${result.error.message}`);
  return result.status === 0;
}

/**
 * Find the peers for `purposes`, install the missing ones where possible, report.
 * @param {import('./peers.d.mts').EnsureOptions} [options]
 * @returns {Promise<import('./peers.d.mts').EnsureResult>} `code` 0 when every peer is there, else 2 (after printing the fix on stderr)
 */
export async function ensurePeers({ purposes = ['test'], browserPath, env = process.env, install = env.VFIDO_PEERS_INSTALL !== '0', log = (line) => console.error(line) } = {}) {
  const ids = peersFor(purposes);
  let status = ids.map((id) => findPeer(id, { env, browserPath }));
  const badOverride = status.filter((s) => s.override && !s.path);
  let missing = status.filter((s) => !s.path && !s.override);
  if (badOverride.length === 0 && missing.length > 0 && install) {
    log(`vfido peers: missing ${missing.map((m) => m.id).join(', ')}; installing`);
    const apt = debianLike() && isRoot() ? aptGet(env) : undefined;
    const runEnv = { ...env, PATH: env.PATH || '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', DEBIAN_FRONTEND: 'noninteractive' };
    if (apt) {
      const pkgs = [...new Set(missing.flatMap((m) => m.peer.apt))];
      if (run(apt, ['update'], runEnv)) run(apt, ['install', '-y', ...pkgs], runEnv);
    } else if (missing.some((m) => m.peer.playwright)) {
      const npx = onPath('npx', env);
      for (const m of missing.filter((p) => p.peer.playwright)) if (npx) run(npx, ['--no-install', 'playwright', 'install', m.peer.playwright], runEnv);
    }
    status = ids.map((id) => findPeer(id, { env, browserPath }));
    missing = status.filter((s) => !s.path && !s.override);
  }
  const problems = [...badOverride, ...missing];
  if (problems.length > 0) {
    log(report(problems, env));
    return { code: 2, peers: status };
  }
  return { code: 0, peers: status };
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { for: { type: 'string', multiple: true }, 'browser-path': { type: 'string' }, 'no-install': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`vfido peers: ${error.message}`);
    return 2;
  }
  if (values.help) {
    console.log(`usage: node scripts/peers.mjs [--for ${PURPOSES.join('|')}|<peer>[,...]] [--browser-path PATH] [--no-install] [--json]\n` +
      PEERS.map((p) => `  ${p.id.padEnd(17)} ${p.for.length ? `for ${p.for.join(', ')}` : 'optional'}; override ${p.env.join(' or ')}; apt ${p.apt.join(' ')}`).join('\n'));
    return 0;
  }
  const purposes = (values.for ?? ['test']).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  let result;
  try {
    result = await ensurePeers({ purposes, browserPath: values['browser-path'], install: values['no-install'] ? false : undefined });
  } catch (error) {
    console.error(`vfido peers: ${error.message}`);
    return 2;
  }
  if (values.json) console.log(JSON.stringify(result.peers.map(({ id, path, source, problem }) => ({ id, path, source, problem }))));
  else if (result.code === 0) for (const p of result.peers) console.error(`vfido peers: ${p.id} ${p.path} (${p.source})`);
  return result.code;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
