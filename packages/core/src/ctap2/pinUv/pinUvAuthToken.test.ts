/**
 * The pinUvAuthToken state machine (CTAP 2.1 6.5.2.1): verifying pinUvAuthParams, the RP ID
 * binding, the usage timer observer and the flag / permission clearing functions.
 */
import { describe, expect, it } from 'vitest';
import { pinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import { CtapStatus as S } from '../status.js';
import {
  beginUsingPinUvAuthToken,
  clearPermissionsExceptLbw,
  clearUserPresentFlag,
  clearUserVerifiedFlag,
  Permission,
  powerUpPinUvRuntime,
  regenerateKeyAgreement,
  resetPinUvAuthToken,
  TOKEN_INITIAL_USAGE_MS,
  TOKEN_MAX_USAGE_MS,
  tokenInUse,
  userPresentFlagValue,
  userVerifiedFlagValue,
  verifyPinUvAuthParam,
} from './pinUvAuthToken.js';

const T0 = 1_000_000;
const message = new Uint8Array(32).fill(5);

function issued(permissions: number, opts: { rpId?: string; userPresent?: boolean; protocol?: 1 | 2 } = {}) {
  const runtime = powerUpPinUvRuntime();
  const protocol = opts.protocol ?? 2;
  const token = beginUsingPinUvAuthToken(runtime, { protocol, permissions, rpId: opts.rpId, userPresent: opts.userPresent ?? false }, T0);
  const param = pinUvAuthProtocol(protocol).authenticate(token, message);
  const verify = (permission: number, rpId?: string, now = T0 + 1) => () => verifyPinUvAuthParam(runtime, { protocol, param, message, permission, rpId }, now);
  return { runtime, token, param, verify };
}

const rejected = expect.objectContaining({ status: S.CTAP2_ERR_PIN_AUTH_INVALID });

describe('verifyPinUvAuthParam', () => {
  it('accepts the MAC of the current token under the protocol it was issued with, only that', () => {
    const { runtime, token, verify } = issued(Permission.mc);
    expect(verify(Permission.mc)).not.toThrow();
    const other = pinUvAuthProtocol(1).authenticate(token, message);
    expect(() => verifyPinUvAuthParam(runtime, { protocol: 1, param: other, message, permission: Permission.mc }, T0 + 1)).toThrow(rejected);
    expect(() => verifyPinUvAuthParam(runtime, { protocol: 3, param: other, message, permission: Permission.mc }, T0 + 1)).toThrow(
      expect.objectContaining({ status: S.CTAP1_ERR_INVALID_PARAMETER }),
    );
  });

  it('needs the permission; binds an unbound token to the first RP ID and refuses others afterwards', () => {
    const { runtime, verify } = issued(Permission.ga);
    expect(verify(Permission.mc, 'a.example')).toThrow(rejected);
    expect(runtime.tokenState.rpId).toBeUndefined(); // a failed check binds nothing
    expect(verify(Permission.ga, 'a.example')).not.toThrow();
    expect(runtime.tokenState.rpId).toBe('a.example');
    expect(verify(Permission.ga, 'b.example')).toThrow(rejected);
    expect(() => verifyPinUvAuthParam(runtime, { protocol: 2, param: issued(0).param, message, permission: Permission.ga }, T0 + 1)).toThrow(rejected);
  });

  it('after makeCredential / getAssertion only lbw is left, and it still verifies without the userVerified flag', () => {
    const { runtime, verify } = issued(Permission.ga | Permission.lbw | Permission.cm);
    verify(Permission.ga, 'a.example')();
    clearUserPresentFlag(runtime);
    clearUserVerifiedFlag(runtime);
    clearPermissionsExceptLbw(runtime);
    expect(runtime.tokenState.permissions).toBe(Permission.lbw);
    expect(verify(Permission.ga, 'a.example')).toThrow(rejected);
    expect(verify(Permission.cm)).toThrow(rejected);
    expect(verify(Permission.lbw)).not.toThrow();
  });

  it('a cleared userVerified flag alone refuses makeCredential / getAssertion', () => {
    const { runtime, verify } = issued(Permission.mc | Permission.ga);
    clearUserVerifiedFlag(runtime);
    expect(verify(Permission.mc)).toThrow(expect.objectContaining({ message: expect.stringMatching(/user verification/) }));
  });
});

describe('usage timer and flags (6.5.2.1)', () => {
  it('an unused token stops at the initial usage limit; a used one lives to the max usage period', () => {
    const unused = issued(Permission.ga);
    expect(tokenInUse(unused.runtime, T0 + TOKEN_INITIAL_USAGE_MS - 1)).toBe(true);
    expect(tokenInUse(unused.runtime, T0 + TOKEN_INITIAL_USAGE_MS)).toBe(false);
    expect(unused.runtime.tokenState.permissions).toBe(0);
    const used = issued(Permission.ga, { userPresent: true });
    used.verify(Permission.ga)();
    expect(userPresentFlagValue(used.runtime, T0 + 10)).toBe(true);
    expect(tokenInUse(used.runtime, T0 + TOKEN_INITIAL_USAGE_MS + 1)).toBe(true);
    expect(userPresentFlagValue(used.runtime, T0 + TOKEN_INITIAL_USAGE_MS + 1)).toBe(false);
    expect(userVerifiedFlagValue(used.runtime, T0 + TOKEN_MAX_USAGE_MS - 1)).toBe(true);
    expect(used.verify(Permission.ga, undefined, T0 + TOKEN_MAX_USAGE_MS)).toThrow(rejected);
  });

  it('the flag getters are false for a token not in use; the clear functions leave such a token alone', () => {
    const runtime = powerUpPinUvRuntime();
    expect(userPresentFlagValue(runtime)).toBe(false);
    expect(userVerifiedFlagValue(runtime)).toBe(false);
    clearPermissionsExceptLbw(runtime);
    expect(runtime.tokenState.inUse).toBe(false);
  });

  it('resetPinUvAuthToken makes new token bytes; regenerate makes a new key-agreement key', () => {
    const { runtime, token, verify } = issued(Permission.mc);
    const key = runtime.keyAgreement;
    resetPinUvAuthToken(runtime);
    expect(runtime.tokenState.token).not.toEqual(token);
    expect(verify(Permission.mc)).toThrow(rejected);
    regenerateKeyAgreement(runtime);
    expect(runtime.keyAgreement.coseKey).not.toEqual(key.coseKey);
  });
});
