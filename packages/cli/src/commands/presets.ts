/**
 * `vfido presets`: the emulated authenticator models (`aaguids.json`).
 * @module
 */
import type { Command } from 'commander';
import type { Preset } from '@vfido/core/presets';
import { print, type CliContext, type JsonFlag } from '../context.js';
import { formatTable } from '../output.js';

/** One preset as `vfido presets --json` prints it. */
export interface PresetSummary {
  id: string;
  name: string;
  aaguid: string;
  attachment: Preset['attachment'];
  /** Attestation statement format when the RP asks for attestation. */
  attestationFormat: string;
  attestationType: string;
  /** `synced` when the credential is backup eligible (BE), else `device-bound`. */
  kind: 'synced' | 'device-bound';
  counter: Preset['counter'];
  algorithms: number[];
  transports: string[];
  residentKeys: boolean;
  /** Cross-device (hybrid) capable. */
  hybrid: boolean;
}

/** The summary of one preset. */
export function summarizePreset(p: Preset): PresetSummary {
  return {
    id: p.id,
    name: p.name,
    aaguid: p.aaguid,
    attachment: p.attachment,
    attestationFormat: p.attestation.format,
    attestationType: p.attestation.type,
    kind: p.backup.eligible ? 'synced' : 'device-bound',
    counter: p.counter,
    algorithms: [...p.algorithms],
    transports: [...p.transports],
    residentKeys: p.residentKeys,
    hybrid: p.hybrid !== undefined,
  };
}

/** Register `vfido presets`. */
export function registerPresets(program: Command, ctx: CliContext): void {
  program
    .command('presets')
    .description('list the authenticator models vfido emulates: AAGUID, name, attachment, attestation, device-bound/synced, counter')
    .option('--json', 'print JSON for scripts')
    .addHelpText('after', '\nExamples:\n  $ vfido presets\n  $ vfido presets --json | jq -r \'.[].id\'')
    .action((opts: JsonFlag) => listPresets(ctx, opts));
}

/**
 * The `vfido presets` action: every preset as a table, or as {@link PresetSummary} JSON.
 * @param ctx - output
 * @param opts - `json` for JSON
 */
export async function listPresets(ctx: CliContext, opts: JsonFlag): Promise<void> {
  const { presetIds, presets } = await import('@vfido/core/presets');
  const rows = presetIds.map((id) => summarizePreset(presets[id] as Preset));
  print(ctx, rows, opts.json, () =>
    formatTable(
      ['id', 'name', 'aaguid', 'attachment', 'fmt', 'kind', 'counter', 'hybrid'],
      rows.map((r) => [r.id, r.name, r.aaguid, r.attachment, r.attestationFormat, r.kind, r.counter, r.hybrid ? 'yes' : '']),
    ),
  );
}
