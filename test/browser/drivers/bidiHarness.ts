/**
 * Test-side helpers of the WebDriver BiDi driver files (webdriver-*.test.ts): a {@link DriverSession} on a fresh BiDi
 * user context, and Debian's Firefox ESR started with its own WebDriver BiDi remote agent (no geckodriver).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VfidoHandle } from '@vfido/bridge';
import type { BidiTransport } from '@vfido/webdriver';
import { peerPath } from '../../../scripts/peers.mjs';
import type { DriverSession } from './driverSuite.js';

/**
 * A session in a new user context (own cookies and storage) with vfido attached to it, one tab in it.
 * @param control - the test's own BiDi connection (navigation, evaluation)
 * @param attach - attaches vfido to the given user context
 */
export async function bidiSession(control: BidiTransport, attach: (userContext: string) => Promise<VfidoHandle>): Promise<DriverSession> {
  const { userContext } = (await control.send('browser.createUserContext', {})) as { userContext: string };
  const vfido = await attach(userContext);
  const { context } = (await control.send('browsingContext.create', { type: 'tab', userContext })) as { context: string };
  const frameContext = async (frame: 'top' | 'iframe'): Promise<string> => {
    if (frame === 'top') return context;
    const { contexts } = (await control.send('browsingContext.getTree', { root: context })) as { contexts: { children: { context: string }[] }[] };
    const child = contexts[0]?.children[0]?.context;
    if (!child) throw new Error('the page has no iframe');
    return child;
  };
  return {
    vfido,
    goto: async (url) => void (await control.send('browsingContext.navigate', { context, url, wait: 'complete' })),
    evaluate: async (expression, frame = 'top') => {
      const result = (await control.send('script.evaluate', { expression, target: { context: await frameContext(frame) }, awaitPromise: true, resultOwnership: 'none' })) as {
        type: string;
        result?: { type: string; value?: unknown };
        exceptionDetails?: { text?: string };
      };
      if (result.type !== 'success' || result.result?.type !== 'string') throw new Error(`evaluate failed: ${JSON.stringify(result.exceptionDetails ?? result.result)}`);
      return result.result.value as string;
    },
    close: async () => {
      await vfido.detach();
      await control.send('browser.removeUserContext', { userContext });
    },
  };
}

/** Prefs for a quiet headless Firefox on a machine without internet (no updates, telemetry, first-run pages). */
const FIREFOX_PREFS: Record<string, string | number | boolean> = {
  'app.update.disabledForTesting': true,
  'browser.aboutwelcome.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.search.update': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage': 'about:blank',
  'browser.startup.page': 0,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'remote.prefs.recommended': true,
  'toolkit.telemetry.server': '',
};

/** A Firefox started with `--remote-debugging-port`: its remote agent's WebDriver BiDi endpoint, and how to stop it. */
export interface FirefoxBidi {
  /** `ws://127.0.0.1:<port>` (connect to `${url}/session`, then send `session.new`). */
  url: string;
  process: ChildProcess;
  /** Kill the browser (after `browser.close` was tried), wait for its exit, remove the profile. */
  stop(): Promise<void>;
}

/** Start the peers' Firefox ESR headless with its WebDriver BiDi remote agent on a free port. */
export async function launchFirefoxBidi(): Promise<FirefoxBidi> {
  const executable = peerPath('firefox-esr');
  const profile = mkdtempSync(join(tmpdir(), 'vfido-firefox-'));
  writeFileSync(join(profile, 'user.js'), Object.entries(FIREFOX_PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
  const child = spawn(executable, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0', 'about:blank'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    // Content processes name their parent's pid; the crash helper its pid as an argument.
    await expectNoProcesses([profile, `-parentPid ${child.pid}`, `crashhelper ${child.pid} `]);
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`${executable} printed no WebDriver BiDi endpoint in 60 s:\n${output}`)), 60_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stderr!.on('data', onData);
      child.stdout!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`${executable} exited (${code}) before its remote agent listened:\n${output}`)));
    });
    child.stderr!.resume();
    child.stdout!.resume();
    return { url, process: child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Processes whose command line contains one of `markers` (Linux /proc), as `pid: command`. */
function processesWith(markers: readonly string[]): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // gone
    }
    if (markers.some((m) => cmdline.includes(m))) out.push(`${pid}: ${cmdline.slice(0, 160)}`);
  }
  return out;
}

/**
 * Wait (up to 15 s) until no process's command line contains any of `markers` (a profile directory, a parent pid
 * argument); throws listing the orphans otherwise. Called after a file stopped its browser and driver.
 */
export async function expectNoProcesses(markers: readonly string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  let left = processesWith(markers);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    left = processesWith(markers);
  }
  if (left.length > 0) throw new Error(`orphan processes after the browser was closed:\n${left.join('\n')}`);
}

/** Child processes of this process whose command line starts with `executable`, as pids. */
export function childrenRunning(executable: string): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const ppid = /^\d+ \(.*\) \S (\d+)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
      if (Number(ppid) === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(executable)) out.push(Number(pid));
    } catch {
      // gone
    }
  }
  return out;
}

/** Wait (up to 15 s) until these pids are gone (or zombies); throws naming the ones still running. */
export async function expectExited(pids: readonly number[]): Promise<void> {
  const running = (): number[] =>
    pids.filter((pid) => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    });
  const deadline = Date.now() + 15_000;
  while (running().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  if (running().length > 0) throw new Error(`still running after the browser was closed: pids ${running().join(', ')}`);
}
