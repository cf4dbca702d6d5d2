/**
 * How the CLI shows an Entra passkey policy verdict (`@vfido/rp` `PolicyVerdict`): as JSON with the
 * groups and policy file it was evaluated for, and as text with every reason's code and message.
 * @module
 */
import type { PolicyVerdict } from '@vfido/rp';
import type { LoadedPolicy } from './policyFlags.js';

/** A verdict as `--json` prints it. */
export interface VerdictReport extends PolicyVerdict {
  /** The `--policy` file. */
  policyFile: string;
  /** The groups the user was evaluated as a member of. */
  groups: string[];
  /** True when `groups` is the default (the policy's included groups), not `--groups`. */
  groupsDefaulted: boolean;
}

/** The verdict with the policy file and groups. */
export function verdictReport(verdict: PolicyVerdict, loaded: LoadedPolicy): VerdictReport {
  return { ...verdict, policyFile: loaded.file, groups: loaded.groups, groupsDefaulted: loaded.defaulted };
}

/** `registration` / `sign-in`, for text. */
export function phaseLabel(phase: PolicyVerdict['phase']): string {
  return phase === 'signIn' ? 'sign-in' : 'registration';
}

/**
 * The verdict as text: a headline, then one `kind CODE: message` line per reason.
 * @param verdict - the verdict
 * @param loaded - the policy and groups it was evaluated for
 */
export function formatVerdict(verdict: PolicyVerdict, loaded: LoadedPolicy): string {
  const groups = `${loaded.groups.join(', ')}${loaded.defaulted ? ' (default: the groups the policy includes; pass --groups)' : ''}`;
  const head = `policy ${verdict.admitted ? 'ADMITTED' : 'DENIED'} at ${phaseLabel(verdict.phase)}: ${loaded.file}, groups ${groups}`;
  const profile = verdict.matchedProfile ? `\n  profile: ${verdict.matchedProfile.name}` : '';
  const reasons = verdict.reasons.map((r) => `\n  ${r.kind} ${r.code}: ${r.message}`).join('');
  return `${head}${profile}${reasons}\n`;
}
