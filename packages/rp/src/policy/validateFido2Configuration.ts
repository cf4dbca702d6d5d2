/**
 * Validation of a `fido2AuthenticationMethodConfiguration` as Entra ID accepts it (Graph v1.0 resource pages
 * for the configuration, passkeyProfile, fido2KeyRestrictions and passkeyAuthenticationMethodTarget; limits
 * from learn.microsoft.com/entra/identity/authentication/how-to-authentication-passkey-profiles, 03/08/2026).
 * @module
 */
import { PolicyError } from './policyError.js';
import { canonicalAaguid } from './policyReason.js';
import {
  booleanAt, enumAt, objectAt, optionalArrayAt, optionalBooleanAt, stringArrayAt, stringAt, warnUnknown,
  type JsonObject, type PolicyWarning,
} from './jsonFields.js';
import type { Fido2AuthenticationMethodConfiguration, Fido2KeyRestrictions, PasskeyAuthenticationMethodTarget, PasskeyProfile } from './types.js';

/** At most 3 passkey profiles, the Default passkey profile included (PROFILES, ENABLE). */
export const MAX_PASSKEY_PROFILES = 3;
/** The authentication methods policy is limited to 20 KB (PROFILES); vfido applies it to the FIDO2 part alone. */
export const MAX_POLICY_BYTES = 20 * 1024;

const PASSKEY_TYPES = ['deviceBound', 'synced'] as const;

/** A validated configuration (AAGUIDs canonical, `passkeyTypes` in `deviceBound,synced` order) and its warnings. */
export interface ValidatedConfiguration {
  config: Fido2AuthenticationMethodConfiguration;
  warnings: PolicyWarning[];
}

function keyRestrictionsAt(obj: JsonObject, key: string, path: string, warnings: PolicyWarning[]): Fido2KeyRestrictions {
  const here = `${path}.${key}`;
  const kr = objectAt(obj[key], here);
  warnUnknown(kr, ['isEnforced', 'enforcementType', 'aaGuids'], here, warnings);
  const seen = new Set<string>();
  const aaGuids = stringArrayAt(kr, 'aaGuids', here).map((text, i) => {
    const aaguid = canonicalAaguid(text);
    if (!aaguid) throw new PolicyError('ERR_POLICY_INVALID', `'${text}' is not an aaguid (a uuid like 08987058-cadc-4b81-b6e1-30de50dcbe96)`, { path: `${here}.aaGuids[${i}]` });
    if (seen.has(aaguid)) warnings.push({ code: 'DUPLICATE_AAGUID', message: `aaguid ${aaguid} is listed twice`, path: `${here}.aaGuids[${i}]` });
    seen.add(aaguid);
    return aaguid;
  });
  const out: Fido2KeyRestrictions = {
    isEnforced: booleanAt(kr, 'isEnforced', here),
    enforcementType: enumAt(kr, 'enforcementType', ['allow', 'block'], here),
    aaGuids: [...seen],
  };
  if (out.isEnforced && out.enforcementType === 'allow' && aaGuids.length === 0) {
    warnings.push({ code: 'EMPTY_ALLOW_LIST', message: 'an enforced allow list with no aaguids admits no passkey', path: here });
  }
  return out;
}

/** Parses `passkeyTypes` (`deviceBound`, `synced`, `deviceBound,synced`) into its canonical spelling. */
function passkeyTypesAt(obj: JsonObject, path: string): string {
  const raw = obj.passkeyTypes;
  const here = `${path}.passkeyTypes`;
  if (typeof raw !== 'string') throw new PolicyError('ERR_POLICY_INVALID', "must be 'deviceBound', 'synced' or 'deviceBound,synced'", { path: here });
  const parts = raw.split(',').map((p) => p.trim());
  for (const part of parts) {
    if (!(PASSKEY_TYPES as readonly string[]).includes(part)) {
      throw new PolicyError('ERR_POLICY_INVALID', `unknown passkey type '${part}'; use 'deviceBound', 'synced' or 'deviceBound,synced'`, { path: here });
    }
  }
  return PASSKEY_TYPES.filter((t) => parts.includes(t)).join(',');
}

