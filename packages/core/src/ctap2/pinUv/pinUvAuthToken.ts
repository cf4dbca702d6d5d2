/**
 * The pinUvAuthToken and its state (CTAP 2.1 section 6.5.2 "Authenticator Configuration
 * Operations Upon Power Up", 6.5.2.1 "pinUvAuthToken State"): one token for both protocols,
 * regenerated at every power-up, with permissions, an RP ID binding, user present / verified
 * flags and a usage timer. Nothing here is persisted.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { generateKeyAgreementKey, pinUvAuthProtocol, type KeyAgreementKey, type PinUvAuthProtocolVersion } from '../../pin/pinUvAuthProtocol.js';
import { CtapError, CtapStatus } from '../status.js';

/** pinUvAuthToken permissions (CTAP 2.1 6.5.5.7 table). */
export const Permission = {
  /** makeCredential */
  mc: 0x01,
  /** getAssertion */
  ga: 0x02,
  /** credentialManagement */
  cm: 0x04,
  /** bioEnrollment */
  be: 0x08,
  /** largeBlobWrite */
  lbw: 0x10,
  /** authenticatorConfig */
  acfg: 0x20,
} as const;

/** How long a token stays usable after it is issued (CTAP 2.1 6.5.2.1 "initial usage time limit": at least 30 s). */
export const TOKEN_INITIAL_USAGE_MS = 30_000;
/** Longest a token may stay in use (CTAP 2.1 6.5.2.1 "maximum usage time limit": 10 minutes). */
export const TOKEN_MAX_USAGE_MS = 600_000;

/** The token and its state; see CTAP 2.1 6.5.2.1. */
export interface PinUvAuthTokenState {
  /** The 32-byte token. Secret: never logged. */
  token: Uint8Array;
  /** Protocol the token was last issued under (MAC length and key handling follow it). */
  protocol: PinUvAuthProtocolVersion | undefined;
  /** Whether a token has been issued and not stopped. */
  inUse: boolean;
  /** Permission bits ({@link Permission}). */
  permissions: number;
  /** RP ID the token is bound to, if any. */
  rpId: string | undefined;
  /** userPresent flag: a touch was collected when the token was issued (CTAP 2.1 6.5.2.1). */
  userPresent: boolean;
  /** userVerified flag. */
  userVerified: boolean;
  /** When the token was issued (ms). */
  issuedAt: number;
}

/** Volatile PIN/UV state of a powered-up authenticator. */
export interface PinUvRuntime {
  /** Key-agreement key pair (CTAP 2.1 6.5.6 / 6.5.7 initialize: regenerated at power-up; one for both protocols). */
  keyAgreement: KeyAgreementKey;
  /** The token. */
  tokenState: PinUvAuthTokenState;
  /** Consecutive wrong PINs since power-up; 3 block further attempts until a power cycle (CTAP 2.1 6.5.5.5). */
  consecutivePinFailures: number;
  /** Consecutive failed built-in UV attempts since power-up. */
  consecutiveUvFailures: number;
}

/** Fresh volatile PIN/UV state, as at power-up. */
export function powerUpPinUvRuntime(): PinUvRuntime {
  return {
    keyAgreement: generateKeyAgreementKey(),
    tokenState: {
      token: new Uint8Array(randomBytes(32)),
      protocol: undefined,
      inUse: false,
      permissions: 0,
      rpId: undefined,
      userPresent: false,
      userVerified: false,
      issuedAt: 0,
    },
    consecutivePinFailures: 0,
    consecutiveUvFailures: 0,
  };
}

/**
 * Issue (a fresh) token: CTAP 2.1 6.5.5.7 "resetPinUvAuthToken" then "beginUsingPinUvAuthToken".
 * Every earlier token becomes invalid.
 * @returns the new token bytes (to be encrypted for the platform)
 */
