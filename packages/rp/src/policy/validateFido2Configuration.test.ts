import { describe, expect, it } from 'vitest';
import { PolicyError } from './policyError.js';
import { validateFido2Configuration } from './validateFido2Configuration.js';

const profile = (id: string, over: Record<string, unknown> = {}) => ({
  id, name: `Profile ${id}`, passkeyTypes: 'deviceBound,synced', attestationEnforcement: 'disabled',
  keyRestrictions: { isEnforced: false, enforcementType: 'allow', aaGuids: [] }, ...over,
});
const base = (over: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration', id: 'Fido2', state: 'enabled',
  defaultPasskeyProfile: 'p1', passkeyProfiles: [profile('p1')], includeTargets: [{ id: 'all_users', targetType: 'group', allowedPasskeyProfiles: ['p1'] }],
  excludeTargets: [], ...over,
});

/** Runs the validator and returns the PolicyError it throws. */
function errorOf(value: unknown): PolicyError {
  try {
    validateFido2Configuration(value);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return e as PolicyError;
  }
  throw new Error('expected a PolicyError');
}

describe('validateFido2Configuration', () => {
  it("accepts the Graph docs' own update example and normalizes it", () => {
    // https://learn.microsoft.com/graph/api/fido2authenticationmethodconfiguration-update (v1.0), with state enabled.
    const { config, warnings } = validateFido2Configuration({
      '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration', id: 'Fido2', state: 'disabled',
      isSelfServiceRegistrationAllowed: true, isAttestationEnforced: true,
      keyRestrictions: { isEnforced: false, enforcementType: 'block', aaGuids: [] },
      includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false, allowedPasskeyProfiles: ['00000000-0000-0000-0000-000000000001'] }],
      excludeTargets: [],
      defaultPasskeyProfile: '00000000-0000-0000-0000-000000000001',
      passkeyProfiles: [{ id: '00000000-0000-0000-0000-000000000001', name: 'Default passkey profile', passkeyTypes: 'synced, deviceBound',
        attestationEnforcement: 'disabled', keyRestrictions: { isEnforced: false, enforcementType: 'allow', aaGuids: ['{A25342C0-3CDC-4414-8E46-F4807FCA511C}'] } }],
    });
    expect(config.passkeyProfiles?.[0]?.passkeyTypes).toBe('deviceBound,synced');
    expect(config.passkeyProfiles?.[0]?.keyRestrictions.aaGuids).toEqual(['a25342c0-3cdc-4414-8e46-f4807fca511c']);
    // The legacy isAttestationEnforced is ignored once profiles exist: said as a warning.
    expect(warnings.map((w) => w.code)).toEqual(['LEGACY_SETTING_IGNORED']);
  });

  it('refuses more than 3 profiles, the default included', () => {
    const e = errorOf(base({ passkeyProfiles: [profile('p1'), profile('p2'), profile('p3'), profile('p4')] }));
    expect(e.code).toBe('ERR_POLICY_LIMIT');
    expect(e.path).toBe('fido2.passkeyProfiles');
    expect(e.message).toBe('fido2.passkeyProfiles: entra allows at most 3 passkey profiles, the default profile included; found 4');
    expect(validateFido2Configuration(base({ passkeyProfiles: [profile('p1'), profile('p2'), profile('p3')] })).config.passkeyProfiles).toHaveLength(3);
  });

  it('refuses a policy over 20 KB', () => {
    const aaGuids = Array.from({ length: 600 }, (_, i) => `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`);
    expect(errorOf(base({ passkeyProfiles: [profile('p1', { keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids } })] })).code).toBe('ERR_POLICY_LIMIT');
  });

  it.each([
    ['an unknown passkey type', base({ passkeyProfiles: [profile('p1', { passkeyTypes: 'deviceBound,cloud' })] }), 'ERR_POLICY_INVALID', 'fido2.passkeyProfiles[0].passkeyTypes'],
    ['an unknown attestation enforcement', base({ passkeyProfiles: [profile('p1', { attestationEnforcement: 'always' })] }), 'ERR_POLICY_INVALID', 'fido2.passkeyProfiles[0].attestationEnforcement'],
    ['an unknown enforcement type', base({ passkeyProfiles: [profile('p1', { keyRestrictions: { isEnforced: true, enforcementType: 'deny', aaGuids: [] } })] }), 'ERR_POLICY_INVALID', 'fido2.passkeyProfiles[0].keyRestrictions.enforcementType'],
    ['a malformed AAGUID', base({ passkeyProfiles: [profile('p1', { keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: ['yubikey'] } })] }), 'ERR_POLICY_INVALID', 'fido2.passkeyProfiles[0].keyRestrictions.aaGuids[0]'],
    ['a profile without keyRestrictions', base({ passkeyProfiles: [{ id: 'p1', name: 'x', passkeyTypes: 'synced', attestationEnforcement: 'disabled' }] }), 'ERR_POLICY_INVALID', 'fido2.passkeyProfiles[0].keyRestrictions'],
    ['a duplicate profile id', base({ passkeyProfiles: [profile('p1'), profile('p1')] }), 'ERR_POLICY_REFERENCE', 'fido2.passkeyProfiles[1].id'],
    ['a missing default profile', base({ defaultPasskeyProfile: undefined }), 'ERR_POLICY_REFERENCE', 'fido2.defaultPasskeyProfile'],
    ['a default profile that does not exist', base({ defaultPasskeyProfile: 'p9' }), 'ERR_POLICY_REFERENCE', 'fido2.defaultPasskeyProfile'],
    ['a target naming an unknown profile', base({ includeTargets: [{ id: 'admins', allowedPasskeyProfiles: ['p2'] }] }), 'ERR_POLICY_REFERENCE', 'fido2.includeTargets[0].allowedPasskeyProfiles[0]'],
    ['no includeTargets', base({ includeTargets: undefined }), 'ERR_POLICY_INVALID', 'fido2.includeTargets'],
    ['a user target', base({ includeTargets: [{ id: 'u1', targetType: 'user', allowedPasskeyProfiles: ['p1'] }] }), 'ERR_POLICY_INVALID', 'fido2.includeTargets[0].targetType'],
    ['another method type', base({ '@odata.type': '#microsoft.graph.smsAuthenticationMethodConfiguration' }), 'ERR_POLICY_INVALID', 'fido2.@odata.type'],
    ['a state that is not enabled/disabled', base({ state: 'on' }), 'ERR_POLICY_INVALID', 'fido2.state'],
  ])('refuses %s with a path', (_what, value, code, path) => {
    const e = errorOf(value);
    expect(e.code).toBe(code);
    expect(e.path).toBe(path);
    expect(e.message.startsWith(`${path}: `)).toBe(true);
  });

  it('warns about legal but suspicious settings', () => {
    const { warnings } = validateFido2Configuration(base({
      passkeyProfiles: [profile('p1', { attestationEnforcement: 'registrationOnly' }), profile('p2', { keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [] } })],
      includeTargets: [{ id: 'all_users', allowedPasskeyProfiles: [] }],
      surprise: 1,
      'includeTargets@odata.context': 'https://graph.microsoft.com/...',
    }));
    expect(warnings.map((w) => `${w.code} ${w.path}`)).toEqual([
      'UNKNOWN_FIELD fido2.surprise',
      'SYNCED_WITH_ATTESTATION fido2.passkeyProfiles[0].passkeyTypes',
      'EMPTY_ALLOW_LIST fido2.passkeyProfiles[1].keyRestrictions',
      'TARGET_WITHOUT_PROFILE fido2.includeTargets[0]',
    ]);
  });

  it('accepts a tenant that has not opted in to profiles (the stored GET output shape)', () => {
    const { config } = validateFido2Configuration({
      id: 'Fido2', state: 'enabled', isSelfServiceRegistrationAllowed: true, isAttestationEnforced: false, defaultPasskeyProfile: null, passkeyProfiles: [],
      keyRestrictions: { isEnforced: false, enforcementType: 'block', aaGuids: [] },
      includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false, allowedPasskeyProfiles: [] }],
    });
    expect(config.passkeyProfiles).toBeUndefined();
    expect(config.includeTargets[0]?.allowedPasskeyProfiles).toEqual([]);
  });
});
