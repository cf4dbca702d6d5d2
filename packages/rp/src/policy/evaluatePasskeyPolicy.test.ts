import { describe, expect, it } from 'vitest';
import { evaluatePasskeyPolicy, type PolicyRegistration } from './evaluatePasskeyPolicy.js';
import type { Fido2AuthenticationMethodConfiguration, PasskeyProfile, PolicyVerdict } from './types.js';

const AUTH_ANDROID = 'de1e552d-db1d-4423-a619-566b625cdc84';
const AUTH_IOS = '90a3ccdf-635c-4729-a248-9b709135078f';
const YUBIKEY = 'a25342c0-3cdc-4414-8e46-f4807fca511c';
const ICLOUD = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd';

const profile = (id: string, name: string, over: Partial<PasskeyProfile> = {}): PasskeyProfile => ({
  id, name, passkeyTypes: 'deviceBound,synced', attestationEnforcement: 'disabled',
  keyRestrictions: { isEnforced: false, enforcementType: 'allow', aaGuids: [] }, ...over,
});

const config = (profiles: PasskeyProfile[], targets: [string, string[]][], over: Partial<Fido2AuthenticationMethodConfiguration> = {}): Fido2AuthenticationMethodConfiguration => ({
  state: 'enabled', isSelfServiceRegistrationAllowed: true, defaultPasskeyProfile: profiles[0]?.id ?? null, passkeyProfiles: profiles,
  includeTargets: targets.map(([id, allowedPasskeyProfiles]) => ({ id, targetType: 'group', allowedPasskeyProfiles })), excludeTargets: [], ...over,
});

/** An unattested registration (attestation none), as synced providers and hybrid flows send. */
const registration = (aaguid: string, backupEligible: boolean, fmt = 'none'): PolicyRegistration => ({
  credential: { aaguid, backupEligible, attestation: { fmt, type: fmt === 'none' ? 'none' : 'self', trusted: false, trustPath: [] } },
});
const names = (aaguid: string) => ({ [AUTH_ANDROID]: 'Microsoft Authenticator for Android', [YUBIKEY]: 'YubiKey 5 Series with NFC', [ICLOUD]: 'iCloud Keychain' })[aaguid];
const codes = (v: PolicyVerdict, kind = 'deny') => v.reasons.filter((r) => r.kind === kind).map((r) => r.code);