export function beginUsingPinUvAuthToken(
  runtime: PinUvRuntime,
  grant: { protocol: PinUvAuthProtocolVersion; permissions: number; rpId: string | undefined; userPresent: boolean },
  now = Date.now(),
): Uint8Array {
  const token = new Uint8Array(randomBytes(32));
  runtime.tokenState = {
    token,
    protocol: grant.protocol,
    inUse: true,
    permissions: grant.permissions,
    rpId: grant.rpId,
    userPresent: grant.userPresent,
    userVerified: true,
    issuedAt: now,
  };
  return token;
}

/** CTAP 2.1 6.5.2.1 stopUsingPinUvAuthToken: the token loses every permission and flag. */
export function stopUsingPinUvAuthToken(runtime: PinUvRuntime): void {
  const s = runtime.tokenState;
  s.inUse = false;
  s.permissions = 0;
  s.rpId = undefined;
  s.userPresent = false;
  s.userVerified = false;
}

/** Whether the token is in use and inside its usage window; expires it otherwise (CTAP 2.1 6.5.2.1 usage timer). */
export function tokenInUse(runtime: PinUvRuntime, now = Date.now()): boolean {
  const s = runtime.tokenState;
  if (!s.inUse) return false;
  if (now - s.issuedAt > TOKEN_INITIAL_USAGE_MS) {
    stopUsingPinUvAuthToken(runtime);
    return false;
  }
  return true;
}

/**
 * Check a pinUvAuthParam made with the current token, then the permission and RP ID the command
 * needs (CTAP 2.1 6.1.2 step 11, 6.2.2 step 9, 6.8.x, 6.10.x, 6.11.x). Binds the token to `rpId`
 * when it has no RP ID yet (6.5.5.7: "If the pinUvAuthToken does not have a permissions RP ID
 * associated: Associate the request's rpId").
 * @param runtime - volatile PIN/UV state
 * @param check.protocol - pinUvAuthProtocol from the request
 * @param check.param - pinUvAuthParam from the request
 * @param check.message - what the platform MACed (e.g. clientDataHash)
 * @param check.permission - the {@link Permission} bit the command needs
 * @param check.rpId - RP ID to bind or match (omit for commands not scoped to an RP)
 * @param check.requireRpIdMatch - when false, a token bound to another RP ID is still accepted (credentialManagement without rpIdHash)
 * @throws CtapError CTAP1_ERR_INVALID_PARAMETER (protocol), CTAP2_ERR_PIN_AUTH_INVALID (MAC, token not in use, missing permission, RP ID mismatch)
 */
export function verifyPinUvAuthParam(
  runtime: PinUvRuntime,
  check: { protocol: unknown; param: Uint8Array; message: Uint8Array; permission: number; rpId?: string | undefined; requireRpIdMatch?: boolean },
  now = Date.now(),
): void {
  const protocol = pinUvAuthProtocol(check.protocol);
  const s = runtime.tokenState;
  if (!tokenInUse(runtime, now) || !protocol.verify(s.token, check.message, check.param)) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'pinUvAuthParam does not verify with the current pinUvAuthToken: get a new token');
  }
  if ((s.permissions & check.permission) === 0) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, `the pinUvAuthToken lacks the permission this command needs (0x${check.permission.toString(16).padStart(2, '0')})`);
  }
  if (check.rpId !== undefined) {
    if (s.rpId === undefined) s.rpId = check.rpId;
    else if (s.rpId !== check.rpId && check.requireRpIdMatch !== false) {
      throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, `the pinUvAuthToken is bound to RP ID ${s.rpId}, not ${check.rpId}`);
    }
  }
  if (!s.userVerified) throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'the pinUvAuthToken no longer carries user verification: get a new token');
}

/** CTAP 2.1 6.5.2.1 clearPinUvAuthTokenPermissionsExceptLbw (after makeCredential / getAssertion used the token). */
export function clearPermissionsExceptLbw(runtime: PinUvRuntime): void {
  runtime.tokenState.permissions &= Permission.lbw;
}
