/**
 * The platform half of authenticatorClientPIN (CTAP 2.1 6.5.5): key agreement, setting a PIN,
 * PIN retries and the three ways of getting a pinUvAuthToken. Built on the shared PIN/UV auth
 * protocol code (`encapsulate` / `encrypt` / `decrypt` / `authenticate`).
 * @module
 */
import { createHash } from 'node:crypto';
import type { CborMap, CborValue } from '../cbor/types.js';
import { CtapCommand } from '../ctap2/command.js';
import { pinUvAuthProtocol, type PinUvAuthProtocol, type PinUvAuthProtocolVersion } from '../pin/pinUvAuthProtocol.js';
import type { CtapAnswer, CtapChannel } from './ceremony.js';
import { WebAuthnError } from './webAuthnError.js';
import { ClientPinParam, ClientPinResponse, ClientPinSubCommand } from '../ctap2/pinUv/clientPinRequest.js';

// The wire tables of authenticatorClientPIN (CTAP 2.1 6.5.5), shared with the authenticator side.
const ClientPinSubcommand = ClientPinSubCommand;
const P = ClientPinParam;
const R = ClientPinResponse;

/** A command result: the value, or the failed answer for the caller to explain. */
export type PinResult<T> = { ok: true; value: T } | { ok: false; answer: CtapAnswer };

/** A shared secret with the authenticator and the platform key-agreement key that produced it. */
export interface SharedSecret {
  /** The platform's COSE_Key to send as keyAgreement. */
  keyAgreement: CborMap;
  /** The shared secret (32 bytes for protocol one, 64 for two). Secret: never logged. */
  secret: Uint8Array;
}

/** A pinUvAuthToken and the protocol it was issued under. Secret: never logged. */
export interface PinUvAuthToken {
  protocol: PinUvAuthProtocol;
  token: Uint8Array;
}

/** PIN length limits (CTAP 2.1 6.5.5.5: at least 4 code points, at most 63 bytes of UTF-8). */
export const MAX_PIN_BYTES = 63;

/** `pin` as setPIN sends it: its UTF-8 bytes (Unicode NFC) padded with zeros to 64 bytes (CTAP 2.1 6.5.5.5). */
export function paddedPin(pin: string): Uint8Array {
  const bytes = Buffer.from(pin.normalize('NFC'), 'utf8');
  const out = new Uint8Array(64);
  out.set(bytes.subarray(0, 64));
  return out;
}

/** LEFT(SHA-256(pin), 16) of the NFC-normalized PIN, as pinHashEnc carries it (CTAP 2.1 6.5.5.7). */
function pinHash(pin: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(pin.normalize('NFC'), 'utf8').digest().subarray(0, 16));
}

/** authenticatorClientPIN driven from the platform side, for one ceremony and one protocol. */
export class ClientPin {
  /** The PIN/UV auth protocol in use. */
  readonly protocol: PinUvAuthProtocol;
  readonly #channel: CtapChannel;

  /**
   * @param channel - the ceremony's channel
   * @param version - PIN/UV auth protocol (see chooseProtocol)
   */
  constructor(channel: CtapChannel, version: PinUvAuthProtocolVersion) {
    this.#channel = channel;
    this.protocol = pinUvAuthProtocol(version);
  }

