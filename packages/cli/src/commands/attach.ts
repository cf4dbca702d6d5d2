/**
 * `vfido attach --cdp <port | http://host:port | ws-url>`: the sidecar for any language. It attaches a vfido
 * authenticator (a preset, shim backend) to every page of an already-running Chromium started with
 * `--remote-debugging-port`, so a Selenium (Python, Java, Ruby...) suite driving that browser gets vfido
 * without JavaScript. The browser and the automation libraries load only when this command runs.
 * @module
 */
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { parseCdpEndpoint, probeCdpEndpoint } from '../cdpEndpoint.js';
import { usage } from '../errors.js';
import { createRequire } from 'node:module';

/**
 * `playwright-core` is an optional peer of @vfido/cli (the project's one copy runs, beside @playwright/test's):
 * only `vfido attach` needs it.
 * @throws CliError `ERR_PLAYWRIGHT_MISSING` (exit 2) when it cannot be resolved from this package
 */
function requirePlaywrightCore(): void {
  try {
    createRequire(import.meta.url).resolve('playwright-core');
  } catch {
    throw usage('ERR_PLAYWRIGHT_MISSING', 'vfido attach drives Chromium through playwright-core, which is not installed', 'install it beside @vfido/cli: npm install -D playwright-core (any version >= 1.40; a project with @playwright/test already has it)');
  }
}

interface AttachFlags {
  cdp: string;
  preset: string;
  seed?: string;
  store?: string;
  userVerified: 'true' | 'false';
  userPresent: 'true' | 'false';
  timeout: string;
  json?: boolean;
}

/**
 * Register `vfido attach`. Its action rejects bad input before anything connects (exit 2):
 * @throws CliError `ERR_CDP_ENDPOINT`, `ERR_CDP_UNREACHABLE`, `ERR_CDP_NOT_CHROMIUM`, `ERR_USAGE` (`--timeout`);
 *   PresetError `ERR_UNKNOWN_PRESET`; CredentialStoreError `ERR_STORE_*` (`--store`)
 */
export function registerAttach(program: Command, ctx: CliContext): void {
  program
    .command('attach')
    .description('attach an emulated authenticator to every page of a running Chromium (--remote-debugging-port), for Selenium and other non-JS suites')
    .requiredOption('--cdp <endpoint>', 'DevTools port (9222), host:port (chromedriver debuggerAddress), http://host:port or ws://host:port/devtools/browser/<id>')
    .option('--preset <id>', "authenticator model (see 'vfido presets')", 'generic')
    .option('--seed <seed>', 'reproducible keys, credential ids and certificates')
    .option('--store <file>', 'keep credentials in this file across runs (created when missing)')
    .addOption(new Option('--user-verified <bool>', 'whether user verification succeeds').choices(['true', 'false']).default('true'))
    .addOption(new Option('--user-present <bool>', 'whether the user touches the authenticator (false refuses every ceremony)').choices(['true', 'false']).default('true'))
    .option('--timeout <ms>', 'how long to wait for the browser to answer when connecting', '10000')
    .option('--json', 'print one JSON object per line (ready, registered, asserted, stopped)')
    .addHelpText(
      'after',
      `
Start Chromium with --remote-debugging-port=<port>, then run vfido attach --cdp <port>. Under
chromedriver, pass the session's goog:chromeOptions.debuggerAddress capability (host:port) as --cdp.
Pages loaded after the ready line use the preset (its AAGUID and attestation reach the RP); pages already
open keep the browser's own WebAuthn until they reload. One line per registration and sign-in (credential id,
rp id, origin) goes to stdout.

Stops on SIGINT/SIGTERM (detaches, disconnects, leaves the browser running) or when the browser closes.
Exit codes: 0 stopped by a signal or the browser went away; 2 bad input (ERR_CDP_ENDPOINT,
ERR_CDP_UNREACHABLE, ERR_CDP_NOT_CHROMIUM, ERR_UNKNOWN_PRESET, a bad --store file); 3 internal error.

Examples:
  $ chromium --headless --remote-debugging-port=9222 &
  $ vfido attach --cdp 9222 --preset yubikey-5-nfc --store creds.json
  $ vfido attach --cdp http://127.0.0.1:9222 --preset windows-hello-hardware --user-verified false --json`,
    )
    .action(async (flags: AttachFlags) => {
      // Flags and preset first: bad input fails before any browser library loads or anything connects.
      const endpoint = parseCdpEndpoint(flags.cdp);
      const timeoutMs = Number(flags.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw usage('ERR_USAGE', `--timeout must be a positive integer of milliseconds, got '${flags.timeout}'`, 'e.g. --timeout 10000');
      const { getPreset, FileCredentialStore } = await import('@vfido/core');
      const preset = getPreset(flags.preset).id;
      const store = flags.store === undefined ? undefined : new FileCredentialStore(flags.store); // reads it: a bad file fails here
      // An endpoint that is not Chromium's fails before playwright-core loads.
      const wsUrl = endpoint.kind === 'http' ? (await probeCdpEndpoint(endpoint.url, timeoutMs)).webSocketDebuggerUrl : endpoint.url;
      requirePlaywrightCore();
      const { runSidecar } = await import('../sidecar.js');
      await runSidecar(ctx, {
        wsUrl,
        preset,
        ...(flags.seed !== undefined && { seed: flags.seed }),
        ...(store !== undefined && { store }),
        userVerified: flags.userVerified === 'true',
        userPresent: flags.userPresent === 'true',
        json: !!flags.json,
        timeoutMs,
      });
    });
}
