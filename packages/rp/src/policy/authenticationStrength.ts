/**
 * Conditional Access authentication strengths (Graph `authenticationStrengthPolicy`, `fido2CombinationConfiguration`;
 * entra-docs concept-authentication-strengths 03/04/2025 and concept-authentication-strength-advanced-options):
 * the three built-in strengths and validation of custom ones.
 * @see https://learn.microsoft.com/graph/api/resources/authenticationstrengthpolicy
 * @module
 */
import { PolicyError } from './policyError.js';
import { canonicalAaguid } from './policyReason.js';
import { enumAt, objectAt, optionalArrayAt, stringArrayAt, stringAt, warnUnknown, type PolicyWarning } from './jsonFields.js';

/** `fido2CombinationConfiguration`: restricts which FIDO2 AAGUIDs satisfy the `fido2` combination. */
export interface Fido2CombinationConfiguration {
  '@odata.type'?: string;
  id?: string;
  /** Only `["fido2"]` is allowed. */
  appliesToCombinations: string[];
  /** AAGUIDs; empty means any FIDO2 passkey. */
  allowedAAGUIDs: string[];
}

/** `authenticationStrengthPolicy`, with the members the simulator reads. */
export interface AuthenticationStrengthPolicy {
  id: string;
  displayName: string;
  description?: string;
  policyType: 'builtIn' | 'custom';
  /** Comma-joined `authenticationMethodModes`, e.g. `fido2`, `password,sms`. */
  allowedCombinations: string[];
  combinationConfigurations?: Fido2CombinationConfiguration[];
}

/** Names for the built-in strengths. */
export type BuiltInStrength = 'multifactor' | 'passwordlessMfa' | 'phishingResistantMfa';

/** At most 15 custom strengths (ADV; authenticationstrengths-overview). */
export const MAX_CUSTOM_STRENGTHS = 15;

const PHISHING_RESISTANT = ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'];
const PASSWORDLESS = [...PHISHING_RESISTANT, 'deviceBasedPush'];
const SOMETHING_YOU_HAVE = ['microsoftAuthenticatorPush', 'softwareOath', 'hardwareOath', 'sms', 'voice'];
const MULTIFACTOR = [
  ...PASSWORDLESS,
  'temporaryAccessPassOneTime',
  'temporaryAccessPassMultiUse',
  ...SOMETHING_YOU_HAVE.map((m) => `password,${m}`),
  'federatedMultiFactor',
  ...SOMETHING_YOU_HAVE.map((m) => `federatedSingleFactor,${m}`),
];

/**
 * The built-in strengths (STRENGTH table, 03/04/2025). "Microsoft Authenticator (Phone Sign-in)" is taken to be
 * `deviceBasedPush` (UNCERTAIN). The ids `...0002`-`...0004` are recalled, not verified (UNCERTAIN).
 */
export const BUILT_IN_STRENGTHS: Readonly<Record<BuiltInStrength, AuthenticationStrengthPolicy>> = {
  multifactor: { id: '00000000-0000-0000-0000-000000000002', displayName: 'Multifactor authentication', policyType: 'builtIn', allowedCombinations: MULTIFACTOR },
  passwordlessMfa: { id: '00000000-0000-0000-0000-000000000003', displayName: 'Passwordless MFA', policyType: 'builtIn', allowedCombinations: PASSWORDLESS },
  phishingResistantMfa: { id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA', policyType: 'builtIn', allowedCombinations: PHISHING_RESISTANT },
};

/**
 * A built-in strength by key, id or display name (case-insensitive), or undefined.
 * @param name e.g. `phishingResistantMfa`, `Phishing-resistant MFA`, `00000000-0000-0000-0000-000000000004`
 */
export function builtInStrength(name: string): AuthenticationStrengthPolicy | undefined {
  const key = name.toLowerCase();
  return Object.entries(BUILT_IN_STRENGTHS).find(([k, s]) => k.toLowerCase() === key || s.id === key || s.displayName.toLowerCase() === key)?.[1];
}

/** A combination as a sorted set, so `sms,password` equals `password,sms`. */
export const combinationKey = (combination: string): string =>
  combination.split(',').map((m) => m.trim()).filter(Boolean).sort().join(',');

/**
 * Validates a custom (or built-in) `authenticationStrengthPolicy` from a policy file.
 * @param value parsed JSON
 * @param path JSON path for messages
 * @param warnings collects unknown-field warnings
 * @throws PolicyError ERR_POLICY_INVALID for a missing field, an empty combination list, a FIDO2 configuration
 *   that applies to something other than `fido2`, or an AAGUID that is not a UUID
 */
export function validateAuthenticationStrength(value: unknown, path: string, warnings: PolicyWarning[]): AuthenticationStrengthPolicy {
  const o = objectAt(value, path);
  warnUnknown(o, ['id', 'displayName', 'description', 'policyType', 'requirementsSatisfied', 'allowedCombinations', 'combinationConfigurations',
    'createdDateTime', 'modifiedDateTime'], path, warnings);
  const strength: AuthenticationStrengthPolicy = {
    id: stringAt(o, 'id', path),
    displayName: stringAt(o, 'displayName', path),
    policyType: o.policyType === undefined ? 'custom' : enumAt(o, 'policyType', ['builtIn', 'custom'], path),
    allowedCombinations: stringArrayAt(o, 'allowedCombinations', path),
  };
  if (typeof o.description === 'string') strength.description = o.description;
  if (strength.allowedCombinations.length === 0) throw new PolicyError('ERR_POLICY_INVALID', 'a strength needs at least one allowed combination', { path: `${path}.allowedCombinations` });
  const configs = optionalArrayAt(o, 'combinationConfigurations', path) ?? [];
  strength.combinationConfigurations = configs.map((c, i) => {
    const here = `${path}.combinationConfigurations[${i}]`;
    const cfg = objectAt(c, here);
    warnUnknown(cfg, ['id', 'appliesToCombinations', 'allowedAAGUIDs'], here, warnings);
    const type = cfg['@odata.type'];
    if (type !== undefined && type !== '#microsoft.graph.fido2CombinationConfiguration') {
      throw new PolicyError('ERR_POLICY_INVALID', `only '#microsoft.graph.fido2CombinationConfiguration' is simulated, got ${JSON.stringify(type)}`, { path: `${here}.@odata.type` });
    }
    const applies = stringArrayAt(cfg, 'appliesToCombinations', here);
    if (applies.length !== 1 || applies[0] !== 'fido2') {
      throw new PolicyError('ERR_POLICY_INVALID', "appliesToCombinations of a fido2CombinationConfiguration may only be ['fido2']", { path: `${here}.appliesToCombinations` });
    }
    const allowedAAGUIDs = stringArrayAt(cfg, 'allowedAAGUIDs', here).map((text, j) => {
      const aaguid = canonicalAaguid(text);
      if (!aaguid) throw new PolicyError('ERR_POLICY_INVALID', `'${text}' is not an aaguid`, { path: `${here}.allowedAAGUIDs[${j}]` });
      return aaguid;
    });
    const out: Fido2CombinationConfiguration = { appliesToCombinations: ['fido2'], allowedAAGUIDs };
    if (typeof cfg.id === 'string') out.id = cfg.id;
    return out;
  });
  return strength;
}