function profileAt(value: unknown, path: string, warnings: PolicyWarning[]): PasskeyProfile {
  const p = objectAt(value, path);
  warnUnknown(p, ['id', 'name', 'passkeyTypes', 'attestationEnforcement', 'keyRestrictions'], path, warnings);
  const profile: PasskeyProfile = {
    id: stringAt(p, 'id', path),
    name: stringAt(p, 'name', path),
    passkeyTypes: passkeyTypesAt(p, path),
    attestationEnforcement: enumAt(p, 'attestationEnforcement', ['disabled', 'registrationOnly'], path),
    keyRestrictions: keyRestrictionsAt(p, 'keyRestrictions', path, warnings),
  };
  if (profile.attestationEnforcement === 'registrationOnly' && profile.passkeyTypes.includes('synced')) {
    // The preview UI refused this combination; the current docs no longer say so (entra-policy.md 4.1, UNCERTAIN).
    warnings.push({
      code: 'SYNCED_WITH_ATTESTATION',
      message: `profile '${profile.name}' allows synced passkeys but enforces attestation; synced passkeys do not support attestation, so none will register`,
      path: `${path}.passkeyTypes`,
    });
  }
  return profile;
}

function targetAt(value: unknown, path: string, profileIds: Set<string>, warnings: PolicyWarning[]): PasskeyAuthenticationMethodTarget {
  const t = objectAt(value, path);
  warnUnknown(t, ['id', 'targetType', 'isRegistrationRequired', 'allowedPasskeyProfiles'], path, warnings);
  const target: PasskeyAuthenticationMethodTarget = { id: stringAt(t, 'id', path) };
  if (t.targetType !== undefined) target.targetType = enumAt(t, 'targetType', ['group'], path);
  const required = optionalBooleanAt(t, 'isRegistrationRequired', path);
  if (required !== undefined) target.isRegistrationRequired = required;
  const allowed = optionalArrayAt(t, 'allowedPasskeyProfiles', path) === undefined ? [] : stringArrayAt(t, 'allowedPasskeyProfiles', path);
  allowed.forEach((id, i) => {
    if (!profileIds.has(id)) {
      const known = profileIds.size === 0 ? 'no passkeyProfiles are defined' : `known profiles: ${[...profileIds].join(', ')}`;
      throw new PolicyError('ERR_POLICY_REFERENCE', `passkey profile '${id}' does not exist (${known})`, { path: `${path}.allowedPasskeyProfiles[${i}]` });
    }
  });
  if (profileIds.size > 0 && allowed.length === 0) {
    warnings.push({ code: 'TARGET_WITHOUT_PROFILE', message: `target '${target.id}' lists no passkey profile; the default profile applies`, path });
  }
  target.allowedPasskeyProfiles = allowed;
  return target;
}

/**
 * Checks a FIDO2 method configuration the way Entra ID would accept a Graph PATCH, and returns it
 * normalized, with warnings for settings that are legal but probably not meant.
 * @param value the parsed JSON of a `fido2AuthenticationMethodConfiguration`
 * @param path JSON path of `value` for messages (default `fido2`)
 * @see https://learn.microsoft.com/graph/api/resources/fido2authenticationmethodconfiguration
 * @throws PolicyError ERR_POLICY_INVALID (wrong type or value), ERR_POLICY_LIMIT (more than 3 profiles, over 20 KB),
 *   ERR_POLICY_REFERENCE (duplicate profile id, unknown or missing default profile, unknown profile in a target)
 */
