/**
 * The pinUvAuthToken and its state (CTAP 2.1 section 6.5.2 "Authenticator Configuration
 * Operations Upon Power Up", 6.5.2.1 "pinUvAuthToken State"): one token for both protocols,
 * regenerated at every power-up, with permissions, an RP ID binding, user present / verified
 * flags and a usage timer. Nothing here is persisted.
 * @module
 */
import { freshRandomBytes } from '../../crypto/seed.js';
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

/**
 * How long a token stays usable after it is issued without being used in an operation (CTAP 2.1
 * 6.5.2.1 "initial usage time limit": 30 s for USB).
 */
export const TOKEN_INITIAL_USAGE_MS = 30_000;
/** How long the token's userPresent flag lasts (CTAP 2.1 6.5.2.1 "user present time limit": the initial usage limit by default). */
export const TOKEN_USER_PRESENT_MS = TOKEN_INITIAL_USAGE_MS;
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
  /** When the token was issued (ms): the usage timer's start. */
  issuedAt: number;
  /** Whether the platform has used the token in an operation (the initial usage limit then no longer applies). */
  used: boolean;
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
  // The key-agreement key is made when the platform first asks for it (getKeyAgreement, or a
  // command that decapsulates), not at power-up: nothing observes it before, and an authenticator
  // that never runs clientPIN or hmac-secret (most test ceremonies) never pays for the P-256 keygen.
  let keyAgreement: KeyAgreementKey | undefined;
  return {
    get keyAgreement(): KeyAgreementKey {
      keyAgreement ??= generateKeyAgreementKey();
      return keyAgreement;
    },
    set keyAgreement(key: KeyAgreementKey) {
      keyAgreement = key;
    },
    tokenState: {
      token: freshRandomBytes(32),
      protocol: undefined,
      inUse: false,
      permissions: 0,
      rpId: undefined,
      userPresent: false,
      userVerified: false,
      issuedAt: 0,
      used: false,
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
  const token = freshRandomBytes(32);
  runtime.tokenState = {
    token,
    protocol: grant.protocol,
    inUse: true,
    permissions: grant.permissions,
    rpId: grant.rpId,
    userPresent: grant.userPresent,
    userVerified: true,
    issuedAt: now,
    used: false,
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
  s.used = false;
}

/**
 * CTAP 2.1 6.5.6 / 6.5.7 resetPinUvAuthToken for every protocol: fresh token bytes, not in use.
 * Earlier tokens stop verifying.
 */
export function resetPinUvAuthToken(runtime: PinUvRuntime): void {
  stopUsingPinUvAuthToken(runtime);
  runtime.tokenState.token = freshRandomBytes(32);
  runtime.tokenState.protocol = undefined;
}

/** CTAP 2.1 6.5.6 / 6.5.7 regenerate: a new key-agreement key pair (after a wrong PIN, 6.5.5.6 step 7.1.1). */
export function regenerateKeyAgreement(runtime: PinUvRuntime): void {
  runtime.keyAgreement = generateKeyAgreementKey();
}

/**
 * Whether the token is in use, after running CTAP 2.1 6.5.2.1 pinUvAuthTokenUsageTimerObserver
 * lazily: past the max usage time period it stops; past the user present time limit its userPresent
 * flag clears; past the initial usage time limit without having been used it stops.
 */
export function tokenInUse(runtime: PinUvRuntime, now = Date.now()): boolean {
  const s = runtime.tokenState;
  if (!s.inUse) return false;
  const elapsed = now - s.issuedAt;
  if (elapsed >= TOKEN_MAX_USAGE_MS || (elapsed >= TOKEN_INITIAL_USAGE_MS && !s.used)) {
    stopUsingPinUvAuthToken(runtime);
    return false;
  }
  if (elapsed >= TOKEN_USER_PRESENT_MS) s.userPresent = false;
  return true;
}

/** CTAP 2.1 6.5.2.1 getUserPresentFlagValue: the token's userPresent flag while it is in use, else false. */
export function userPresentFlagValue(runtime: PinUvRuntime, now = Date.now()): boolean {
  return tokenInUse(runtime, now) && runtime.tokenState.userPresent;
}

/** CTAP 2.1 6.5.2.1 getUserVerifiedFlagValue: the token's userVerified flag while it is in use, else false. */
export function userVerifiedFlagValue(runtime: PinUvRuntime, now = Date.now()): boolean {
  return tokenInUse(runtime, now) && runtime.tokenState.userVerified;
}

/** CTAP 2.1 6.5.2.1 clearUserPresentFlag (no-op when the token is not in use). */
export function clearUserPresentFlag(runtime: PinUvRuntime): void {
  if (runtime.tokenState.inUse) runtime.tokenState.userPresent = false;
}

/** CTAP 2.1 6.5.2.1 clearUserVerifiedFlag (no-op when the token is not in use). */
export function clearUserVerifiedFlag(runtime: PinUvRuntime): void {
  if (runtime.tokenState.inUse) runtime.tokenState.userVerified = false;
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
 * @throws CtapError CTAP1_ERR_INVALID_PARAMETER (protocol), CTAP2_ERR_PIN_AUTH_INVALID (MAC under the
 *   token and protocol it was issued with, token not in use or expired, missing permission, RP ID
 *   mismatch, userVerified flag cleared for mc / ga)
 */
export function verifyPinUvAuthParam(
  runtime: PinUvRuntime,
  check: { protocol: unknown; param: Uint8Array; message: Uint8Array; permission: number; rpId?: string | undefined; requireRpIdMatch?: boolean },
  now = Date.now(),
): void {
  const protocol = pinUvAuthProtocol(check.protocol);
  const s = runtime.tokenState;
  // Each protocol has its own token (6.5.6 / 6.5.7 resetPinUvAuthToken): a MAC made under the other
  // protocol is made with a key the authenticator never issued under it.
  if (!tokenInUse(runtime, now) || s.protocol !== protocol.version || !protocol.verify(s.token, check.message, check.param)) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'pinUvAuthParam does not verify with the current pinUvAuthToken: get a new token');
  }
  if ((s.permissions & check.permission) === 0) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, `the pinUvAuthToken lacks the permission this command needs (0x${check.permission.toString(16).padStart(2, '0')})`);
  }
  if (check.rpId !== undefined && s.rpId !== undefined && s.rpId !== check.rpId && check.requireRpIdMatch !== false) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, `the pinUvAuthToken is bound to RP ID ${s.rpId}, not ${check.rpId}: get a token for this RP`);
  }
  // getUserVerifiedFlagValue is checked by makeCredential / getAssertion only (6.1.2 step 11.1.5,
  // 6.2.2 step 6.1.3): they clear the flag but keep lbw, so the same token may still write a large blob.
  if ((check.permission & (Permission.mc | Permission.ga)) !== 0 && !s.userVerified) {
    throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, 'the pinUvAuthToken no longer carries user verification: get a new token');
  }
  // 6.1.2 step 11.1.7 / 6.2.2 step 6.1.6: bind an unbound token to this RP, after every check passed.
  if (check.rpId !== undefined && s.rpId === undefined) s.rpId = check.rpId;
  s.used = true;
}

/** CTAP 2.1 6.5.2.1 clearPinUvAuthTokenPermissionsExceptLbw (after makeCredential / getAssertion used the token). */
export function clearPermissionsExceptLbw(runtime: PinUvRuntime): void {
  if (runtime.tokenState.inUse) runtime.tokenState.permissions &= Permission.lbw;
}
