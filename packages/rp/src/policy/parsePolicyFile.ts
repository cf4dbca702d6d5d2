/**
 * The vfido policy file: JSON holding Microsoft Graph shapes, shared by the CLI (`--policy`) and the demo.
 *
 * ```json
 * { "vfidoPolicy": 1, "description": "...",
 *   "fido2": { ...fido2AuthenticationMethodConfiguration... },
 *   "authenticationStrengths": [ { ...authenticationStrengthPolicy... } ] }
 * ```
 * A bare `fido2AuthenticationMethodConfiguration` (a tenant's Graph GET output) is accepted as well.
 * @module
 */
import { MAX_CUSTOM_STRENGTHS, validateAuthenticationStrength, type AuthenticationStrengthPolicy } from './authenticationStrength.js';
import { isObject, warnUnknown, type PolicyWarning } from './jsonFields.js';
import { PolicyError } from './policyError.js';
import type { Fido2AuthenticationMethodConfiguration } from './types.js';
import { validateFido2Configuration } from './validateFido2Configuration.js';

/** The file format version this parser reads. */
export const POLICY_FILE_VERSION = 1;

/** A parsed, validated policy file. */
export interface PolicyFile {
  description?: string;
  /** The Passkey (FIDO2) method configuration, normalized (AAGUIDs canonical). */
  fido2: Fido2AuthenticationMethodConfiguration;
  /** Custom authentication strengths (the built-ins are always available by name). */
  authenticationStrengths: AuthenticationStrengthPolicy[];
  /** Legal but suspicious settings and ignored fields. */
  warnings: PolicyWarning[];
}

const looksLikeBareConfig = (o: Record<string, unknown>): boolean =>
  o.fido2 === undefined && (o['@odata.type'] === '#microsoft.graph.fido2AuthenticationMethodConfiguration' || 'includeTargets' in o || 'passkeyProfiles' in o);

/**
 * Validates a policy file's parsed JSON.
 * @param json the result of `JSON.parse` on the file
 * @returns the configuration, the custom strengths and any warnings
 * @throws PolicyError ERR_POLICY_INVALID (shape, unsupported `vfidoPolicy` version), ERR_POLICY_LIMIT (more than 3
 *   profiles, more than 15 custom strengths, over 20 KB), ERR_POLICY_REFERENCE (unknown or duplicate ids)
 */
export function parsePolicyFile(json: unknown): PolicyFile {
  if (!isObject(json)) throw new PolicyError('ERR_POLICY_INVALID', 'a policy file is a json object with a "fido2" member');
  if (looksLikeBareConfig(json)) {
    const { config, warnings } = validateFido2Configuration(json, 'fido2');
    return { fido2: config, authenticationStrengths: [], warnings };
  }
  const warnings: PolicyWarning[] = [];
  warnUnknown(json, ['$schema', 'vfidoPolicy', 'description', 'fido2', 'authenticationStrengths'], '', warnings);
  if (json.vfidoPolicy !== undefined && json.vfidoPolicy !== POLICY_FILE_VERSION) {
    throw new PolicyError('ERR_POLICY_INVALID', `this vfido reads policy files of version ${POLICY_FILE_VERSION}, got ${JSON.stringify(json.vfidoPolicy)}`, { path: 'vfidoPolicy' });
  }
  if (json.fido2 === undefined) throw new PolicyError('ERR_POLICY_INVALID', 'is required (a fido2AuthenticationMethodConfiguration)', { path: 'fido2' });
  const validated = validateFido2Configuration(json.fido2, 'fido2');
  warnings.push(...validated.warnings);
  const rawStrengths = json.authenticationStrengths ?? [];
  if (!Array.isArray(rawStrengths)) throw new PolicyError('ERR_POLICY_INVALID', 'must be an array', { path: 'authenticationStrengths' });
  const strengths = rawStrengths.map((s, i) => validateAuthenticationStrength(s, `authenticationStrengths[${i}]`, warnings));
  const custom = strengths.filter((s) => s.policyType === 'custom').length;
  if (custom > MAX_CUSTOM_STRENGTHS) {
    throw new PolicyError('ERR_POLICY_LIMIT', `entra allows at most ${MAX_CUSTOM_STRENGTHS} custom authentication strengths; found ${custom}`, { path: 'authenticationStrengths' });
  }
  strengths.forEach((s, i) => {
    if (strengths.findIndex((t) => t.id === s.id) !== i) {
      throw new PolicyError('ERR_POLICY_REFERENCE', `strength id '${s.id}' is used twice`, { path: `authenticationStrengths[${i}].id` });
    }
  });
  const file: PolicyFile = { fido2: validated.config, authenticationStrengths: strengths, warnings };
  if (typeof json.description === 'string') file.description = json.description;
  return file;
}

/**
 * Parses policy file text.
 * @param text the file's content
 * @throws PolicyError ERR_POLICY_JSON when the text is not JSON, otherwise as {@link parsePolicyFile}
 */
export function loadPolicy(text: string): PolicyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PolicyError('ERR_POLICY_JSON', `the policy is not valid json: ${(cause as Error).message}`, { cause });
  }
  return parsePolicyFile(json);
}