export function validateFido2Configuration(value: unknown, path = 'fido2'): ValidatedConfiguration {
  const warnings: PolicyWarning[] = [];
  const c = objectAt(value, path);
  const size = Buffer.byteLength(JSON.stringify(c), 'utf8');
  if (size > MAX_POLICY_BYTES) {
    throw new PolicyError('ERR_POLICY_LIMIT', `the policy is ${size} bytes; entra limits the authentication methods policy to 20 KB`, { path });
  }
  warnUnknown(c, ['id', 'state', 'isSelfServiceRegistrationAllowed', 'isAttestationEnforced', 'keyRestrictions',
    'defaultPasskeyProfile', 'includeTargets', 'excludeTargets', 'passkeyProfiles'], path, warnings);
  const odataType = c['@odata.type'];
  if (odataType !== undefined && odataType !== '#microsoft.graph.fido2AuthenticationMethodConfiguration') {
    throw new PolicyError('ERR_POLICY_INVALID', `expected '#microsoft.graph.fido2AuthenticationMethodConfiguration', got ${JSON.stringify(odataType)}`, { path: `${path}.@odata.type` });
  }
  const config: Fido2AuthenticationMethodConfiguration = { includeTargets: [] };
  if (c.id !== undefined && (typeof c.id !== 'string' || c.id.toLowerCase() !== 'fido2')) {
    throw new PolicyError('ERR_POLICY_INVALID', "the fido2 method configuration's id is 'Fido2'", { path: `${path}.id` });
  }
  if (c.id !== undefined) config.id = 'Fido2';
  if (c.state !== undefined) config.state = enumAt(c, 'state', ['enabled', 'disabled'], path);
  const selfService = optionalBooleanAt(c, 'isSelfServiceRegistrationAllowed', path);
  if (selfService !== undefined) config.isSelfServiceRegistrationAllowed = selfService;
  const legacyAttestation = optionalBooleanAt(c, 'isAttestationEnforced', path);
  if (legacyAttestation !== undefined) config.isAttestationEnforced = legacyAttestation;
  if (c.keyRestrictions !== undefined && c.keyRestrictions !== null) config.keyRestrictions = keyRestrictionsAt(c, 'keyRestrictions', path, warnings);

  const rawProfiles = optionalArrayAt(c, 'passkeyProfiles', path) ?? [];
  if (rawProfiles.length > MAX_PASSKEY_PROFILES) {
    throw new PolicyError('ERR_POLICY_LIMIT', `entra allows at most ${MAX_PASSKEY_PROFILES} passkey profiles, the default profile included; found ${rawProfiles.length}`, { path: `${path}.passkeyProfiles` });
  }
  const profiles = rawProfiles.map((p, i) => profileAt(p, `${path}.passkeyProfiles[${i}]`, warnings));
  const ids = new Set<string>();
  profiles.forEach((p, i) => {
    if (ids.has(p.id)) throw new PolicyError('ERR_POLICY_REFERENCE', `profile id '${p.id}' is used twice`, { path: `${path}.passkeyProfiles[${i}].id` });
    ids.add(p.id);
    if (profiles.findIndex((q) => q.name === p.name) !== i) warnings.push({ code: 'DUPLICATE_PROFILE_NAME', message: `two profiles are named '${p.name}'`, path: `${path}.passkeyProfiles[${i}].name` });
  });
  if (profiles.length > 0) config.passkeyProfiles = profiles;

  const defaultProfile = c.defaultPasskeyProfile;
  if (defaultProfile !== undefined && defaultProfile !== null && typeof defaultProfile !== 'string') {
    throw new PolicyError('ERR_POLICY_INVALID', 'must be a profile id', { path: `${path}.defaultPasskeyProfile` });
  }
  if (profiles.length > 0 && (typeof defaultProfile !== 'string' || !ids.has(defaultProfile))) {
    const got = typeof defaultProfile === 'string' ? `'${defaultProfile}' is not one of them` : 'it is missing';
    throw new PolicyError('ERR_POLICY_REFERENCE', `with passkeyProfiles, defaultPasskeyProfile must name one of them; ${got}`, { path: `${path}.defaultPasskeyProfile` });
  }
  if (profiles.length === 0 && typeof defaultProfile === 'string') {
    throw new PolicyError('ERR_POLICY_REFERENCE', `default profile '${defaultProfile}' is not in passkeyProfiles (none are defined)`, { path: `${path}.defaultPasskeyProfile` });
  }
  if (typeof defaultProfile === 'string') config.defaultPasskeyProfile = defaultProfile;
  if (profiles.length > 0) {
    if (config.isAttestationEnforced !== undefined || config.keyRestrictions?.isEnforced) {
      warnings.push({ code: 'LEGACY_SETTING_IGNORED', message: 'isAttestationEnforced and keyRestrictions are legacy settings; passkeyProfiles replace them', path });
    }
  }

  const rawTargets = optionalArrayAt(c, 'includeTargets', path);
  if (rawTargets === undefined) throw new PolicyError('ERR_POLICY_INVALID', 'is required (the groups the method is enabled for)', { path: `${path}.includeTargets` });
  config.includeTargets = rawTargets.map((t, i) => targetAt(t, `${path}.includeTargets[${i}]`, ids, warnings));
  if (config.includeTargets.length === 0) warnings.push({ code: 'NO_TARGETS', message: 'no group is included, so no user can use passkeys', path: `${path}.includeTargets` });
  config.excludeTargets = (optionalArrayAt(c, 'excludeTargets', path) ?? []).map((t, i) => {
    const here = `${path}.excludeTargets[${i}]`;
    const o = objectAt(t, here);
    warnUnknown(o, ['id', 'targetType'], here, warnings);
    return o.targetType === undefined ? { id: stringAt(o, 'id', here) } : { id: stringAt(o, 'id', here), targetType: enumAt(o, 'targetType', ['group'], here) };
  });
  return { config, warnings };
}
