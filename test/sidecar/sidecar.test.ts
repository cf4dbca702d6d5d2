/**
 * `vfido attach --cdp` (the sidecar for any language) as a Python Selenium suite uses it: a Chromium runs with
 * --remote-debugging-port (started here, as a CI step would), the BUILT `vfido attach` attaches to it as its own
 * process, and Debian's python3-selenium drives that browser through Debian's chromedriver (`debuggerAddress`):
 * examples/python-selenium/passkey_example.py registers and signs in against a relying party whose endpoints
 * verify with @simplewebauthn/server (the preset's AAGUID and attestation format), and test/sidecar/refusals.py
 * shows a cross-origin iframe without `allow` and a forged-origin attempt refused through the sidecar exactly as
 * the browser's own WebAuthn refuses them without it. The sidecar stops on SIGINT leaving the browser running, and
 * on the browser's exit by itself; no process outlives the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { getPreset } from '@vfido/core';
import type { WebAuthnCredential } from '@simplewebauthn/server';
import { authenticationOptions, registrationOptions, startSite, verifyAuthentication, verifyRegistration, type Site } from '../browser/harness.js';
import { FORGE } from '../browser/drivers/driverSuite.js';
import { chromiumPath, peerPath } from '../../scripts/peers.mjs';
import { BIN, ROOT, vfido } from '../cli/vfido.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/python-selenium/passkey_example.py', import.meta.url));
const REFUSALS = fileURLToPath(new URL('./refusals.py', import.meta.url));
const PRESET = getPreset('yubikey-5-nfc');

let site: Site;
let rp: Server;
let rpUrl: string;
let chrome: ChildProcess | undefined;
let chromePort: number;
let chromeWs: string;
let profile: string;
const sidecars: ChildProcess[] = [];

/** A relying party with the four JSON endpoints the example speaks, verifying with @simplewebauthn/server. */
async function startRp(origin: string): Promise<{ server: Server; url: string }> {
  let creation: Awaited<ReturnType<typeof registrationOptions>> | undefined;
  let request: Awaited<ReturnType<typeof authenticationOptions>> | undefined;
  let credential: WebAuthnCredential | undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      void (async () => {
        const input = body ? (JSON.parse(body) as never) : undefined;
        switch (req.url) {
          case '/register/options':
            return (creation = await registrationOptions('localhost', { attestationType: 'direct' }));
          case '/register/verify': {
            const { verified, registrationInfo } = await verifyRegistration(input!, creation!, origin);
            credential = registrationInfo?.credential;
            return { verified, aaguid: registrationInfo?.aaguid, fmt: registrationInfo?.fmt, credentialId: credential?.id };
          }
          case '/login/options':
            return (request = await authenticationOptions('localhost', { allowCredentials: credential ? [{ id: credential.id }] : [] }));
          case '/login/verify': {
            const { verified, authenticationInfo } = await verifyAuthentication(input!, request!, origin, credential!);
            return { verified, credentialId: authenticationInfo.credentialID, newCounter: authenticationInfo.newCounter };
          }
          default:
            throw new Error(`no route ${req.url}`);
        }
      })().then(
        (answer) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
        (error: Error) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ verified: false, error: error.message })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Chromium with --remote-debugging-port=0; resolves with the port it prints. */
async function startChromium(): Promise<{ proc: ChildProcess; port: number; ws: string }> {
  profile = mkdtempSync(join(tmpdir(), 'vfido-sidecar-chromium-'));
  const proc = spawn(
    chromiumPath(),
    ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const ws = await new Promise<string>((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`chromium exited ${code} before listening:\n${err}`)));
  });
  proc.stderr!.resume();
  return { proc, port: Number(new URL(ws).port), ws };
}

/** What the sidecar printed (as the events `--json` prints) and how it ended. */
interface Sidecar {
  proc: ChildProcess;
  lines: Record<string, unknown>[];
  /** Resolves with the next line whose `event` is `event`. */
  next(event: string): Promise<Record<string, unknown>>;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
  stderr(): string;
}