describe('evaluatePasskeyPolicy', () => {
  const admins = profile('p-admins', 'Admins', { passkeyTypes: 'deviceBound', keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [AUTH_IOS] } });

  it('names the AAGUID, its model and the profile when the allow list refuses it', () => {
    const v = evaluatePasskeyPolicy(config([admins], [['admins', ['p-admins']]]), {
      groups: ['admins'], phase: 'registration', registration: registration(AUTH_ANDROID, false), aaguidNames: names,
    });
    expect(v.admitted).toBe(false);
    expect(v.reasons).toEqual([{
      code: 'AAGUID_NOT_ALLOWED', kind: 'deny', profile: { id: 'p-admins', name: 'Admins' },
      message: "AAGUID de1e552d-db1d-4423-a619-566b625cdc84 (Microsoft Authenticator for Android) is not in the allow list of profile 'Admins'",
    }]);
  });

  it('admits a listed AAGUID and warns that unattested AAGUIDs can be spoofed', () => {
    const v = evaluatePasskeyPolicy(config([admins], [['admins', ['p-admins']]]), { groups: ['admins'], phase: 'registration', registration: registration(AUTH_IOS.toUpperCase(), false) });
    expect(v.admitted).toBe(true);
    expect(v.aaguid).toBe(AUTH_IOS);
    expect(v.matchedProfile).toEqual({ id: 'p-admins', name: 'Admins' });
    expect(codes(v, 'admit')).toEqual(['PROFILE_SATISFIED']);
    expect(codes(v, 'warning')).toEqual(['AAGUID_UNVERIFIED']);
    expect(v.reasons[1]?.message).toMatch(/can be spoofed/);
  });

  it('applies a block list only to the listed AAGUIDs, and only when enforced', () => {
    const block = profile('p', 'Everyone', { keyRestrictions: { isEnforced: true, enforcementType: 'block', aaGuids: [YUBIKEY] } });
    const c = config([block], [['all_users', ['p']]]);
    const yk = evaluatePasskeyPolicy(c, { groups: [], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false }, aaguidNames: names });
    expect(codes(yk)).toEqual(['AAGUID_BLOCKED']);
    expect(yk.reasons[0]?.message).toBe(
      "AAGUID a25342c0-3cdc-4414-8e46-f4807fca511c (YubiKey 5 Series with NFC) is in the block list of profile 'Everyone' (key restrictions apply at every sign-in, also to passkeys registered earlier)",
    );
    expect(evaluatePasskeyPolicy(c, { groups: [], phase: 'signIn', credential: { aaguid: ICLOUD, backupEligible: true } }).admitted).toBe(true);
    const off = config([profile('p', 'Everyone', { keyRestrictions: { isEnforced: false, enforcementType: 'block', aaGuids: [YUBIKEY] } })], [['all_users', ['p']]]);
    expect(evaluatePasskeyPolicy(off, { groups: [], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false } }).admitted).toBe(true);
  });

  it('reads synced vs device-bound from the backup-eligibility flag', () => {
    const c = config([profile('p', 'Device-bound only', { passkeyTypes: 'deviceBound' })], [['all_users', ['p']]]);
    const synced = evaluatePasskeyPolicy(c, { groups: [], phase: 'registration', registration: registration(ICLOUD, true), aaguidNames: names });
    expect(synced.passkeyType).toBe('synced');
    expect(codes(synced)).toEqual(['PASSKEY_TYPE_NOT_ALLOWED']);
    expect(synced.reasons[0]?.message).toBe(
      "synced passkey (backup eligible) from AAGUID fbfc3007-154e-4ecc-8c0b-6e020557d7bd (iCloud Keychain) is not allowed by profile 'Device-bound only', which allows device-bound passkeys only",
    );
    // The same AAGUID with BE = 0 is device-bound: the AAGUID does not decide the type.
    expect(evaluatePasskeyPolicy(c, { groups: [], phase: 'registration', registration: registration(ICLOUD, false) }).passkeyType).toBe('deviceBound');
    const syncedOnly = config([profile('p', 'Synced only', { passkeyTypes: 'synced' })], [['all_users', ['p']]]);
    expect(codes(evaluatePasskeyPolicy(syncedOnly, { groups: [], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false } }))).toEqual(['PASSKEY_TYPE_NOT_ALLOWED']);
  });

  it('lets an excluded group block registration and sign-in whatever the included groups say', () => {
    const c = config([profile('p', 'All')], [['all_users', ['p']], ['admins', ['p']]], { excludeTargets: [{ id: 'break_glass', targetType: 'group' }] });
    for (const v of [
      evaluatePasskeyPolicy(c, { groups: ['admins', 'break_glass'], phase: 'registration', registration: registration(YUBIKEY, false) }),
      evaluatePasskeyPolicy(c, { groups: ['break_glass'], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false } }),
    ]) {
      expect(v.admitted).toBe(false);
      expect(codes(v)).toEqual(['USER_EXCLUDED']);
      expect(v.reasons[0]?.message).toMatch(/excluded group 'break_glass'/);
    }
  });

  it('denies users in no included group, and all_users includes everyone', () => {
    const c = config([profile('p', 'All')], [['admins', ['p']]]);
    const v = evaluatePasskeyPolicy(c, { groups: ['sales'], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false } });
    expect(codes(v)).toEqual(['USER_NOT_TARGETED']);
    expect(v.reasons[0]?.message).toMatch(/'sales'/);
    const all = config([profile('p', 'All')], [['all_users', ['p']]]);
    expect(evaluatePasskeyPolicy(all, { groups: [], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false } }).admitted).toBe(true);
  });

  it('admits a passkey that satisfies any one of the user\'s profiles, and reports every failure otherwise', () => {
    // The PROFILES doc example: all users block Authenticator, a pilot group allows only Authenticator.
    const everyone = profile('p-all', 'All users', { keyRestrictions: { isEnforced: true, enforcementType: 'block', aaGuids: [AUTH_ANDROID, AUTH_IOS] } });
    const pilot = profile('p-pilot', 'Pilot', { passkeyTypes: 'deviceBound', keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [AUTH_ANDROID, AUTH_IOS] } });
    const c = config([everyone, pilot], [['all_users', ['p-all']], ['pilot', ['p-pilot']]]);
    const plain = evaluatePasskeyPolicy(c, { groups: [], phase: 'signIn', credential: { aaguid: AUTH_ANDROID, backupEligible: false } });
    expect(codes(plain)).toEqual(['AAGUID_BLOCKED']);
    const piloting = evaluatePasskeyPolicy(c, { groups: ['pilot'], phase: 'signIn', credential: { aaguid: AUTH_ANDROID, backupEligible: false } });
    expect(piloting.admitted).toBe(true);
    expect(piloting.matchedProfile?.name).toBe('Pilot');
    // A synced iCloud passkey passes "All users" even for pilot members.
    expect(evaluatePasskeyPolicy(c, { groups: ['pilot'], phase: 'signIn', credential: { aaguid: ICLOUD, backupEligible: true } }).matchedProfile?.name).toBe('All users');
    // A synced passkey with a blocked AAGUID fails both profiles: one reason per failed check.
    const both = evaluatePasskeyPolicy(c, { groups: ['pilot'], phase: 'signIn', credential: { aaguid: AUTH_IOS, backupEligible: true } });
    expect(both.reasons.map((r) => `${r.profile?.name}:${r.code}`)).toEqual(['All users:AAGUID_BLOCKED', 'Pilot:PASSKEY_TYPE_NOT_ALLOWED']);
  });

  it('checks attestation at registration only; type and AAGUID at every sign-in', () => {
    const attested = profile('p', 'Attested keys', { passkeyTypes: 'deviceBound', attestationEnforcement: 'registrationOnly', keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [YUBIKEY] } });
    const c = config([attested], [['all_users', ['p']]]);
    const reg = evaluatePasskeyPolicy(c, { groups: [], phase: 'registration', registration: registration(YUBIKEY, false) });
    expect(codes(reg)).toEqual(['ATTESTATION_MISSING']);
    const signIn = evaluatePasskeyPolicy(c, { groups: [], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false } });
    expect(signIn.admitted).toBe(true);
    expect(signIn.reasons[0]?.message).toMatch(/attestation is not re-checked at sign-in/);
    // Removing the AAGUID from the allow list breaks the already-registered passkey at its next sign-in.
    const removed = config([{ ...attested, keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [AUTH_IOS] } }], [['all_users', ['p']]]);
    expect(codes(evaluatePasskeyPolicy(removed, { groups: [], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false } }))).toEqual(['AAGUID_NOT_ALLOWED']);
  });

  it('refuses registration when the method is disabled or self-service registration is off', () => {
    const p = [profile('p', 'All')];
    const disabled = evaluatePasskeyPolicy(config(p, [['all_users', ['p']]], { state: 'disabled' }), { groups: [], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false } });
    expect(codes(disabled)).toEqual(['METHOD_DISABLED']);
    const noSelfService = config(p, [['all_users', ['p']]], { isSelfServiceRegistrationAllowed: false });
    expect(codes(evaluatePasskeyPolicy(noSelfService, { groups: [], phase: 'registration', registration: registration(YUBIKEY, false) }))).toEqual(['SELF_SERVICE_REGISTRATION_DISABLED']);
    // Self-service is about registering; existing passkeys still sign in.
    expect(evaluatePasskeyPolicy(noSelfService, { groups: [], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false } }).admitted).toBe(true);
  });

  it('falls back to the default profile for a target with no profile, and to the legacy settings without profiles', () => {
    const c = config([profile('p', 'Default', { passkeyTypes: 'deviceBound' })], [['all_users', []]]);
    expect(codes(evaluatePasskeyPolicy(c, { groups: [], phase: 'signIn', credential: { aaguid: ICLOUD, backupEligible: true } }))).toEqual(['PASSKEY_TYPE_NOT_ALLOWED']);
    const legacy: Fido2AuthenticationMethodConfiguration = {
      isAttestationEnforced: false, keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [AUTH_ANDROID, AUTH_IOS] }, includeTargets: [{ id: 'all_users' }],
    };
    expect(evaluatePasskeyPolicy(legacy, { groups: [], phase: 'signIn', credential: { aaguid: AUTH_IOS, backupEligible: true } }).admitted).toBe(true);
    const legacyDenied = evaluatePasskeyPolicy(legacy, { groups: [], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false } });
    expect(legacyDenied.reasons[0]?.profile?.id).toBe('legacy');
    expect(codes(evaluatePasskeyPolicy({ ...legacy, isAttestationEnforced: true }, { groups: [], phase: 'signIn', credential: { aaguid: AUTH_IOS, backupEligible: true } }))).toEqual(['PASSKEY_TYPE_NOT_ALLOWED']);
  });

  it('names the all-zero AAGUID and rejects a malformed one', () => {
    const c = config([profile('p', 'Keys', { keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [YUBIKEY] } })], [['all_users', ['p']]]);
    const zero = evaluatePasskeyPolicy(c, { groups: [], phase: 'signIn', credential: { aaguid: '00000000000000000000000000000000', backupEligible: false } });
    expect(zero.reasons[0]?.message).toMatch(/all zero: the authenticator did not disclose its model/);
    expect(() => evaluatePasskeyPolicy(c, { groups: [], phase: 'signIn', credential: { aaguid: 'nope', backupEligible: false } })).toThrow(expect.objectContaining({ code: 'ERR_POLICY_INPUT' }));
  });

  it('accepts a parsed policy file ({ fido2 }) as the configuration', () => {
    const c = { fido2: config([profile('p', 'All')], [['all_users', ['p']]]) };
    expect(evaluatePasskeyPolicy(c, { groups: [], phase: 'signIn', credential: { aaguid: YUBIKEY, backupEligible: false } }).admitted).toBe(true);
  });
});
