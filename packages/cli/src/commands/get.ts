/**
 * `vfido get`: sign in with a stored credential (navigator.credentials.get, WebAuthn L3 5.1.4)
 * and print the AuthenticationResponseJSON.
 * @module
 */
import { Option, type Command } from 'commander';
import type { PublicKeyCredentialRequestOptionsJSON, StoredCredential } from '@vfido/core';
import type { CliContext } from '../context.js';
import type { CeremonyFlags } from '../flags.js';
import { originAndRpId, randomChallenge, unwrapPublicKey } from '../options.js';
import { usage } from '../errors.js';
import { b64url, base64urlArg, readJsonObject } from '../io.js';
import { formatJson } from '../output.js';

interface GetFlags extends CeremonyFlags {
  credential?: string;
}

/** Request options from `--options FILE`, or from the flags and the store's credentials. */
function requestOptions(flags: GetFlags, rpId: string, candidates: StoredCredential[]): PublicKeyCredentialRequestOptionsJSON {
  if (flags.options !== undefined) {
    const options = unwrapPublicKey(readJsonObject(flags.options, '--options'));
    if (typeof options['challenge'] !== 'string') {
      throw usage('ERR_BAD_OPTIONS', '--options must hold PublicKeyCredentialRequestOptionsJSON (challenge, rpId, allowCredentials)', 'pass the JSON your server sends to the browser');
    }
    return options as unknown as PublicKeyCredentialRequestOptionsJSON;
  }
  const challenge = flags.challenge ?? randomChallenge();
  base64urlArg(challenge, '--challenge');
  // Without --credential: discoverable sign-in when a passkey exists, else list every stored id (as an RP would).
  const discoverable = flags.credential === undefined && candidates.some((c) => c.discoverable);
  const allowCredentials = discoverable ? [] : candidates.map((c) => ({ type: 'public-key', id: b64url(c.id), ...(c.transports ? { transports: c.transports } : {}) }));
  return { challenge, rpId, allowCredentials, userVerification: flags.uv ?? 'preferred' };
}

/** Register `vfido get`. */
export function registerGet(program: Command, ctx: CliContext): void {
  program
    .command('get')
    .description('sign in with a credential from --store and print AuthenticationResponseJSON (WebAuthn L3)')
    .requiredOption('--origin <url>', 'page origin, e.g. https://login.example.com')
    .option('--rp-id <id>', 'RP ID (default: the origin host)')
    .option('--challenge <b64url>', 'challenge (default: 32 random bytes, printed on stderr)')
    .option('--credential <id>', 'credential id (base64url) to use; default: a discoverable sign-in, or every stored credential of the RP')
    .option('--store <file>', 'the credential store vfido create wrote (required)')
    .option('--preset <id>', 'authenticator model (default: the preset that made the credential, else generic)')
    .addOption(new Option('--uv <mode>', 'userVerification').choices(['required', 'preferred', 'discouraged']).default('preferred'))
    .addOption(new Option('--via <connection>', 'direct, or hybrid (cross-device phone)').choices(['direct', 'hybrid']).default('direct'))
    .option('--seed <seed>', 'the seed given to vfido create, if any')
    .option('--options <file>', 'full PublicKeyCredentialRequestOptionsJSON (or - for stdin) instead of the flags above')
    .option('--json', 'print only the response JSON (no notes on stderr)')
    .addHelpText(
      'after',
      `
The signature counter moves in the store file, as on the device.

Examples:
  $ vfido get --origin https://login.example.com --store creds.json --challenge dGVzdA > auth.json
  $ vfido get --origin https://login.example.com --store creds.json --credential <id> --uv required
  $ vfido get --origin https://login.example.com --store creds.json --options request-options.json`,
    )
    .action(async (flags: GetFlags) => {
      if (flags.store === undefined) throw usage('ERR_NO_STORE', 'vfido get needs --store FILE', 'pass the --store file vfido create wrote the credential to');
      const { WebAuthnClient, getPreset } = await import('@vfido/core');
      const { authenticatorFor, openStore } = await import('../ceremony.js');
      const store = openStore(flags.store);
      const checked = originAndRpId(flags.origin, flags.rpId);
      const origin = checked.origin;
      let rpId = checked.rpId;
      if (flags.options !== undefined) {
        const raw = unwrapPublicKey(readJsonObject(flags.options, '--options'));
        if (typeof raw['rpId'] === 'string') rpId = raw['rpId'];
      }
      let candidates = store.list({ rpId });
      if (flags.credential !== undefined) {
        const id = b64url(base64urlArg(flags.credential, '--credential'));
        candidates = candidates.filter((c) => b64url(c.id) === id);
        if (candidates.length === 0) throw usage('ERR_NO_CREDENTIALS', `no credential ${id} for rp ${rpId} in ${flags.store}`, 'check --credential and --rp-id against vfido create\'s output');
      }
      if (candidates.length === 0) {
        const rps = [...new Set(store.list().map((c) => c.rpId))];
        throw usage('ERR_NO_CREDENTIALS', `no credential for rp ${rpId} in ${flags.store}`, rps.length ? `the store holds credentials for: ${rps.join(', ')}; pass that --rp-id` : 'run vfido create with this --store first');
      }
      const preset = getPreset(flags.preset ?? candidates.find((c) => c.preset)?.preset ?? 'generic');
      const options = requestOptions(flags, rpId, candidates);
      const client = new WebAuthnClient({ authenticator: authenticatorFor(preset.id, store, flags.seed), origin });
      const response = await client.get(options, { via: flags.via ?? 'direct' });
      ctx.output.out(formatJson(response));
      if (!flags.json) {
        ctx.output.err(`signed in with ${response.id} (${preset.id}) for rp ${rpId}\n`);
        ctx.output.err(`challenge: ${options.challenge}\n`);
      }
    });
}