  #params(subCommand: number): CborMap {
    return new Map<number, CborValue>([[P.pinUvAuthProtocol, this.protocol.version], [P.subCommand, subCommand]]);
  }

  /**
   * getKeyAgreement, then the platform's encapsulate (CTAP 2.1 6.5.5.4, 6.5.6/6.5.7).
   * @throws WebAuthnError for a failed command or an unusable authenticator key
   */
  async sharedSecret(): Promise<SharedSecret> {
    const shared = await this.trySharedSecret();
    if (!shared) throw new WebAuthnError('NotAllowedError', 'the authenticator did not agree on a key for the PIN/UV auth protocol (authenticatorClientPIN getKeyAgreement)');
    return shared;
  }

  /**
   * Like {@link ClientPin.sharedSecret} but undefined when the authenticator cannot agree on a key,
   * for optional extension processing (the extension's output is then left out).
   * @throws WebAuthnError only for the ceremony's timeout or abort
   */
  async trySharedSecret(): Promise<SharedSecret | undefined> {
    const answer = await this.#channel.exchange(CtapCommand.ClientPIN, this.#params(ClientPinSubcommand.getKeyAgreement));
    if (answer.status !== 0) return undefined;
    try {
      const { coseKey, sharedSecret } = this.protocol.encapsulate(answer.body.get(R.keyAgreement));
      return { keyAgreement: coseKey, secret: sharedSecret };
    } catch {
      return undefined;
    }
  }

  /** getPINRetries (CTAP 2.1 6.5.5.2): PIN attempts left, or undefined when the command fails. */
  async pinRetries(): Promise<number | undefined> {
    const answer = await this.#channel.exchange(CtapCommand.ClientPIN, this.#params(ClientPinSubcommand.getPINRetries));
    const retries = answer.body.get(R.pinRetries);
    return answer.status === 0 && typeof retries === 'number' ? retries : undefined;
  }

  /** getUVRetries (CTAP 2.1 6.5.5.3): built-in UV attempts left, or undefined when the command fails. */
  async uvRetries(): Promise<number | undefined> {
    const answer = await this.#channel.exchange(CtapCommand.ClientPIN, this.#params(ClientPinSubcommand.getUVRetries));
    const retries = answer.body.get(R.uvRetries);
    return answer.status === 0 && typeof retries === 'number' ? retries : undefined;
  }

  /**
   * setPIN (CTAP 2.1 6.5.5.5): newPinEnc = encrypt(shared secret, PIN padded to 64 bytes),
   * pinUvAuthParam = authenticate(shared secret, newPinEnc).
   */
  async setPin(pin: string): Promise<PinResult<undefined>> {
    const { keyAgreement, secret } = await this.sharedSecret();
    const newPinEnc = this.protocol.encrypt(secret, paddedPin(pin));
    const params = this.#params(ClientPinSubcommand.setPIN);
    params.set(P.keyAgreement, keyAgreement);
    params.set(P.pinUvAuthParam, this.protocol.authenticate(secret, newPinEnc));
    params.set(P.newPinEnc, newPinEnc);
    const answer = await this.#channel.exchange(CtapCommand.ClientPIN, params);
    return answer.status === 0 ? { ok: true, value: undefined } : { ok: false, answer };
  }

  /**
   * A token from the PIN: getPinUvAuthTokenUsingPinWithPermissions (CTAP 2.1 6.5.5.7.2) when
   * `permissions` is given, else the CTAP 2.0 getPinToken (6.5.5.7.1).
   * @param pin - what the user typed
   * @param scope - permission bits and RP ID, or undefined for getPinToken
   */
  async pinToken(pin: string, scope: { permissions: number; rpId: string | undefined } | undefined): Promise<PinResult<PinUvAuthToken>> {
    const { keyAgreement, secret } = await this.sharedSecret();
    const params = this.#params(scope ? ClientPinSubcommand.getPinUvAuthTokenUsingPinWithPermissions : ClientPinSubcommand.getPinToken);
    params.set(P.keyAgreement, keyAgreement);
    params.set(P.pinHashEnc, this.protocol.encrypt(secret, pinHash(pin)));
    if (scope) {
      params.set(P.permissions, scope.permissions);
      if (scope.rpId !== undefined) params.set(P.rpId, scope.rpId);
    }
    return this.#token(params, secret);
  }

  /**
   * A token from the authenticator's built-in user verification:
   * getPinUvAuthTokenUsingUvWithPermissions (CTAP 2.1 6.5.5.7.3).
   */
  async uvToken(scope: { permissions: number; rpId: string | undefined }): Promise<PinResult<PinUvAuthToken>> {
    const { keyAgreement, secret } = await this.sharedSecret();
    const params = this.#params(ClientPinSubcommand.getPinUvAuthTokenUsingUvWithPermissions);
    params.set(P.keyAgreement, keyAgreement);
    params.set(P.permissions, scope.permissions);
    if (scope.rpId !== undefined) params.set(P.rpId, scope.rpId);
    return this.#token(params, secret);
  }

  async #token(params: CborMap, secret: Uint8Array): Promise<PinResult<PinUvAuthToken>> {
    const answer = await this.#channel.exchange(CtapCommand.ClientPIN, params);
    if (answer.status !== 0) return { ok: false, answer };
    const encrypted = answer.body.get(R.pinUvAuthToken);
    let token: Uint8Array | undefined;
    try {
      if (encrypted instanceof Uint8Array) token = this.protocol.decrypt(secret, encrypted);
    } catch {
      token = undefined;
    }
    // CTAP 2.1 6.5.6: protocol one tokens are 16 or 32 bytes; 6.5.7: protocol two tokens are 32.
    const sizes = this.protocol.version === 1 ? [16, 32] : [32];
    if (!token || !sizes.includes(token.length)) throw new WebAuthnError('UnknownError', 'the authenticator returned a malformed pinUvAuthToken');
    return { ok: true, value: { protocol: this.protocol, token } };
  }
}
