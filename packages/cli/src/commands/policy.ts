/**
 * `vfido policy check|matrix|examples|init`: judge passkeys against an Entra-style passkey policy (a vfido policy
 * file holding the Microsoft Graph `fido2AuthenticationMethodConfiguration`, evaluated by `@vfido/rp`).
 * @module
 */
import { Option, type Command } from 'commander';
import { print, type CliContext } from '../context.js';
import { formatTable } from '../output.js';
import { parseGroups } from '../policyFlags.js';
import type { PolicyCheckFlags } from '../policyCheck.js';

/** Register `vfido policy check`, `matrix`, `examples` and `init`. */
export function registerPolicy(program: Command, ctx: CliContext): void {
  const policy = program
    .command('policy')
    .description('judge passkeys against an Entra-style passkey policy (exit 0 admitted, 1 denied)')
    .addHelpText('after', '\nExamples:\n  $ vfido policy examples\n  $ vfido policy matrix --policy admins\n  $ vfido policy check --policy admins --response reg.json\n  $ vfido policy init --template standard-users --out my-policy.json');

  policy
    .command('examples')
    .description('list the example policies shipped with vfido: their names (for --policy and --template) and paths')
    .option('--json', 'print [{ name, path, description }]')
    .addHelpText('after', '\nExamples:\n  $ vfido policy examples\n  $ vfido policy matrix --policy admins')
    .action(async (flags: { json?: boolean }) => {
      const { policyExamples } = await import('../policyExamples.js');
      const examples = policyExamples();
      print(ctx, examples, flags.json, () => `${formatTable(['name', 'path'], examples.map((e) => [e.name, e.path]))}\npass a name as --policy, or copy one with: vfido policy init --template <name> --out my-policy.json\n`);
    });

  policy
    .command('init')
    .description('write a shipped example policy to start from (to stdout, or --out FILE)')
    .option('--template <name>', 'the example to copy (vfido policy examples lists them)', 'standard-users')
    .option('--out <file>', 'write to this file (refused when it exists, unless --force)')
    .option('--force', 'overwrite --out')
    .addHelpText('after', '\nExamples:\n  $ vfido policy init --template admins --out admins.json\n  $ vfido policy matrix --policy admins.json')
    .action(async (flags: { template: string; out?: string; force?: boolean }) => {
      const { initPolicy } = await import('../policyExamples.js');
      initPolicy(ctx, flags);
    });

  policy
    .command('check')
    .description('the policy verdict and its reasons for a RegistrationResponseJSON (verified first) or a stored credential record (sign-in)')
    .requiredOption('--policy <file>', 'vfido policy file ({ "vfidoPolicy": 1, "fido2": {...} }) or a Graph fido2 configuration, or the name of a shipped example (vfido policy examples)')
    .option('--groups <list>', "the user's groups, comma-separated (default: every group the policy includes)", parseGroups)
    .addOption(new Option('--phase <phase>', 'registration: --response is vfido create output; signIn: a credential record (default: from --response)').choices(['registration', 'signIn']))
    .requiredOption('--response <file>', "RegistrationResponseJSON, or the credential record from 'vfido verify registration --json' (- for stdin)")
    .option('--challenge <b64url>', 'the challenge issued (default: the one in clientDataJSON: the policy is judged, not freshness)')
    .option('--origin <url>', 'expected origin (default: the one in clientDataJSON)')
    .option('--rp-id <id>', 'expected RP ID (default: the origin host or one of its parent domains)')
    .option('--trust <pem...>', 'attestation root certificate files (PEM) instead of the vfido TEST MDS BLOB')
    .option('--mds <file>', 'FIDO MDS3 BLOB (JWT, or vfido roots --format mds --json output) instead of the vfido TEST MDS BLOB')
    .option('--mds-root <pem>', 'root certificate of the --mds BLOB (default: a PEM in the --mds file, else the vfido TEST MDS root)')
    .option('--seed <seed>', 'the --seed given to vfido create, if any (the default MDS BLOB\'s roots depend on it)')
    .option('--now <date>', 'clock for certificate validity (ISO date)')
    .option('--json', 'print the verdict as JSON')
    .addHelpText(
      'after',
      `
Registration: the response is verified with @vfido/rp (WebAuthn L3 7.1) against the vfido TEST MDS BLOB
unless --trust or --mds is given, then judged: passkey type (from the BE flag), key restrictions (AAGUID)
and, where a profile enforces it, attestation. Sign-in: only the type and key restrictions are re-checked.

Examples:
  $ vfido create --preset yubikey-5-nfc --origin https://login.example.com > reg.json
  $ vfido policy check --policy admins --groups admins --response reg.json
  $ vfido verify registration --response reg.json --challenge <b64url> --origin https://login.example.com --json > record.json
  $ vfido policy check --policy standard-users --groups all_users --phase signIn --response record.json`,
    )
    .action(async (flags: PolicyCheckFlags) => {
      const { checkPolicy } = await import('../policyCheck.js');
      await checkPolicy(ctx, flags);
    });

  policy
    .command('matrix')
    .description('register and sign in with every preset (direct, and cross-device where the model can) and show what the policy admits')
    .requiredOption('--policy <file>', 'vfido policy file ({ "vfidoPolicy": 1, "fido2": {...} }) or a Graph fido2 configuration, or the name of a shipped example (vfido policy examples)')
    .option('--groups <list>', "the user's groups, comma-separated (default: every group the policy includes)", parseGroups)
    .option('--json', 'print every row with all reasons as JSON')
    .addHelpText(
      'after',
      `
Each row: attestation 'direct', verified by @vfido/rp against the vfido TEST MDS BLOB, the policy evaluated
at registration and at sign-in. The reason column shows the first denial (registration, then sign-in), else
the admission; --json has every reason. Exit 0 whatever the verdicts.

Examples:
  $ vfido policy matrix --policy admins
  $ vfido policy matrix --policy standard-users --groups all_users,authenticator_pilot
  $ vfido policy matrix --policy ./my-policy.json --json`,
    )
    .action(async (flags: { policy: string; groups?: string[]; json?: boolean }) => {
      const [{ loadPolicyFlags }, { policyMatrix, rowReason }] = await Promise.all([import('../policyFlags.js'), import('../policyMatrix.js')]);
      const loaded = await loadPolicyFlags(ctx, flags, flags.json);
      const rows = await policyMatrix(loaded);
      const verdict = (v: { admitted: boolean } | undefined) => (v ? (v.admitted ? 'admit' : 'DENY') : '-');
      print(ctx, { policyFile: loaded.file, groups: loaded.groups, groupsDefaulted: loaded.defaulted, rows }, flags.json, () => {
        const head = `${loaded.file}, groups ${loaded.groups.join(', ')}${loaded.defaulted ? ' (default: the groups the policy includes; pass --groups)' : ''}\n`;
        const table = formatTable(
          ['preset', 'via', 'fmt', 'type', 'registration', 'sign-in', 'reason'],
          rows.map((r) => {
            const reason = rowReason(r);
            return [
              r.preset,
              r.via,
              r.fmt ? `${r.fmt}${r.attestationType && r.attestationType !== r.fmt ? ` (${r.attestationType})` : ''}` : '-',
              r.passkeyType === 'synced' ? 'synced' : r.passkeyType ? 'device-bound' : '-',
              r.error ? 'ERROR' : verdict(r.registration),
              r.error ? 'ERROR' : verdict(r.signIn),
              r.error ? `${r.error.code}: ${r.error.message}` : reason ? `${reason.code}: ${reason.message}` : '',
            ];
          }),
        );
        return `${head}${table}`;
      });
    });
}