/** One line of the default (text) output as the event `--json` prints for it; throws on any other line. */
function textEvent(line: string): Record<string, unknown> {
  let m = /^vfido: (\S+) \(([0-9a-f-]{36})\) attached to Chromium (\S+); pages loaded from now on use it \((\d+) open: reload them\); Ctrl-C detaches$/.exec(line);
  if (m) return { event: 'ready', preset: m[1], aaguid: m[2], browser: m[3], pages: Number(m[4]) };
  if ((m = /^registered (\S+) rp (\S+) origin (\S+)$/.exec(line))) return { event: 'registered', credentialId: m[1], rpId: m[2], origin: m[3] };
  if ((m = /^signed in (\S+) rp (\S+) origin (\S+) signCount (\d+)$/.exec(line))) return { event: 'asserted', credentialId: m[1], rpId: m[2], origin: m[3], signCount: Number(m[4]) };
  if ((m = /^vfido: stopped \((\S+)\)$/.exec(line))) return { event: 'stopped', reason: m[1] };
  throw new Error(`vfido attach printed an unexpected line: ${line}`);
}

/** `vfido attach --cdp <endpoint> ...` as its own process (the built binary); `--json` in `args` selects JSON lines. */
function startSidecar(endpoint: string, args: string[]): Sidecar {
  const json = args.includes('--json');
  const proc = spawn(process.execPath, [BIN, 'attach', '--cdp', endpoint, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  sidecars.push(proc);
  const lines: Record<string, unknown>[] = [];
  const waiters: { event: string; seen: number; resolve: (l: Record<string, unknown>) => void }[] = [];
  let out = '';
  let err = '';
  proc.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  proc.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    let nl;
    while ((nl = out.indexOf('\n')) >= 0) {
      const text = out.slice(0, nl);
      const line = json ? (JSON.parse(text) as Record<string, unknown>) : textEvent(text);
      out = out.slice(nl + 1);
      lines.push(line);
      for (const w of waiters.splice(0)) {
        const hit = lines.slice(w.seen).find((l) => l['event'] === w.event);
        if (hit) w.resolve(hit);
        else waiters.push(w);
      }
    }
  });
  const exit = once(proc, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    proc,
    lines,
    exit,
    stderr: () => err,
    next: (event) =>
      new Promise((resolve, reject) => {
        const hit = lines.find((l) => l['event'] === event);
        if (hit) return resolve(hit);
        waiters.push({ event, seen: 0, resolve });
        void exit.then(([code]) => reject(new Error(`vfido attach exited ${code} before '${event}':\n${err}`)));
      }),
  };
}

/** Run Debian's python3 (with python3-selenium) on a script; its stdout JSON. */
function python<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) =>
    execFile(peerPath('python3-selenium'), [script, ...args], { timeout: 90_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${script} failed (${error.code}):\n${stderr}\n${stdout}`));
      try {
        resolve(JSON.parse(stdout) as T);
      } catch {
        reject(new Error(`${script} printed no JSON:\n${stdout}\n${stderr}`));
      }
    }),
  );
}

/** Is `pid` still a live (non-zombie) process? */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Whether `pid` is gone (or a zombie) within `ms`, polled every 100 ms. */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; alive(pid); ) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Every live descendant of `pid` (Chromium's zygote, GPU, renderer... processes), from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/\) \S+ (\d+)/.exec(readFileSync(`/proc/${entry}/stat`, 'utf8'))![1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  for (let queue = [pid]; queue.length > 0; ) for (const c of children.get(queue.shift()!) ?? []) out.push(c), queue.push(c);
  return out;
}

beforeAll(async () => {
  peerPath('chromium-driver'); // fails the file with the install command when chromedriver is missing
  site = await startSite();
  ({ server: rp, url: rpUrl } = await startRp(site.origin));
  ({ proc: chrome, port: chromePort, ws: chromeWs } = await startChromium());
}, 60_000);

afterAll(async () => {
  for (const s of sidecars) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
  if (chrome && chrome.exitCode === null && chrome.signalCode === null) {
    chrome.kill('SIGKILL');
    await once(chrome, 'exit');
  }
  if (profile) rmSync(profile, { recursive: true, force: true });
  await new Promise((resolve) => rp?.close(resolve));
  await site?.close();
});

describe('vfido attach --cdp: bad input is a typed usage error (exit 2), nothing attached', () => {
  it('unknown preset, bad endpoint, nothing listening, not a Chromium, a store file that is not one', async () => {
    const badStore = join(mkdtempSync(join(tmpdir(), 'vfido-sidecar-')), 'not-a-store.json');
    writeFileSync(badStore, '{"hello": "world"}');
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const cases: [string[], string][] = [
      [['--cdp', '9222', '--preset', 'yubikey-6'], 'ERR_UNKNOWN_PRESET'],
      [['--cdp', 'ftp://127.0.0.1:9222'], 'ERR_CDP_ENDPOINT'],
      [['--cdp', '70000'], 'ERR_CDP_ENDPOINT'],
      [['--cdp', String(free)], 'ERR_CDP_UNREACHABLE'],
      [['--cdp', site.origin], 'ERR_CDP_NOT_CHROMIUM'], // a web server, not DevTools
      [['--cdp', String(chromePort), '--store', badStore], 'ERR_STORE_CORRUPT'], // refused before connecting
    ];
    const results = await Promise.all(cases.map(([args]) => vfido(['attach', ...args])));
    results.forEach((r, i) => {
      const [args, code] = cases[i]!;
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^vfido: ${code}: `));
      expect(r.stderr).toMatch(/\nnext: /);
      expect(r.stdout).toBe('');
    });
  });
});

