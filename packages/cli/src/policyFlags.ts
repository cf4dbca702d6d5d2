/**
 * The `--policy FILE` and `--groups G,...` flags: a vfido policy file (Microsoft Graph shapes of the
 * Entra ID passkey policy, read by `@vfido/rp` `loadPolicy`) and the user's groups.
 * @module
 */
import { InvalidArgumentError } from 'commander';
import type { PasskeyPolicyOption, PolicyFile } from '@vfido/rp';
import type { CliContext } from './context.js';
import { readText } from './io.js';
import { resolvePolicyPath } from './policyExamples.js';

/** Flags of every command that evaluates a policy. */
export interface PolicyFlags {
  policy?: string;
  groups?: string[];
}

/** A loaded policy and the groups it is evaluated for. */
export interface LoadedPolicy {
  /** The `--policy` file name, for messages. */
  file: string;
  policy: PolicyFile;
  /** `--groups`, or the default of {@link defaultGroups}. */
  groups: string[];
  /** True when `groups` came from {@link defaultGroups}. */
  defaulted: boolean;
}

/** commander parser for `--groups admins,authenticator_pilot`: group ids (Graph object ids or names), `all_users` included. */
export function parseGroups(value: string): string[] {
  const groups = value.split(',').map((g) => g.trim());
  if (groups.some((g) => g === '')) throw new InvalidArgumentError('expected group ids separated by commas, e.g. admins,authenticator_pilot (all_users is every user)');
  return [...new Set(groups)];
}

/**
 * The groups to evaluate for when `--groups` is absent: every group the policy includes (so each
 * scoped profile is tried), except excluded ones; `all_users` when it includes none.
 * @param policy - the loaded policy file
 */
export function defaultGroups(policy: PolicyFile): string[] {
  const excluded = new Set((policy.fido2.excludeTargets ?? []).map((t) => t.id));
  const groups = [...new Set(policy.fido2.includeTargets.map((t) => t.id))].filter((id) => !excluded.has(id));
  return groups.length > 0 ? groups : ['all_users'];
}

/**
 * Read and validate `--policy` (a file, `-`, or the name of a shipped example such as `admins`), print its warnings on stderr (unless `quiet`), and pick the groups.
 * @param ctx - where warnings go
 * @param flags - `--policy` and `--groups`
 * @param quiet - suppress the stderr notes (`--json`)
 * @throws PolicyError ERR_POLICY_JSON, ERR_POLICY_INVALID, ERR_POLICY_LIMIT, ERR_POLICY_REFERENCE; CliError ERR_FILE_NOT_FOUND, ERR_POLICY_EXAMPLES_MISSING
 */
export async function loadPolicyFlags(ctx: CliContext, flags: PolicyFlags & { policy: string }, quiet = false): Promise<LoadedPolicy> {
  const text = readText(resolvePolicyPath(flags.policy), '--policy');
  const { loadPolicy } = await import('@vfido/rp');
  const policy = loadPolicy(text);
  if (!quiet) for (const w of policy.warnings) ctx.output.err(`policy warning: ${w.code}: ${w.path ? `${w.path}: ` : ''}${w.message}\n`);
  const groups = flags.groups ?? defaultGroups(policy);
  return { file: flags.policy, policy, groups, defaulted: flags.groups === undefined };
}

/**
 * The `policy` option of `verifyRegistration` / `verifyAuthentication`.
 * @param loaded - the policy and groups
 * @param aaguidNames - names AAGUIDs in reasons (`aaguidName` of @vfido/core)
 */
export function policyOption(loaded: LoadedPolicy, aaguidNames: (aaguid: string) => string | undefined): PasskeyPolicyOption {
  return { config: loaded.policy, groups: loaded.groups, aaguidNames };
}
