/**
 * The virtual authenticator: a CTAP2 device that behaves like a chosen real model (preset).
 * @module
 */
import { getPreset } from './presets/index.js';
import type { Preset } from './presets/types.js';
import { attestationRootsPem } from './ca/testCa.js';
import type { CredentialStore, StoredCredential } from './store/types.js';
import { MemoryCredentialStore } from './store/memoryStore.js';
import { ScriptedUser } from './user/scriptedUser.js';
import type { AuthenticatorState, CallOptions } from './ctap2/command.js';
import { dispatchCtap2, runCtap2, type Ctap2Outcome } from './ctap2/dispatch.js';
import { powerUpPinUvRuntime } from './ctap2/pinUv/pinUvAuthToken.js';
import { setMinPinLengthDirectly, setPinDirectly } from './ctap2/pinUv/directPin.js';
import type { MinPinLengthRequest } from './ctap2/commands/config.js';
import { readDeviceSettings } from './ctap2/pinUv/deviceSettings.js';
import { handleCtap1, runCtap1, type Ctap1Outcome } from './ctap1/dispatch.js';
import { credentialFromJSON, credentialToJSON, CredentialStoreError, type StoredCredentialJSON } from './store/serialize.js';
import {
  fromCdpCredential,
  fromPlaywrightCredential,
  toCdpCredential,
  toPlaywrightCredential,
  type CdpCredential,
  type PlaywrightCredential,
} from './store/interchange.js';

/** Credential shapes {@link VirtualAuthenticator.addCredential} accepts. */
export type ImportableCredential = StoredCredential | StoredCredentialJSON | CdpCredential | PlaywrightCredential;

/** Export formats of {@link VirtualAuthenticator.exportCredentials}. */
export interface ExportedCredentials {
  vfido: StoredCredentialJSON;
  cdp: CdpCredential;
  playwright: PlaywrightCredential;
}

function toStored(input: ImportableCredential, rpId?: string): StoredCredential {
  if (typeof input !== 'object' || input === null) throw new CredentialStoreError('ERR_CREDENTIAL_INVALID', 'credential must be an object');
  if ('credentialId' in input) return fromCdpCredential(input, rpId);
  if (input.privateKey instanceof Uint8Array) return credentialFromJSON(credentialToJSON(input as StoredCredential));
  if ('publicKey' in input && !('alg' in input)) return fromPlaywrightCredential(input);
  return credentialFromJSON(input);
}

/** Options for {@link VirtualAuthenticator}. */
export interface VirtualAuthenticatorOptions {
  /** Preset id from `aaguids.json` (e.g. `yubikey-5-nfc`) or a full preset object. Default `generic`. */
  preset?: string | Preset;
  /** Makes credential ids, keys and attestation certificates reproducible. */
  seed?: string;
  /** Where credentials live. Default: a fresh in-memory store. */
  store?: CredentialStore;
  /** The scripted user. Default: one who accepts every prompt. */
  user?: ScriptedUser;
}

/**
 * A software CTAP 2.1 authenticator emulating a real model.
 * @example
 * const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'ci' });
 * const response = await authenticator.handle(Uint8Array.of(0x04)); // authenticatorGetInfo
 */
export class VirtualAuthenticator {
  /** The emulated model. */
  readonly preset: Preset;
  /** The preset's AAGUID (UUID string). */
  readonly aaguid: string;
  /** The credential store. */
  readonly store: CredentialStore;
  /** The scripted user answering presence/verification prompts. */
  readonly user: ScriptedUser;
  /** The reproducibility seed, if any. */
  readonly seed: string | undefined;
  readonly #state: AuthenticatorState;
  /** Settles when the last accepted request has finished; each new request starts after it. */
  #queue: Promise<unknown> = Promise.resolve();

