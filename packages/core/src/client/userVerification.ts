/**
 * How the client verifies the user for one ceremony, as a browser does (WebAuthn L3 5.1.3 step 20
 * / 5.1.4.1 step 18 with CTAP 2.1 6.5): the authenticator's built-in method through a
 * pinUvAuthToken (getPinUvAuthTokenUsingUvWithPermissions) or the `uv` option, or the client PIN
 * of a security key, creating one first when verification is required and none is set (the
 * "create a PIN" dialog), then getPinUvAuthTokenUsingPinWithPermissions (getPinToken on CTAP 2.0
 * keys). PIN failures become NotAllowedError naming the cause, the CTAP status kept on the error.
 * @module
 */
import { CtapStatus } from '../ctap2/status.js';
import type { ScriptedUser } from '../user/scriptedUser.js';
import { chooseProtocol, type AuthenticatorInfo } from './authenticatorInfo.js';
import type { CtapAnswer, CtapChannel } from './ceremony.js';
import { ClientPin, MAX_PIN_BYTES, type PinUvAuthToken } from './clientPin.js';
import { WebAuthnError } from './webAuthnError.js';

/** How the user was verified: not at all, by the authenticator's `uv` option, or with a token. */
export type UvGrant = { method: 'none' } | { method: 'builtIn' } | { method: 'token'; token: PinUvAuthToken };

/** What the ceremony needs from user verification. */
export interface UvRequest {
  /** The RP's `userVerification` (unknown values count as `preferred`, WebAuthn L3 5.8.6). */
  requirement: unknown;
  /**
   * An extension needs a verified user when the authenticator can verify one (prf: WebAuthn L3
   * 10.1.4 "This overrides the UserVerificationRequirement if necessary"; a largeBlob write on a
   * protected authenticator).
   */
  extensionWantsUv: boolean;
  /** Whether the authenticator verifies users when the RP says `preferred` (the model's default). */
  preferredByDefault: boolean;
  /** Whether a discoverable credential is being made (makeCredUvNotRqd does not cover those). */
  rk: boolean;
  /** pinUvAuthToken permission bits (mc or ga, plus lbw for a largeBlob write). */
  permissions: number;
  /** The RP ID the token is bound to. */
  rpId: string;
}

/** Facts about the authenticator's user verification, from getInfo (CTAP 2.1 6.4 options). */
export interface UvCapabilities {
  /** Built-in UV configured (`uv` true). */
  builtIn: boolean;
  /** authenticatorClientPIN supported (`clientPin` present). */
  pinSupported: boolean;
  /** A PIN is set (`clientPin` true). */
  pinSet: boolean;
  /** pinUvAuthToken supported (CTAP 2.1 `pinUvAuthToken` true). */
  tokenSupported: boolean;
  /** "Protected by some form of user verification" (CTAP 2.1 6.1.2): a PIN set or built-in UV configured. */
  protected: boolean;
  /** Whether the client can verify the user at all (built-in UV, or a PIN it can set). */
  possible: boolean;
}

/** Read {@link UvCapabilities} from getInfo. */
export function uvCapabilities(info: AuthenticatorInfo): UvCapabilities {
  const builtIn = info.options.get('uv') === true;
  const pinSupported = info.options.has('clientPin');
  const pinSet = info.options.get('clientPin') === true;
  return {
    builtIn,
    pinSupported,
    pinSet,
    tokenSupported: info.options.get('pinUvAuthToken') === true,
    protected: builtIn || pinSet,
    possible: builtIn || pinSupported,
  };
}

/**
 * Whether this ceremony verifies the user.
 * @throws WebAuthnError NotAllowedError when verification is required and the authenticator cannot verify users
 */
