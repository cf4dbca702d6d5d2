/**
 * Which pinUvAuthToken permissions a platform may request (CTAP 2.1 6.5.5.7.2 steps 3-4 for the PIN,
 * 6.5.5.7.3 steps 3-4 for built-in UV): each permission is refused while the feature it unlocks is
 * off in getInfo; undefined permission bits are ignored.
 * @module
 */
import type { AuthenticatorState } from '../command.js';
import { ENGINE_OPTIONS } from '../commands/getInfo.js';
import { CtapError, CtapStatus } from '../status.js';
import { Permission } from './pinUvAuthToken.js';

/** Every permission bit CTAP 2.1 defines (mc, ga, cm, be, lbw, acfg). */
export const DEFINED_PERMISSIONS = Permission.mc | Permission.ga | Permission.cm | Permission.be | Permission.lbw | Permission.acfg;

/** Default permissions of a getPinToken token (CTAP 2.1 6.5.5.7.1 step 14: mc and ga). */
export const DEFAULT_PERMISSIONS = Permission.mc | Permission.ga;

/** A getInfo option as this engine reports it (options the engine does not implement count as absent). */
function option(state: Pick<AuthenticatorState, 'preset'>, name: string): boolean | undefined {
  return ENGINE_OPTIONS.has(name) ? state.preset.getInfo.options?.[name] : undefined;
}

/** Permission names for messages. */
const NAMES: [number, string][] = [
  [Permission.mc, 'mc'],
  [Permission.ga, 'ga'],
  [Permission.cm, 'cm'],
  [Permission.be, 'be'],
  [Permission.lbw, 'lbw'],
  [Permission.acfg, 'acfg'],
];

/**
 * The permissions to grant for a request (undefined bits dropped, 6.5.5.7.2 step 15).
 * @param permissions - the request's permissions parameter
 * @param via - `pin` (getPinUvAuthTokenUsingPinWithPermissions) or `uv` (getPinUvAuthTokenUsingUvWithPermissions)
 * @throws CtapError CTAP1_ERR_INVALID_PARAMETER for 0 (step 3), CTAP2_ERR_UNAUTHORIZED_PERMISSION for a
 *   permission whose feature is off (step 4)
 */
export function grantablePermissions(state: Pick<AuthenticatorState, 'preset'>, permissions: number, via: 'pin' | 'uv'): number {
  if (permissions === 0) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'permissions must not be 0: request at least one (mc 0x01, ga 0x02, ...)');
  const refused = (bit: number): boolean => {
    switch (bit) {
      case Permission.cm:
        return option(state, 'credMgmt') !== true;
      // "be: bioEnroll is absent" (PIN) / "be: uvBioEnroll is false or absent" (UV).
      case Permission.be:
        return via === 'pin' ? option(state, 'bioEnroll') === undefined : option(state, 'uvBioEnroll') !== true;
      case Permission.lbw:
        return option(state, 'largeBlobs') !== true;
      // "acfg: authnrCfg is false or absent" (PIN) / "acfg: uvAcfg is false or absent" (UV).
      case Permission.acfg:
        return option(state, via === 'pin' ? 'authnrCfg' : 'uvAcfg') !== true;
      // mc and ga: refused with the PIN only when noMcGaPermissionsWithClientPin is true; always authorized with UV.
      default:
        return via === 'pin' && option(state, 'noMcGaPermissionsWithClientPin') === true;
    }
  };
  for (const [bit, name] of NAMES) {
    if ((permissions & bit) !== 0 && refused(bit)) {
      throw new CtapError(CtapStatus.CTAP2_ERR_UNAUTHORIZED_PERMISSION, `${state.preset.id} cannot grant the ${name} permission (0x${bit.toString(16).padStart(2, '0')}) ${via === 'pin' ? 'with the PIN' : 'with built-in user verification'}`);
    }
  }
  return permissions & DEFINED_PERMISSIONS;
}
