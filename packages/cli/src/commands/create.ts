/**
 * `vfido create`: register a credential (navigator.credentials.create, WebAuthn L3 5.1.3) with an
 * emulated model and print the RegistrationResponseJSON.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { Option, type Command } from 'commander';
import type { PublicKeyCredentialCreationOptionsJSON } from '@vfido/core';
import type { CliContext } from '../context.js';
import { parseAlgList, type CeremonyFlags } from '../flags.js';
import { originAndRpId, randomChallenge, unwrapPublicKey } from '../options.js';
import { usage } from '../errors.js';
import { base64urlArg, readJsonObject } from '../io.js';
import { formatJson } from '../output.js';

interface CreateFlags extends CeremonyFlags {
  preset: string;
  userName: string;
  userId?: string;
  resident?: boolean;
  attestation: string;
  alg: number[];
}

/** Creation options from the flags (or from `--options FILE`, used as given). */
function creationOptions(flags: CreateFlags, rpId: string): PublicKeyCredentialCreationOptionsJSON {
  if (flags.options !== undefined) {
    const options = unwrapPublicKey(readJsonObject(flags.options, '--options'));
    if (typeof options['challenge'] !== 'string' || typeof options['rp'] !== 'object' || typeof options['user'] !== 'object') {
      throw usage('ERR_BAD_OPTIONS', '--options must hold PublicKeyCredentialCreationOptionsJSON (rp, user, challenge, pubKeyCredParams)', 'pass the JSON your server sends to the browser');
    }
    return options as unknown as PublicKeyCredentialCreationOptionsJSON;
  }
  const challenge = flags.challenge ?? randomChallenge();
  base64urlArg(challenge, '--challenge');
  const userId = flags.userId ?? randomBytes(16).toString('base64url');
  base64urlArg(userId, '--user-id');
  return {
    rp: { id: rpId, name: rpId },
    user: { id: userId, name: flags.userName, displayName: flags.userName },
    challenge,
    pubKeyCredParams: flags.alg.map((alg) => ({ type: 'public-key', alg })),
    authenticatorSelection: { residentKey: flags.resident ? 'required' : 'discouraged', requireResidentKey: !!flags.resident, userVerification: flags.uv ?? 'preferred' },
    attestation: flags.attestation,
    extensions: { credProps: true },
  };
}

/** Register `vfido create`. */
export function registerCreate(program: Command, ctx: CliContext): void {
  program
    .command('create')
    .description('register a credential with an emulated authenticator and print RegistrationResponseJSON (WebAuthn L3)')
    .option('--preset <id>', "authenticator model (see 'vfido presets')", 'generic')
    .requiredOption('--origin <url>', 'page origin, e.g. https://login.example.com')
    .option('--rp-id <id>', 'RP ID (default: the origin host)')
    .option('--challenge <b64url>', 'challenge (default: 32 random bytes, printed on stderr)')
    .option('--user-name <name>', 'user.name and user.displayName', 'user@example.com')
    .option('--user-id <b64url>', 'user.id (default: 16 random bytes)')
    .option('--resident', 'ask for a discoverable credential (residentKey: required)')
    .addOption(new Option('--uv <mode>', 'userVerification').choices(['required', 'preferred', 'discouraged']).default('preferred'))
    .addOption(new Option('--attestation <conveyance>', 'attestation conveyance').choices(['none', 'indirect', 'direct', 'enterprise']).default('direct'))
    .option('--alg <list>', 'pubKeyCredParams COSE algorithms, in preference order', parseAlgList, [-7, -257])
    .addOption(new Option('--via <connection>', 'direct, or hybrid (cross-device phone)').choices(['direct', 'hybrid']).default('direct'))
    .option('--store <file>', 'credential store file to keep the credential in, for vfido get (created if missing)')
    .option('--seed <seed>', 'makes keys, credential ids and attestation certificates reproducible')
    .option('--options <file>', 'full PublicKeyCredentialCreationOptionsJSON (or - for stdin) instead of the flags above')
    .option('--json', 'print only the response JSON (no notes on stderr)')
    .addHelpText(
      'after',
      `
The response JSON goes to stdout; notes (challenge, credential id) go to stderr unless --json.

Examples:
  $ vfido create --preset yubikey-5-nfc --origin https://login.example.com --challenge dGVzdA --store creds.json > reg.json
  $ vfido create --preset icloud-keychain --origin https://example.com --resident --uv required --alg -7
  $ vfido create --preset google-password-manager --origin https://example.com --via hybrid
  $ vfido create --origin https://example.com --options creation-options.json`,
    )
    .action(async (flags: CreateFlags) => {
      // Flags first: usage errors need no library (and fail fast).
      const { origin, rpId } = originAndRpId(flags.origin, flags.rpId);
      const options = creationOptions(flags, rpId);
      const { WebAuthnClient, getPreset } = await import('@vfido/core');
      const { authenticatorFor, openStore } = await import('../ceremony.js');
      const preset = getPreset(flags.preset);
      const authenticator = authenticatorFor(preset.id, openStore(flags.store), flags.seed);
      const client = new WebAuthnClient({ authenticator, origin });
      const response = await client.create(options, { via: flags.via ?? 'direct' });
      ctx.output.out(formatJson(response));
      if (!flags.json) {
        ctx.output.err(`created ${response.id} with ${preset.id} (${preset.name}) for rp ${options.rp.id ?? rpId}\n`);
        ctx.output.err(`challenge: ${options.challenge}\n`);
        ctx.output.err(flags.store ? `stored in ${flags.store}\n` : 'not stored: pass --store FILE to sign in with it later (vfido get)\n');
      }
    });
}