export function needsUserVerification(info: AuthenticatorInfo, ceremony: 'create' | 'get', request: UvRequest): boolean {
  const caps = uvCapabilities(info);
  const known = ['required', 'preferred', 'discouraged'];
  const requirement = typeof request.requirement === 'string' && known.includes(request.requirement) ? request.requirement : 'preferred';
  // CTAP 2.1 6.11.2 alwaysUv: every makeCredential/getAssertion needs a verified user.
  if (requirement === 'required' || info.options.get('alwaysUv') === true) {
    if (!caps.possible) {
      throw new WebAuthnError('NotAllowedError', `userVerification is required but this authenticator cannot verify users (no ${ceremony === 'create' ? 'registration' : 'sign-in'} possible)`);
    }
    return true;
  }
  if (request.extensionWantsUv && caps.possible) return true;
  if (requirement === 'preferred' && caps.protected && request.preferredByDefault) return true;
  if (ceremony === 'create') {
    // CTAP 2.1 6.1.2 steps 7-8: an authenticator protected by user verification makes credentials
    // without it only when makeCredUvNotRqd is true and the credential is not discoverable. Models
    // without pinUvAuthToken run the CTAP 2.0 algorithm, whatever versions they list.
    const ctap21 = caps.tokenSupported;
    if (ctap21 && caps.protected && (info.options.get('makeCredUvNotRqd') !== true || request.rk)) return true;
    // CTAP 2.0 5.1 step 6: once a PIN is set, every authenticatorMakeCredential needs pinAuth.
    if (!ctap21 && caps.pinSet) return true;
  }
  return false;
}

/** Messages for the PIN/UV statuses a browser explains to the user (and rejects with NotAllowedError). */
function pinUvMessage(status: number, retries: number | undefined): string | undefined {
  switch (status) {
    case CtapStatus.CTAP2_ERR_PIN_INVALID:
      return `the PIN was wrong${retries === undefined ? '' : ` (${retries} attempt${retries === 1 ? '' : 's'} left before the PIN is blocked)`}`;
    case CtapStatus.CTAP2_ERR_PIN_AUTH_BLOCKED:
      return 'too many wrong PINs in a row: the authenticator takes no more PIN attempts until it is unplugged and plugged back in (VirtualAuthenticator.powerCycle())';
    case CtapStatus.CTAP2_ERR_PIN_BLOCKED:
      return 'the PIN is blocked after too many wrong attempts: only authenticatorReset (which erases every credential) unblocks the authenticator';
    case CtapStatus.CTAP2_ERR_PIN_POLICY_VIOLATION:
      return "the PIN does not meet the authenticator's PIN policy (length or forced change)";
    case CtapStatus.CTAP2_ERR_UV_BLOCKED:
      return "the authenticator's built-in user verification is blocked after too many failed attempts";
    case CtapStatus.CTAP2_ERR_UV_INVALID:
      return `user verification failed${retries === undefined ? '' : ` (${retries} attempt${retries === 1 ? '' : 's'} left)`}`;
    default:
      return undefined;
  }
}

/**
 * Verify the user as {@link needsUserVerification} decided, using the scripted user for the PIN.
 * @param channel - the ceremony's channel
 * @param info - getInfo of this ceremony
 * @param user - who types the PIN
 * @param request - permissions and RP ID for the token
 * @throws WebAuthnError NotAllowedError for a wrong, blocked or cancelled PIN or failed UV (ctapCode set where the authenticator answered)
 */
