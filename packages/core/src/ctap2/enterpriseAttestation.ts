/**
 * Enterprise attestation (CTAP 2.1 section 7.1; makeCredential 6.1.2 step 9): an attestation that
 * may identify the individual authenticator, returned only on a model announcing getInfo option
 * `ep`, after authenticatorConfig enableEnterpriseAttestation (6.11.1) turned it on.
 *
 * - value 1, vendor-facilitated (7.1.1): only for RP IDs on the authenticator's pre-configured
 *   list. vfido's list is empty unless set with {@link setVendorFacilitatedRpIds}; any other RP ID
 *   gets the ordinary attestation.
 * - value 2, platform-managed (7.1.2): the platform decides; always honoured.
 * @module
 */
import { deriveBytes } from '../crypto/seed.js';
import type { AttestationProfile } from '../presets/types.js';
import type { AuthenticatorState } from './command.js';
import { readDeviceSettings } from './pinUv/deviceSettings.js';
import { CtapError, CtapStatus } from './status.js';

/** Store setting holding the vendor-facilitated RP ID list (JSON array of strings). */
export const VENDOR_FACILITATED_RP_IDS_SETTING = 'enterpriseAttestationRpIds';
/** Store setting holding this authenticator's serial, written into enterprise attestation certificates. */
export const DEVICE_SERIAL_SETTING = 'deviceSerial';

/**
 * The attestation of an enterprise attestation: packed with an x5c whose leaf certificate and key
 * are unique to this authenticator (its serial in the subject), whatever the model's usual profile.
 */
export const ENTERPRISE_ATTESTATION_PROFILE: AttestationProfile = Object.freeze({ format: 'packed', type: 'basic', statementAlg: -7 });

/** The RP IDs vendor-facilitated enterprise attestation (value 1) is returned for. */
export function vendorFacilitatedRpIds(state: Pick<AuthenticatorState, 'store'>): string[] {
  const raw = state.store.setting(VENDOR_FACILITATED_RP_IDS_SETTING);
  return Array.isArray(raw) ? raw.filter((r): r is string => typeof r === 'string') : [];
}

/**
 * Pre-configure the RP IDs for vendor-facilitated enterprise attestation (on a real key this list
 * is burnt in by the vendor; here it is a store setting, so authenticatorReset clears it too).
 * @param rpIds - RP IDs, e.g. `['login.example.com']`
 */
export function setVendorFacilitatedRpIds(state: Pick<AuthenticatorState, 'store'>, rpIds: readonly string[]): void {
  state.store.setSetting(VENDOR_FACILITATED_RP_IDS_SETTING, [...rpIds]);
}

/**
 * CTAP 2.1 6.1.2 step 9: whether this makeCredential returns an enterprise attestation.
 * @param value - the enterpriseAttestation parameter (undefined when absent)
 * @throws CtapError CTAP1_ERR_INVALID_PARAMETER when the model is not enterprise attestation capable
 *   or it is disabled (9.1); CTAP2_ERR_INVALID_OPTION for a value other than 1 or 2 (9.2)
 */
export function enterpriseAttestationRequested(state: AuthenticatorState, rpId: string, value: number | undefined): boolean {
  if (value === undefined) return false;
  const capable = state.preset.getInfo.options?.ep !== undefined;
  if (!capable || !readDeviceSettings(state).enterpriseAttestation) {
    throw new CtapError(
      CtapStatus.CTAP1_ERR_INVALID_PARAMETER,
      capable
        ? 'enterprise attestation is disabled: enable it with authenticatorConfig enableEnterpriseAttestation'
        : `${state.preset.id} does not support enterprise attestation (no getInfo option ep)`,
    );
  }
  if (value !== 1 && value !== 2) throw new CtapError(CtapStatus.CTAP2_ERR_INVALID_OPTION, `enterpriseAttestation must be 1 or 2, got ${value}`);
  // 9.3: vendor-facilitated only for pre-configured RP IDs; otherwise the ordinary attestation.
  return value === 2 || vendorFacilitatedRpIds(state).includes(rpId);
}

/**
 * This authenticator's serial (16 hex digits): derived from the seed when there is one, random
 * otherwise; kept in the store so it stays the same across restarts of a file-backed authenticator.
 */
export function deviceSerial(state: Pick<AuthenticatorState, 'store' | 'seed' | 'preset'>): string {
  const stored = state.store.setting(DEVICE_SERIAL_SETTING);
  if (typeof stored === 'string' && stored.length > 0) return stored;
  const serial = Buffer.from(deriveBytes(state.seed, `device-serial/${state.preset.id}`, 8)).toString('hex');
  state.store.setSetting(DEVICE_SERIAL_SETTING, serial);
  return serial;
}