describe('vfido attach --cdp with Python Selenium (python3-selenium, chromedriver debuggerAddress)', () => {
  const store = join(mkdtempSync(join(tmpdir(), 'vfido-sidecar-')), 'creds.json');
  const frameOrigin = () => `http://a.localhost:${site.port}`;
  type Outcome = { ok: boolean; name?: string; code?: string; response?: Parameters<typeof verifyRegistration>[0] };
  type Forge = { called: string[]; direct: string };
  const refusalCases = async () => [
    { name: 'iframe-no-allow', url: `${site.origin}/embed?src=${encodeURIComponent(`${frameOrigin()}/`)}`, frame: true, kind: 'register', options: await registrationOptions('a.localhost') },
    { name: 'forge', url: `${site.origin}/`, frame: false, kind: 'script', source: FORGE, options: { rpId: 'victim.example' } },
  ];
  let baseline: { outcomes: Record<string, Outcome & Forge> };
  let firstCredentialId: string;

  it("the browser's own WebAuthn (no sidecar yet) refuses a cross-origin iframe without allow and a foreign RP ID", async () => {
    baseline = await python(REFUSALS, [JSON.stringify({ debuggerAddress: `127.0.0.1:${chromePort}`, cases: await refusalCases() })]);
    expect(baseline.outcomes['iframe-no-allow']).toMatchObject({ ok: false, name: 'NotAllowedError' });
    expect(baseline.outcomes['forge']!.direct).toBe('SecurityError');
  }, 120_000);

  it('registers and signs in from Python through the sidecar (the preset reaches the RP); SIGINT leaves the browser running', async () => {
    const started = performance.now();
    // The default text output, as a user sees it (parsed line by line; any other line fails the test).
    const sidecar = startSidecar(String(chromePort), ['--preset', PRESET.id, '--store', store]);
    const ready = await sidecar.next('ready');
    const attachMs = performance.now() - started;
    expect(ready).toMatchObject({ event: 'ready', preset: PRESET.id, aaguid: PRESET.aaguid });
    expect(ready['browser']).toMatch(/^\d+\./);

    const ceremonyStart = performance.now();
    const result = await python<{
      registered: { verified: boolean; aaguid: string; fmt: string; credentialId: string };
      signedIn: { verified: boolean; credentialId: string; newCounter: number };
      credentialId: string;
      chromedriverPid: number;
      ms: { register: number; signIn: number };
    }>(EXAMPLE, [
      '--debugger-address',
      `127.0.0.1:${chromePort}`,
      '--url',
      `${site.origin}/`,
      '--rp',
      rpUrl,
    ]);
    const exampleMs = performance.now() - ceremonyStart;
    expect(result.registered).toMatchObject({ verified: true, aaguid: PRESET.aaguid, fmt: PRESET.attestation.format });
    expect(result.signedIn).toMatchObject({ verified: true, credentialId: result.credentialId });
    expect(result.signedIn.newCounter).toBeGreaterThan(0);
    firstCredentialId = result.credentialId;
    expect(await goneWithin(result.chromedriverPid, 10_000)).toBe(true);
    // One line per ceremony, naming the credential, the RP ID and the calling page's origin.
    expect(await sidecar.next('registered')).toEqual({ event: 'registered', credentialId: result.credentialId, rpId: 'localhost', origin: site.origin });
    expect(await sidecar.next('asserted')).toMatchObject({ event: 'asserted', credentialId: result.credentialId, rpId: 'localhost', origin: site.origin });
    expect(sidecar.lines.filter((l) => l['event'] === 'registered')).toHaveLength(1);

    // SIGINT: detaches and disconnects; the user's browser keeps running.
    sidecar.proc.kill('SIGINT');
    const [code] = await sidecar.exit;
    expect(code, sidecar.stderr()).toBe(0);
    expect(sidecar.lines.at(-1)).toEqual({ event: 'stopped', reason: 'SIGINT' });
    expect(alive(chrome!.pid!)).toBe(true);
    const version = (await (await fetch(`http://127.0.0.1:${chromePort}/json/version`)).json()) as { Browser: string };
    expect(version.Browser).toMatch(/Chrom/);
    // The store kept the credential for the next run.
    const stored = JSON.parse(readFileSync(store, 'utf8')) as { credentials: { rpId: string }[] };
    expect(stored.credentials.map((c) => c.rpId)).toEqual(['localhost']);
    console.log(`sidecar: attach ${attachMs.toFixed(0)} ms (spawn to ready); example ${exampleMs.toFixed(0)} ms (python + chromedriver + register + sign-in); in the page: register ${result.ms.register} ms, sign-in ${result.ms.signIn} ms`);
  }, 180_000);

  it('a second run (--cdp ws://..., same --store, --user-verified false): refusals match the browser, an allowed iframe registers; it stops (exit 0) when the browser goes away; no process is left', async () => {
    // This time by the browser's WebSocket URL, as Chromium printed it.
    const sidecar = startSidecar(chromeWs, ['--preset', PRESET.id, '--store', store, '--user-verified', 'false', '--json']);
    await sidecar.next('ready');
    const register = async (name: string, extra: Parameters<typeof registrationOptions>[1]) => ({ name, url: `${site.origin}/`, frame: false, kind: 'register', options: await registrationOptions('localhost', extra) });
    const allowed = {
      name: 'iframe-allow',
      url: `${site.origin}/embed?src=${encodeURIComponent(`${frameOrigin()}/`)}&allow=publickey-credentials-create`,
      frame: true,
      kind: 'register',
      options: await registrationOptions('a.localhost'), // userVerification preferred: no UV needed
    };
    const through = await python<{ outcomes: Record<string, Outcome & Forge>; chromedriverPid: number }>(REFUSALS, [
      JSON.stringify({
        debuggerAddress: `127.0.0.1:${chromePort}`,
        cases: [
          ...(await refusalCases()),
          allowed,
          // The stored credential is excluded: the authenticator (reloaded from the file) holds it.
          await register('excluded', { excludeCredentials: [{ id: firstCredentialId }], authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' } }),
          // The scripted user fails verification: a UV-requiring registration is refused.
          await register('uv-required', { authenticatorSelection: { residentKey: 'discouraged', userVerification: 'required' } }),
        ],
      }),
    ]);
    // Refused through the sidecar exactly as the browser's own WebAuthn refused them.
    const pick = (o: Outcome | undefined) => ({ ok: o?.ok, name: o?.name, code: o?.code });
    expect(pick(through.outcomes['iframe-no-allow'])).toEqual(pick(baseline.outcomes['iframe-no-allow']));
    expect(through.outcomes['forge']!.direct).toBe(baseline.outcomes['forge']!.direct);
    // With allow=, the cross-origin iframe registers, verified for its own origin with the preset's AAGUID.
    const framed = through.outcomes['iframe-allow']!;
    expect(framed.ok, JSON.stringify(framed)).toBe(true);
    const { verified, registrationInfo } = await verifyRegistration(framed.response!, allowed.options, frameOrigin());
    expect(verified).toBe(true);
    expect(registrationInfo?.aaguid).toBe(PRESET.aaguid);
    expect(through.outcomes['excluded']).toMatchObject({ ok: false, name: 'InvalidStateError' });
    expect(through.outcomes['uv-required']).toMatchObject({ ok: false, name: 'NotAllowedError' });
    // Nothing registered for the forged RP ID, the refused iframe, the excluded or the unverified user.
    expect(sidecar.lines.filter((l) => l['event'] === 'registered').map((l) => [l['rpId'], l['origin']])).toEqual([['a.localhost', frameOrigin()]]);
    const family = descendants(chrome!.pid!);
    expect(family.length).toBeGreaterThan(0);
    chrome!.kill('SIGTERM');
    await once(chrome!, 'exit');
    const [code] = await sidecar.exit;
    expect(code, sidecar.stderr()).toBe(0);
    expect(sidecar.lines.at(-1)).toEqual({ event: 'stopped', reason: 'browser-disconnected' });
    // Chromium's helpers (zygote, renderers, GPU) exit on their own once the browser process is gone, which can take
    // a moment on a loaded machine: each gets up to 10 s, then none may be left.
    for (const pid of [...sidecars.map((p) => p.pid!), chrome!.pid!, ...family, through.chromedriverPid]) expect(await goneWithin(pid, 10_000), `pid ${pid}`).toBe(true);
  }, 60_000);
});