export async function verifyUser(channel: CtapChannel, info: AuthenticatorInfo, user: ScriptedUser, request: UvRequest): Promise<UvGrant> {
  const caps = uvCapabilities(info);
  const scope = { permissions: request.permissions, rpId: request.rpId };
  if (caps.builtIn) {
    const protocol = chooseProtocol(info);
    // Browsers take a token from built-in UV when the authenticator supports pinUvAuthToken.
    if (!caps.tokenSupported || protocol === undefined) return { method: 'builtIn' };
    const clientPin = new ClientPin(channel, protocol);
    const result = await clientPin.uvToken(scope);
    if (result.ok) return { method: 'token', token: result.value };
    // UV blocked: fall back to the PIN where one is set (CTAP 2.1 6.5.5.7.3 note).
    if (!(result.answer.status === CtapStatus.CTAP2_ERR_UV_BLOCKED && caps.pinSet)) {
      const retries = result.answer.status === CtapStatus.CTAP2_ERR_UV_INVALID ? await clientPin.uvRetries() : undefined;
      throw failure(channel, result.answer, retries);
    }
  }
  if (!caps.pinSupported) {
    throw new WebAuthnError('NotAllowedError', 'user verification is needed but this authenticator has neither built-in user verification nor a client PIN');
  }
  // A key that lists no protocol is taken to speak protocol one, the only one CTAP 2.0 defines.
  const clientPin = new ClientPin(channel, chooseProtocol(info) ?? 1);
  let pin: string;
  if (!caps.pinSet) {
    pin = await createPin(channel, clientPin, info, user);
  } else {
    if (info.forcePinChange) {
      throw new WebAuthnError('NotAllowedError', 'the authenticator requires a PIN change before it verifies users (forcePINChange): change the PIN with authenticatorClientPIN changePIN first', { ctapCode: 'CTAP2_ERR_PIN_POLICY_VIOLATION' });
    }
    // A browser reads the retries first: a blocked PIN is not offered for entry.
    if ((await clientPin.pinRetries()) === 0) {
      throw failure(channel, { status: CtapStatus.CTAP2_ERR_PIN_BLOCKED, body: new Map(), error: undefined }, 0);
    }
    const entry = user.enterPin();
    if (entry.outcome === 'refuse' || entry.outcome === 'timeout') {
      throw new WebAuthnError('NotAllowedError', entry.outcome === 'refuse' ? 'the user cancelled the PIN dialog' : 'the PIN dialog timed out without a PIN');
    }
    pin = entry.pin;
  }
  // CTAP 2.1 6.5.5.7.2 needs pinUvAuthToken support; CTAP 2.0 keys take getPinToken (all permissions).
  const result = await clientPin.pinToken(pin, caps.tokenSupported ? scope : undefined);
  if (result.ok) return { method: 'token', token: result.value };
  const retries = result.answer.status === CtapStatus.CTAP2_ERR_PIN_INVALID ? await clientPin.pinRetries() : undefined;
  throw failure(channel, result.answer, retries);
}

/** The "create a PIN" dialog, then setPIN (CTAP 2.1 6.5.5.5). Returns the new PIN. */
async function createPin(channel: CtapChannel, clientPin: ClientPin, info: AuthenticatorInfo, user: ScriptedUser): Promise<string> {
  const created = user.createPin();
  if (created.outcome !== 'accept') {
    const why = { fail: 'the user could not create a PIN (the confirmation did not match), so no PIN is set', refuse: 'the user cancelled creating a PIN', timeout: 'the create-a-PIN dialog timed out' };
    throw new WebAuthnError('NotAllowedError', why[created.outcome]);
  }
  const { pin } = created;
  const codePoints = [...pin].length;
  const bytes = Buffer.byteLength(pin, 'utf8');
  if (codePoints < info.minPinLength || bytes > MAX_PIN_BYTES) {
    throw new WebAuthnError(
      'NotAllowedError',
      `ScriptedUser.pin cannot be set on this authenticator: it needs ${info.minPinLength} to ${MAX_PIN_BYTES} bytes (minPINLength ${info.minPinLength}), the scripted PIN has ${codePoints} characters`,
    );
  }
  const result = await clientPin.setPin(pin);
  if (!result.ok) throw failure(channel, result.answer, undefined);
  return pin;
}

/** The NotAllowedError (or mapped DOMException) for a failed PIN/UV command. */
function failure(channel: CtapChannel, answer: CtapAnswer, retries: number | undefined): WebAuthnError {
  return channel.failure(answer, pinUvMessage(answer.status, retries));
}
