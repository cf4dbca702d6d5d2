/**
 * The demo tenant: the groups a user can be put in, each governed by one Entra passkey policy file from
 * examples/policies/ (Graph `fido2AuthenticationMethodConfiguration` shapes, read with @vfido/rp `loadPolicy`), and
 * the Conditional Access rule of the admin portal (built-in "Phishing-resistant MFA" authentication strength).
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadPolicy } from '@vfido/rp';

/** examples/policies/ */
export const POLICY_DIR = fileURLToPath(new URL('../policies/', import.meta.url));

/** The admin portal's Conditional Access requirement (a built-in strength key of evaluateAuthenticationStrength). */
export const ADMIN_PORTAL_STRENGTH = 'phishingResistantMfa';

/**
 * Demo groups: which policy file applies and which Entra group ids the user is a member of there.
 * Each policy file is one tenant's FIDO2 configuration; the demo puts them side by side.
 */
export const GROUPS = {
  'standard-users': { label: 'Standard users', policy: 'standard-users', groupIds: ['all_users'] },
  'authenticator-pilot': { label: 'Authenticator pilot', policy: 'standard-users', groupIds: ['all_users', 'authenticator_pilot'] },
  admins: { label: 'Admins', policy: 'admins', groupIds: ['admins'] },
  'windows-hello-preview': { label: 'Windows Hello preview', policy: 'windows-hello-preview', groupIds: ['all_users'] },
};

/**
 * Reads every policy file the groups use, plus any other `*.json` in the policy dir (as a group of its own, member of
 * the file's first included target).
 * @param {string} [policyDir]
 */
export function loadTenant(policyDir = POLICY_DIR) {
  const policies = {};
  for (const file of readdirSync(policyDir).filter((f) => f.endsWith('.json')).sort()) {
    policies[file.slice(0, -5)] = loadPolicy(readFileSync(`${policyDir}/${file}`, 'utf8'));
  }
  const groups = {};
  for (const [id, g] of Object.entries(GROUPS)) if (policies[g.policy]) groups[id] = g;
  for (const [name, policy] of Object.entries(policies)) {
    if (Object.values(groups).some((g) => g.policy === name)) continue;
    groups[name] = { label: name, policy: name, groupIds: [policy.fido2.includeTargets[0]?.id ?? 'all_users'] };
  }
  return { policies, groups };
}

/**
 * The passkey profiles that apply to a member of `group` (for display; evaluation is @vfido/rp's).
 * @returns {{ id: string, name: string, passkeyTypes: string, attestationEnforcement: string, keyRestrictions: { isEnforced: boolean, enforcementType: string, aaGuids: string[] } }[]}
 */
export function profilesFor(tenant, group) {
  const g = tenant.groups[group];
  const fido2 = tenant.policies[g.policy].fido2;
  const ids = new Set();
  for (const t of fido2.includeTargets) {
    if (t.id !== 'all_users' && !g.groupIds.includes(t.id)) continue;
    for (const id of t.allowedPasskeyProfiles?.length ? t.allowedPasskeyProfiles : [fido2.defaultPasskeyProfile]) ids.add(id);
  }
  return (fido2.passkeyProfiles ?? []).filter((p) => ids.has(p.id));
}
