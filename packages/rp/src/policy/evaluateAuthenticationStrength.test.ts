import { describe, expect, it } from 'vitest';
import { BUILT_IN_STRENGTHS, validateAuthenticationStrength, type AuthenticationStrengthPolicy } from './authenticationStrength.js';
import { evaluateAuthenticationStrength } from './evaluateAuthenticationStrength.js';
import type { PolicyWarning } from './jsonFields.js';

const AUTH_ANDROID = 'de1e552d-db1d-4423-a619-566b625cdc84';
const AUTH_IOS = '90a3ccdf-635c-4729-a248-9b709135078f';
const YUBIKEY = 'a25342c0-3cdc-4414-8e46-f4807fca511c';

describe('evaluateAuthenticationStrength: built-ins (STRENGTH table)', () => {
  // [combination, MFA, passwordless MFA, phishing-resistant MFA], one row per line of the docs' table.
  const table: [string, boolean, boolean, boolean][] = [
    ['fido2', true, true, true],
    ['windowsHelloForBusiness', true, true, true],
    ['x509CertificateMultiFactor', true, true, true],
    ['deviceBasedPush', true, true, false],
    ['temporaryAccessPassOneTime', true, false, false],
    ['temporaryAccessPassMultiUse', true, false, false],
    ['password,sms', true, false, false],
    ['sms,password', true, false, false],
    ['password,microsoftAuthenticatorPush', true, false, false],
    ['federatedSingleFactor,hardwareOath', true, false, false],
    ['federatedMultiFactor', true, false, false],
    ['password', false, false, false],
    ['sms', false, false, false],
    ['x509CertificateSingleFactor', false, false, false],
    ['federatedSingleFactor', false, false, false],
  ];
  it.each(table)('%s: MFA %s, passwordless %s, phishing-resistant %s', (combination, mfa, passwordless, phishingResistant) => {
    expect(evaluateAuthenticationStrength('multifactor', { combination }).satisfied).toBe(mfa);
    expect(evaluateAuthenticationStrength('Passwordless MFA', { combination }).satisfied).toBe(passwordless);
    expect(evaluateAuthenticationStrength(BUILT_IN_STRENGTHS.phishingResistantMfa.id, { combination }).satisfied).toBe(phishingResistant);
  });

  it('explains a refusal and rejects an unknown built-in name', () => {
    const v = evaluateAuthenticationStrength('phishingResistantMfa', { combination: 'deviceBasedPush' });
    expect(v.reasons).toEqual([{ kind: 'deny', code: 'STRENGTH_COMBINATION_NOT_ALLOWED', message: "signing in with 'deviceBasedPush' does not satisfy authentication strength 'Phishing-resistant MFA'" }]);
    expect(() => evaluateAuthenticationStrength('strongest', {})).toThrow(expect.objectContaining({ code: 'ERR_POLICY_REFERENCE' }));
  });
});

describe('evaluateAuthenticationStrength: custom FIDO2 AAGUID restrictions', () => {
  const warnings: PolicyWarning[] = [];
  const authenticatorOnly: AuthenticationStrengthPolicy = validateAuthenticationStrength({
    id: 's1', displayName: 'Passkey in Authenticator', policyType: 'custom', allowedCombinations: ['fido2', 'windowsHelloForBusiness'],
    combinationConfigurations: [{ '@odata.type': '#microsoft.graph.fido2CombinationConfiguration', appliesToCombinations: ['fido2'], allowedAAGUIDs: [AUTH_ANDROID, AUTH_IOS.toUpperCase()] }],
  }, 'strength', warnings);

  it('admits only the listed AAGUIDs for fido2, and says what the user sees otherwise', () => {
    expect(evaluateAuthenticationStrength(authenticatorOnly, { aaguid: AUTH_IOS }).satisfied).toBe(true);
    const v = evaluateAuthenticationStrength(authenticatorOnly, { aaguid: YUBIKEY }, { aaguidNames: () => 'YubiKey 5 Series with NFC' });
    expect(v.satisfied).toBe(false);
    expect(v.reasons[0]?.code).toBe('STRENGTH_AAGUID_NOT_ALLOWED');
    expect(v.reasons[0]?.message).toBe(
      `AAGUID ${YUBIKEY} (YubiKey 5 Series with NFC) is not among the allowed FIDO2 keys of authentication strength 'Passkey in Authenticator'; the user sees "You can't get there from here"`,
    );
    expect(evaluateAuthenticationStrength(authenticatorOnly, {}).satisfied).toBe(false);
    // The AAGUID list applies to the fido2 combination only.
    expect(evaluateAuthenticationStrength(authenticatorOnly, { combination: 'windowsHelloForBusiness' }).satisfied).toBe(true);
  });

  it('treats an empty allowedAAGUIDs as no restriction', () => {
    const any = { ...authenticatorOnly, combinationConfigurations: [{ appliesToCombinations: ['fido2'], allowedAAGUIDs: [] }] };
    expect(evaluateAuthenticationStrength(any, { aaguid: YUBIKEY }).satisfied).toBe(true);
  });

  it('validates the Graph shape', () => {
    expect(() => validateAuthenticationStrength({ id: 's', displayName: 'x', allowedCombinations: [] }, 'strength', [])).toThrow(/at least one allowed combination/);
    expect(() => validateAuthenticationStrength({ id: 's', displayName: 'x', allowedCombinations: ['fido2'], combinationConfigurations: [{ appliesToCombinations: ['x509CertificateMultiFactor'], allowedAAGUIDs: [] }] }, 'strength', []))
      .toThrow(expect.objectContaining({ code: 'ERR_POLICY_INVALID', path: 'strength.combinationConfigurations[0].appliesToCombinations' }));
    expect(() => validateAuthenticationStrength({ id: 's', displayName: 'x', allowedCombinations: ['fido2'], combinationConfigurations: [{ appliesToCombinations: ['fido2'], allowedAAGUIDs: ['nope'] }] }, 'strength', []))
      .toThrow(expect.objectContaining({ path: 'strength.combinationConfigurations[0].allowedAAGUIDs[0]' }));
  });
});