  /**
   * @param options - preset, seed, store, user
   * @throws PresetError `ERR_UNKNOWN_PRESET` with the closest preset ids
   */
  constructor(options: VirtualAuthenticatorOptions = {}) {
    this.preset = typeof options.preset === 'object' ? options.preset : getPreset(options.preset ?? 'generic');
    this.aaguid = this.preset.aaguid;
    this.store = options.store ?? new MemoryCredentialStore();
    this.user = options.user ?? new ScriptedUser();
    this.seed = options.seed;
    this.#state = {
      preset: this.preset,
      aaguid: new Uint8Array(Buffer.from(this.preset.aaguid.replace(/-/g, ''), 'hex')),
      store: this.store,
      user: this.user,
      seed: options.seed,
      keys: new WeakMap(),
      poweredUpAt: Date.now(),
      pending: undefined,
      pinUv: powerUpPinUvRuntime(),
    };
  }

  /**
   * Process a CTAP2 request: command byte + CBOR in, status byte + CBOR out (CTAP 2.1 section 6).
   * Requests are processed one at a time, in arrival order, as on a real device.
   * @param request - e.g. `[0x01, ...cbor]` for authenticatorMakeCredential
   * @param options - `{ via: 'hybrid' }` for a cross-device ceremony
   */
  handle(request: Uint8Array, options: CallOptions = {}): Promise<Uint8Array> {
    return this.#serial(() => dispatchCtap2(this.#state, request, options));
  }

  /** Like {@link VirtualAuthenticator.handle} but returns the typed error with its message too. */
  request(request: Uint8Array, options: CallOptions = {}): Promise<Ctap2Outcome> {
    return this.#serial(() => runCtap2(this.#state, request, options));
  }

  /**
   * Process a CTAP1/U2F request (what CTAPHID_MSG carries, CTAP 2.1 11.2.9.1.1): a command APDU in,
   * response data || SW1 SW2 out. Presets whose getInfo.versions lacks `U2F_V2` answer every
   * instruction with SW_INS_NOT_SUPPORTED (0x6D00). Queued with {@link VirtualAuthenticator.handle}.
   * @param apdu - e.g. `00 03 00 00` for U2F_VERSION (short or extended length)
   */
  handleU2f(apdu: Uint8Array): Promise<Uint8Array> {
    return this.#serial(() => handleCtap1(this.#state, apdu));
  }

  /** Like {@link VirtualAuthenticator.handleU2f} but returns the status word and typed error separately. */
  requestU2f(apdu: Uint8Array): Promise<Ctap1Outcome> {
    return this.#serial(() => runCtap1(this.#state, apdu));
  }

  /**
   * PEM root certificates a verifier must trust for this preset's attestation (vfido test roots);
   * empty for presets that never attest with a certificate (none, self).
   */
  async attestationRoots(): Promise<string[]> {
    const { type } = this.preset.attestation;
    if (type === 'none' || type === 'self') return [];
    return attestationRootsPem(this.preset.vendor, this.seed);
  }

  /**
   * Simulate unplugging and plugging the authenticator back in: reopens the reset window, drops
   * pending state, regenerates the key-agreement key and pinUvAuthToken and clears the
   * consecutive-PIN-failure block (CTAP 2.1 6.5.2). Credentials, PIN and retry counters persist.
   */
  powerCycle(): void {
    this.#state.poweredUpAt = Date.now();
    this.#state.pending = undefined;
    this.#state.pinUv = powerUpPinUvRuntime();
  }

  /**
   * Set the client PIN directly, as a platform would with authenticatorClientPIN setPIN (or
   * changePIN when one is set), without the key-agreement exchange: same PIN policy (the current
   * minimum length in code points, at most 63 bytes of UTF-8, NFC-normalized), full retries, and
   * forcePINChange cleared. Stored in the credential store, like every PIN/UV setting.
   * @param pin - the new PIN
   * @throws PinError `ERR_PIN_UNSUPPORTED` (the preset has no clientPin), `ERR_PIN_POLICY` (too short or too long)
   * @example
   * const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
   * authenticator.setPin('123456'); // getInfo now reports clientPin: true
   */
  setPin(pin: string): void {
    setPinDirectly(this.#state, pin);
  }

  /**
   * Set the PIN policy as authenticatorConfig setMinPINLength does (CTAP 2.1 6.11.4), without the
   * pinUvAuthToken a platform needs: a higher minimum PIN length, a forced PIN change, and the RP IDs
   * the minPinLength extension (CTAP 2.1 12.4) reports the minimum to. Only RP IDs named here get a
   * `minPinLength` output, as on a real key; the list replaces the previous one.
   * @param request - `minPinLength` (never lower than now), `rpIds` (at most the preset's
   *   maxRPIDsForSetMinPINLength), `forceChangePin`
   * @throws PinError `ERR_PIN_UNSUPPORTED` (no setMinPINLength option), `ERR_PIN_POLICY`, `ERR_PIN_NOT_SET`,
   *   `ERR_MIN_PIN_LENGTH_RPIDS`
   * @example
   * const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
   * authenticator.setMinPinLength({ rpIds: ['example.com'] }); // example.com's create() gets minPinLength
   */
  setMinPinLength(request: MinPinLengthRequest): void {
    setMinPinLengthDirectly(this.#state, request);
  }

  /** PIN retries left before the PIN blocks (CTAP 2.1 6.5.2.2: 8 at most; 0 means blocked until reset). */
  get pinRetries(): number {
    return readDeviceSettings(this.#state).pinRetries;
  }

  /** Built-in user verification retries left (CTAP 2.1 6.5.5.3 getUVRetries). */
  get uvRetries(): number {
    return readDeviceSettings(this.#state).uvRetries;
  }

  /**
   * Add (or replace, same id) a credential: a vfido record or its JSON, Chromium's CDP
   * `WebAuthn.Credential`, or Playwright's `context.credentials` shape.
   * @param credential - the credential to import
   * @param rpId - RP ID for CDP credentials that carry none
   * @throws CredentialStoreError `ERR_CREDENTIAL_INVALID` naming the bad field
   */
  addCredential(credential: ImportableCredential, rpId?: string): StoredCredential {
    const stored = toStored(credential, rpId);
    stored.preset ??= this.preset.id;
    this.store.put(stored);
    return stored;
  }

  /** Remove a credential by id (bytes or base64url); true when it existed. */
  removeCredential(id: Uint8Array | string): boolean {
    return this.store.delete(typeof id === 'string' ? new Uint8Array(Buffer.from(id, 'base64url')) : id);
  }

  /** Every credential in the chosen interchange shape (private keys included: keep the output secret). */
  exportCredentials<F extends keyof ExportedCredentials>(format: F): ExportedCredentials[F][] {
    const convert = { vfido: credentialToJSON, cdp: toCdpCredential, playwright: toPlaywrightCredential }[format] as (c: StoredCredential) => ExportedCredentials[F];
    return this.store.list().map(convert);
  }

  /** The credentials this authenticator holds, newest first. */
  credentials(filter?: { rpId?: string }): StoredCredential[] {
    return this.store.list(filter);
  }

  /** Run `work` after every earlier request has finished: one at a time, in arrival order. */
  #serial<T>(work: () => T | Promise<T>): Promise<T> {
    // `work` (dispatchCtap2/runCtap2) never rejects, so `next` itself can be the queue's tail;
    // should it ever reject, the next request still runs (`then(work, work)`).
    const next = this.#queue.then(work, work);
    this.#queue = next;
    return next;
  }
}
