import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadPolicy, parsePolicyFile } from './parsePolicyFile.js';
import { isPolicyError } from './policyError.js';

const example = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../examples/policies/${name}.json`, import.meta.url)), 'utf8');

describe('parsePolicyFile / loadPolicy', () => {
  it.each(['admins', 'windows-hello-preview', 'standard-users'])('loads examples/policies/%s.json without warnings', (name) => {
    const file = loadPolicy(example(name));
    expect(file.warnings).toEqual([]);
    expect(file.description?.length).toBeGreaterThan(20);
    expect(file.fido2.includeTargets.length).toBeGreaterThan(0);
  });

  it('reads the custom strength of the admins example', () => {
    const [strength] = loadPolicy(example('admins')).authenticationStrengths;
    expect(strength?.displayName).toBe('Passkey in Authenticator');
    expect(strength?.combinationConfigurations?.[0]?.allowedAAGUIDs).toHaveLength(2);
  });

  it('accepts a bare Graph fido2 configuration (a GET output)', () => {
    const file = parsePolicyFile({ '@odata.context': 'https://graph.microsoft.com/beta/$metadata#...', '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration', includeTargets: [{ id: 'all_users' }] });
    expect(file.fido2.includeTargets).toEqual([{ id: 'all_users', allowedPasskeyProfiles: [] }]);
    expect(file.authenticationStrengths).toEqual([]);
  });

  it('fails with typed errors', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isPolicyError(e) ? `${e.code} ${e.path ?? ''}`.trim() : String(e);
      }
      return 'no error';
    };
    expect(codeOf(() => loadPolicy('{ "fido2": '))).toBe('ERR_POLICY_JSON');
    expect(codeOf(() => parsePolicyFile([]))).toBe('ERR_POLICY_INVALID');
    expect(codeOf(() => parsePolicyFile({ vfidoPolicy: 2, fido2: {} }))).toBe('ERR_POLICY_INVALID vfidoPolicy');
    expect(codeOf(() => parsePolicyFile({ description: 'x' }))).toBe('ERR_POLICY_INVALID fido2');
    const strength = (i: number) => ({ id: `s${i}`, displayName: `S${i}`, policyType: 'custom', allowedCombinations: ['fido2'] });
    expect(codeOf(() => parsePolicyFile({ fido2: { includeTargets: [] }, authenticationStrengths: Array.from({ length: 16 }, (_, i) => strength(i)) }))).toBe('ERR_POLICY_LIMIT authenticationStrengths');
    expect(codeOf(() => parsePolicyFile({ fido2: { includeTargets: [] }, authenticationStrengths: [strength(1), strength(1)] }))).toBe('ERR_POLICY_REFERENCE authenticationStrengths[1].id');
  });
});
