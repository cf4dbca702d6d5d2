/**
 * `vfido serve`: expose an emulated authenticator over CTAPHID (CTAP 2.1 section 11.2) on a loopback
 * socket carrying raw 64-byte HID reports (TCP on 127.0.0.1 or a Unix socket), so any CTAPHID client
 * (python-fido2, libfido2 with a socket shim) can be pointed at it.
 * @module
 */
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError, ExitCode, usage } from '../errors.js';

interface ServeFlags {
  preset: string;
  seed?: string;
  store?: string;
  port?: string;
  socket?: string;
  touchDelay: string;
  pin?: string;
}

function parseNonNegative(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw usage('ERR_USAGE', `${flag} must be an integer 0..65535, got '${value}'`, `e.g. ${flag} 0`);
  return n;
}

/** Register `vfido serve`. */
export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve an emulated authenticator over CTAPHID on a loopback socket (raw 64-byte reports)')
    .option('--preset <id>', 'authenticator model', 'generic')
    .option('--seed <seed>', 'reproducible keys, ids and certificates')
    .option('--store <file>', 'keep credentials in this file across runs (created when missing)')
    .addOption(new Option('--port <n>', 'TCP port on 127.0.0.1 (0 picks a free one)').conflicts('socket'))
    .option('--socket <path>', 'Unix socket path instead of TCP')
    .option('--touch-delay <ms>', 'how long the scripted user takes to touch the key (keepalives meanwhile)', '0')
    .option('--pin <pin>', 'set this client PIN at start (security-key presets; replaces a PIN kept in --store)')
    .addHelpText(
      'after',
      `
Each new connection while none is open is a fresh plug-in (power cycle); connections opened while
another is open share the same device. Credentials live as long as the process, or in --store.
Presets listing U2F_V2 in getInfo (yubikey-5-nfc, yubikey-5c, titan, feitian, solokey) also answer
CTAP1/U2F over CTAPHID_MSG; the others report NMSG. U2F never waits for --touch-delay.

Examples:
  $ vfido serve --preset yubikey-5-nfc --port 8111
  $ vfido serve --preset generic --socket /tmp/vfido.sock --store creds.json --touch-delay 300
  $ vfido serve --preset yubikey-5-nfc --port 8111 --pin 123456`,
    )
    .action(async (flags: ServeFlags) => {
      const port = flags.port === undefined ? (flags.socket ? undefined : 0) : parseNonNegative(flags.port, '--port');
      const touchDelayMs = parseNonNegative(flags.touchDelay, '--touch-delay');
      const { VirtualAuthenticator, FileCredentialStore, serveCtapHid, TransportError, PinError } = await import('@vfido/core');
      const authenticator = new VirtualAuthenticator({
        preset: flags.preset,
        ...(flags.seed !== undefined && { seed: flags.seed }),
        ...(flags.store !== undefined && { store: new FileCredentialStore(flags.store) }),
      });
      if (flags.pin !== undefined) {
        try {
          authenticator.setPin(flags.pin);
        } catch (error) {
          if (error instanceof PinError) throw new CliError(error.code, error.message, { exitCode: ExitCode.USAGE, hint: 'pick a security-key preset and a PIN of at least the minimum length' });
          throw error;
        }
      }
      let server;
      try {
        server = await serveCtapHid({ authenticator, touchDelayMs, ...(port !== undefined ? { port } : { socketPath: flags.socket! }) });
      } catch (error) {
        if (error instanceof TransportError) throw new CliError(error.code, error.message, { exitCode: ExitCode.USAGE, hint: 'pick another --port or --socket path' });
        throw error;
      }
      const where = server.address.transport === 'tcp' ? `tcp ${server.address.host}:${server.address.port}` : `unix ${server.address.path}`;
      ctx.output.out(`vfido: ${authenticator.preset.id} (${authenticator.aaguid}) listening on ${where}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
    });
}
