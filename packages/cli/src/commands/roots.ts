/**
 * `vfido roots`: the vfido TEST attestation roots (PEM) a relying party under test should trust,
 * or the signed FIDO MDS3 BLOB describing the presets plus its root.
 * @module
 */
import { Option, type Command } from 'commander';
import type { Preset } from '@vfido/core';
import type { CliContext } from '../context.js';
import { formatJson } from '../output.js';

interface RootsFlags {
  preset?: string;
  format: 'pem' | 'mds';
  seed?: string;
  json?: boolean;
}

/** Roots per vendor CA: each PEM once, with the presets it serves. */
async function rootsByVendor(ids: readonly string[], seed: string | undefined): Promise<{ vendor: string; presets: string[]; pems: string[] }[]> {
  const { VirtualAuthenticator, getPreset } = await import('@vfido/core');
  const byVendor = new Map<string, { vendor: string; presets: string[]; pems: string[] }>();
  for (const id of ids) {
    const preset: Preset = getPreset(id);
    const pems = await new VirtualAuthenticator({ preset: id, ...(seed === undefined ? {} : { seed }) }).attestationRoots();
    if (pems.length === 0) continue;
    const entry = byVendor.get(preset.vendor) ?? { vendor: preset.vendor, presets: [], pems };
    entry.presets.push(id);
    byVendor.set(preset.vendor, entry);
  }
  return [...byVendor.values()];
}

/** Register `vfido roots`. */
export function registerRoots(program: Command, ctx: CliContext): void {
  program
    .command('roots')
    .description('print the vfido TEST attestation roots (PEM) to trust in the RP under test, or the signed MDS3 BLOB and its root')
    .option('--preset <id>', 'only the roots of this preset (default: every preset)')
    .addOption(new Option('--format <format>', 'pem: attestation roots; mds: FIDO MDS3 BLOB (JWT), then the root that signs it').choices(['pem', 'mds']).default('pem'))
    .option('--seed <seed>', 'the --seed given to vfido create, if any (roots depend on it)')
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      `
Presets with 'none' or self attestation have no roots. The roots are TEST keys: trust them only in tests.

Examples:
  $ vfido roots --preset yubikey-5-nfc > yubico-test-root.pem
  $ vfido roots --format mds --json > mds.json     # { jwt, rootPem, signerChainPem }
  $ vfido roots --format mds --preset windows-hello-hardware`,
    )
    .action(async (flags: RootsFlags) => {
      const { getPreset, mdsBlob, presetIds } = await import('@vfido/core');
      const seedOpt = flags.seed === undefined ? {} : { seed: flags.seed };
      if (flags.format === 'mds') {
        const blob = await mdsBlob({ ...(flags.preset ? { presets: [getPreset(flags.preset).id] } : {}), ...seedOpt });
        if (flags.json) ctx.output.out(formatJson({ jwt: blob.jwt, rootPem: blob.rootPem, signerChainPem: blob.signerChainPem }));
        else ctx.output.out(`${blob.jwt}\n\n# vfido TEST MDS root: trust it to verify the BLOB above\n${blob.rootPem.trimEnd()}\n`);
        return;
      }
      const ids = flags.preset ? [getPreset(flags.preset).id] : presetIds;
      const groups = await rootsByVendor(ids, flags.seed);
      if (flags.json) {
        ctx.output.out(formatJson(groups));
        return;
      }
      if (groups.length === 0) {
        ctx.output.err(`preset ${flags.preset} attests with none or self attestation: there is no root to trust\n`);
        return;
      }
      ctx.output.out(groups.map((g) => `# vfido TEST root, vendor ${g.vendor} (presets: ${g.presets.join(', ')})\n${g.pems.map((p) => p.trimEnd()).join('\n')}\n`).join('\n'));
    });
}
