/**
 * Test-only: an authenticator state the test can see into, for the CTAP 2.1 management commands
 * (credentialManagement, largeBlobs, authenticatorConfig): issue pinUvAuthTokens directly
 * (beginUsingPinUvAuthToken, as authenticatorClientPIN would), compute pinUvAuthParams as a
 * platform does, store discoverable credentials with real keys, and send commands through the real
 * dispatcher.
 * @module
 */
import { createHash } from 'node:crypto';
import { decodeCbor, encodeCbor, type CborMap, type CborValue } from '../src/cbor/index.js';
import type { AuthenticatorState } from '../src/ctap2/command.js';
import { runCtap2 } from '../src/ctap2/dispatch.js';
import { updateDeviceSettings } from '../src/ctap2/pinUv/deviceSettings.js';
import { beginUsingPinUvAuthToken } from '../src/ctap2/pinUv/pinUvAuthToken.js';
import { createKeyPair, pkcs8Of } from '../src/crypto/keyPair.js';
import { pinUvAuthProtocol, type PinUvAuthProtocolVersion } from '../src/pin/pinUvAuthProtocol.js';
import { getPreset } from '../src/presets/index.js';
import type { Preset } from '../src/presets/types.js';
import type { StoredCredential } from '../src/store/types.js';
import { harnessState } from './extensionHarness.js';

/** A fresh authenticator state, as VirtualAuthenticator builds it (seeded for the management tests). */
export function mgmtState(preset: string | Preset, seed = 'management-test'): AuthenticatorState {
  return harnessState(preset, seed);
}

/** A preset with patched getInfo options / fields. */
export function presetWith(id: string, patch: { options?: Record<string, boolean>; getInfo?: Partial<Preset['getInfo']>; preset?: Partial<Preset> }): Preset {
  const p = getPreset(id);
  return {
    ...p,
    ...patch.preset,
    getInfo: { ...p.getInfo, ...patch.getInfo, options: { ...p.getInfo.options, ...patch.options } },
  };
}

/** yubikey-5-nfc without built-in UV, so only a PIN protects it (hasBuiltInUv false whatever its rule). */
export function pinOnlyYubiKey(): Preset {
  const p = getPreset('yubikey-5-nfc');
  return { ...p, userVerification: { ...p.userVerification, capable: false, methods: ['passcode_external'] } };
}

/** Mark a PIN as set (what setPIN stores: LEFT(SHA-256(pin), 16) and its length in code points). */
export function setPin(state: AuthenticatorState, pin = '1234'): void {
  updateDeviceSettings(state, { pinHash: new Uint8Array(createHash('sha256').update(pin).digest().subarray(0, 16)), pinCodePoints: [...pin].length });
}

/** A platform's view of an issued pinUvAuthToken. */
export interface IssuedToken {
  protocol: PinUvAuthProtocolVersion;
  token: Uint8Array;
  /** authenticate(token, message): the pinUvAuthParam for `message`. */
  mac(message: Uint8Array): Uint8Array;
}

/** Issue a token with `permissions` (and an RP ID binding) as authenticatorClientPIN would. */
export function issueToken(state: AuthenticatorState, permissions: number, opts: { rpId?: string; protocol?: PinUvAuthProtocolVersion } = {}): IssuedToken {
  const protocol = opts.protocol ?? 2;
  const token = beginUsingPinUvAuthToken(state.pinUv, { protocol, permissions, rpId: opts.rpId, userPresent: false });
  return { protocol, token, mac: (message) => pinUvAuthProtocol(protocol).authenticate(token, message) };
}

/** Outcome of one command. */
export interface MgmtOutcome {
  status: number;
  body: CborMap | undefined;
  message: string | undefined;
}

/** Send one command through the dispatcher, CBOR encoded and decoded like the wire. */
export async function send(state: AuthenticatorState, command: number, params?: CborMap | Map<number, CborValue>): Promise<MgmtOutcome> {
  const out = await runCtap2(state, Uint8Array.of(command, ...(params ? encodeCbor(params) : [])));
  return { status: out.status, body: out.body.length > 0 ? (decodeCbor(out.body) as CborMap) : undefined, message: out.error?.message };
}

/** Store a credential with a real ES256 key (discoverable unless said otherwise). */
export function storeCredential(
  state: AuthenticatorState,
  c: { rpId: string; user: number; name?: string; displayName?: string; rpName?: string; discoverable?: boolean; credProtect?: 1 | 2 | 3; largeBlobKey?: Uint8Array; createdAt?: number },
): StoredCredential {
  const label = `${c.rpId}/${c.user}/${c.discoverable ?? true}`;
  const key = createKeyPair(-7, 'management-test', `cred/${label}`);
  const record: StoredCredential = {
    id: new Uint8Array(createHash('sha256').update(label).digest().subarray(0, 16)),
    rpId: c.rpId,
    ...(c.rpName !== undefined && { rpName: c.rpName }),
    userHandle: Uint8Array.of(c.user),
    ...(c.name !== undefined && { userName: c.name }),
    ...(c.displayName !== undefined && { userDisplayName: c.displayName }),
    alg: -7,
    privateKey: pkcs8Of(key),
    signCount: 0,
    discoverable: c.discoverable ?? true,
    backupEligible: false,
    backupState: false,
    createdAt: c.createdAt ?? Date.now(),
    ...(c.credProtect !== undefined && { credProtect: c.credProtect }),
    ...(c.largeBlobKey !== undefined && { largeBlobKey: c.largeBlobKey }),
  };
  state.store.put(record);
  return record;
}

/** SHA-256 of a string (rpIdHash). */
export const sha256 = (s: string | Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(s).digest());
