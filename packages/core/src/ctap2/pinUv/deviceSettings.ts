/**
 * Authenticator-wide persistent settings: the PIN (as CTAP 2.1 6.5.5.5 stores it, LEFT(SHA-256(PIN),
 * 16)), retry counters, forcePINChange, minimum PIN length and its RP IDs, alwaysUv and enterprise
 * attestation (CTAP 2.1 6.5, 6.11, 7.1). Kept in the credential store as one setting, so it
 * survives restarts with a file store and is wiped by authenticatorReset (store.clear()).
 * @module
 */
import type { StoreSettingValue } from '../../store/types.js';
import type { AuthenticatorState } from '../command.js';

/** Store setting name holding {@link DeviceSettings}. */
export const DEVICE_SETTINGS_KEY = 'device';

/** PIN retries of a fresh authenticator (CTAP 2.1 6.5.2: "pinRetries counter ... maximum value of 8"). */
export const MAX_PIN_RETRIES = 8;
/** Built-in UV retries of a fresh authenticator (CTAP 2.1 6.5.2: authenticator-specific; 8 like the PIN). */
export const MAX_UV_RETRIES = 8;
/** Minimum PIN length when the preset states none (CTAP 2.1 6.4 minPINLength default 4). */
export const DEFAULT_MIN_PIN_LENGTH = 4;

/** The persistent PIN/UV and configuration state. */
export interface DeviceSettings {
  /** LEFT(SHA-256(PIN), 16), or undefined when no PIN is set. Secret: never logged. */
  pinHash: Uint8Array | undefined;
  /** Length of the current PIN in Unicode code points (for forcePINChange on setMinPINLength). */
  pinCodePoints: number;
  /** PIN retries left (0: blocked until reset). */
  pinRetries: number;
  /** Built-in UV retries left. */
  uvRetries: number;
  /** The PIN must be changed before a token is issued (CTAP 2.1 6.5.5.x forcePINChange). */
  forcePinChange: boolean;
  /** Current minimum PIN length in code points. */
  minPinLength: number;
  /** RP IDs allowed to read minPinLength through the minPinLength extension (CTAP 2.1 6.11.4). */
  minPinLengthRpIds: string[];
  /** alwaysUv option (CTAP 2.1 6.11.2). */
  alwaysUv: boolean;
  /** Enterprise attestation enabled (CTAP 2.1 6.11.1 / 7.1). */
  enterpriseAttestation: boolean;
}

/** Settings of a fresh (or reset) authenticator emulating the state's preset. */
export function defaultDeviceSettings(state: Pick<AuthenticatorState, 'preset'>): DeviceSettings {
  return {
    pinHash: undefined,
    pinCodePoints: 0,
    pinRetries: MAX_PIN_RETRIES,
    uvRetries: MAX_UV_RETRIES,
    forcePinChange: false,
    minPinLength: state.preset.getInfo.minPINLength ?? DEFAULT_MIN_PIN_LENGTH,
    minPinLengthRpIds: [],
    alwaysUv: state.preset.getInfo.options?.alwaysUv === true,
    enterpriseAttestation: false,
  };
}

const int = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback);

/** Parsed settings per stored JSON object: getAssertion reads them on every call. */
const parsed = new WeakMap<object, Readonly<DeviceSettings>>();

/** The defaults per preset object, for authenticators that store no settings (most: no PIN set). */
const defaultsByPreset = new WeakMap<AuthenticatorState['preset'], Readonly<DeviceSettings>>();

/** The current settings (defaults for anything not stored or not valid). Read-only: change them with {@link updateDeviceSettings}. */
export function readDeviceSettings(state: Pick<AuthenticatorState, 'preset' | 'store'>): Readonly<DeviceSettings> {
  const raw = state.store.setting(DEVICE_SETTINGS_KEY);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    let defaults = defaultsByPreset.get(state.preset);
    if (!defaults) defaultsByPreset.set(state.preset, (defaults = Object.freeze(defaultDeviceSettings(state))));
    return defaults;
  }
  let settings = parsed.get(raw);
  if (!settings) parsed.set(raw, (settings = Object.freeze(parseSettings(state, raw))));
  return settings;
}

function parseSettings(state: Pick<AuthenticatorState, 'preset'>, raw: { [key: string]: StoreSettingValue }): DeviceSettings {
  const d = defaultDeviceSettings(state);
  const pinHash = typeof raw.pinHash === 'string' ? new Uint8Array(Buffer.from(raw.pinHash, 'base64url')) : undefined;
  return {
    pinHash: pinHash?.length === 16 ? pinHash : undefined,
    pinCodePoints: int(raw.pinCodePoints, 0),
    pinRetries: Math.min(int(raw.pinRetries, d.pinRetries), MAX_PIN_RETRIES),
    uvRetries: Math.min(int(raw.uvRetries, d.uvRetries), MAX_UV_RETRIES),
    forcePinChange: raw.forcePinChange === true,
    minPinLength: int(raw.minPinLength, d.minPinLength),
    minPinLengthRpIds: Array.isArray(raw.minPinLengthRpIds) ? raw.minPinLengthRpIds.filter((r): r is string => typeof r === 'string') : [],
    alwaysUv: typeof raw.alwaysUv === 'boolean' ? raw.alwaysUv : d.alwaysUv,
    enterpriseAttestation: raw.enterpriseAttestation === true,
  };
}

/** Change some settings and persist them (one store write). */
export function updateDeviceSettings(state: Pick<AuthenticatorState, 'preset' | 'store'>, patch: Partial<DeviceSettings>): DeviceSettings {
  const next = { ...readDeviceSettings(state), ...patch };
  const json: { [key: string]: StoreSettingValue } = {
    pinCodePoints: next.pinCodePoints,
    pinRetries: next.pinRetries,
    uvRetries: next.uvRetries,
    forcePinChange: next.forcePinChange,
    minPinLength: next.minPinLength,
    minPinLengthRpIds: [...next.minPinLengthRpIds],
    alwaysUv: next.alwaysUv,
    enterpriseAttestation: next.enterpriseAttestation,
  };
  if (next.pinHash) json.pinHash = Buffer.from(next.pinHash).toString('base64url');
  state.store.setSetting(DEVICE_SETTINGS_KEY, json);
  return next;
}

/** Whether a PIN is set (getInfo clientPin true). */
export function isPinSet(state: Pick<AuthenticatorState, 'preset' | 'store'>): boolean {
  return readDeviceSettings(state).pinHash !== undefined;
}
