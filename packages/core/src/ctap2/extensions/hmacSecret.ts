/**
 * HMAC Secret (hmac-secret), CTAP 2.1 section 12.5: two per-credential 32-byte secrets,
 * CredRandomWithUV and CredRandomWithoutUV, made at makeCredential; at getAssertion the platform
 * sends one or two 32-byte salts encrypted under a PIN/UV auth protocol shared secret (key
 * agreement with the authenticator's clientPIN key) and gets back
 * encrypt(HMAC-SHA-256(CredRandom, salt1) [|| HMAC-SHA-256(CredRandom, salt2)]).
 * @module
 */
import { createHmac } from 'node:crypto';
import type { CborMap, CborValue } from '../../cbor/types.js';
import { deriveBytes } from '../../crypto/seed.js';
import { pinUvAuthProtocol, type PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import type { StoredCredential } from '../../store/types.js';
import type { AuthenticatorState } from '../command.js';
import { boolParam, bytesParam, intParam, isMap, mapParam } from '../params.js';
import { CtapError, CtapStatus } from '../status.js';

/** Extension identifier (CTAP 2.1 12.5). */
export const HMAC_SECRET = 'hmac-secret';

/** Length of each CredRandom and of each salt (CTAP 2.1 12.5). */
export const HMAC_SECRET_SALT_LENGTH = 32;

/** The two CredRandoms of a credential (as stored in {@link StoredCredential.hmacSecret}). */
export type CredRandoms = NonNullable<StoredCredential['hmacSecret']>;

/** Keys of the hmac-secret getAssertion input map (CTAP 2.1 12.5). */
export const HmacSecretInputKey = { keyAgreement: 0x01, saltEnc: 0x02, saltAuth: 0x03, pinUvAuthProtocol: 0x04 } as const;

/** A parsed hmac-secret (or hmac-secret-mc) salt input. */
export interface HmacSecretSaltInput {
  /** The platform's key-agreement COSE_Key. */
  keyAgreement: CborMap;
  /** encrypt(sharedSecret, salt1 [|| salt2]). */
  saltEnc: Uint8Array;
  /** authenticate(sharedSecret, saltEnc). */
  saltAuth: Uint8Array;
  /** PIN/UV auth protocol the platform used, when it said (absent means 1). */
  pinUvAuthProtocol: number | undefined;
}

const b64u = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');

/**
 * Whether makeCredential asks for hmac-secret (`"hmac-secret": true`). `false` asks for nothing.
 * @throws CtapError CTAP2_ERR_CBOR_UNEXPECTED_TYPE when the input is not a boolean
 */
export function hmacSecretRequested(extensions: CborMap): boolean {
  return boolParam(extensions, HMAC_SECRET, `extensions.${HMAC_SECRET}`) === true;
}

/**
 * Fresh CredRandomWithUV / CredRandomWithoutUV for a new credential: random, or derived from the
 * authenticator seed and the (itself seed-derived) credential id, so seeded runs reproduce them.
 */
export function newCredRandoms(state: Pick<AuthenticatorState, 'seed' | 'preset'>, credentialId: Uint8Array): CredRandoms {
  const label = `hmac-secret/${state.preset.id}/${b64u(credentialId)}`;
  return {
    withUv: deriveBytes(state.seed, `${label}/with-uv`, HMAC_SECRET_SALT_LENGTH),
    withoutUv: deriveBytes(state.seed, `${label}/without-uv`, HMAC_SECRET_SALT_LENGTH),
  };
}

/**
 * Parse a salt input map `{1: keyAgreement, 2: saltEnc, 3: saltAuth, 4?: pinUvAuthProtocol}`.
 * @param value - the extension's input value
 * @param name - where it came from, for messages (e.g. `extensions.hmac-secret`)
 * @throws CtapError CTAP2_ERR_CBOR_UNEXPECTED_TYPE for wrong types, CTAP2_ERR_MISSING_PARAMETER
 *   when keyAgreement, saltEnc or saltAuth is absent
 */
export function parseSaltInput(value: CborValue, name: string): HmacSecretSaltInput {
  if (!isMap(value)) throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, `${name} must be a map`);
  const K = HmacSecretInputKey;
  return {
    keyAgreement: mapParam(value, K.keyAgreement, `${name} keyAgreement (0x01)`, true),
    saltEnc: bytesParam(value, K.saltEnc, `${name} saltEnc (0x02)`, true),
    saltAuth: bytesParam(value, K.saltAuth, `${name} saltAuth (0x03)`, true),
    pinUvAuthProtocol: intParam(value, K.pinUvAuthProtocol, `${name} pinUvAuthProtocol (0x04)`),
  };
}

/** PIN/UV auth protocols the emulated model speaks: its getInfo list, or both when it lists none. */
function supportedProtocols(state: Pick<AuthenticatorState, 'preset'>): readonly number[] {
  return state.preset.getInfo.pinUvAuthProtocols ?? [1, 2];
}

/**
 * The protocol named by the input (CTAP 2.1 12.5: absent means 1).
 * @throws CtapError CTAP2_ERR_PIN_AUTH_INVALID when absent and the model lacks protocol 1,
 *   CTAP1_ERR_INVALID_PARAMETER for a protocol the model does not support
 */
function protocolOf(state: Pick<AuthenticatorState, 'preset'>, input: HmacSecretSaltInput, name: string): PinUvAuthProtocol {
  const supported = supportedProtocols(state);
  if (input.pinUvAuthProtocol === undefined) {
    if (!supported.includes(1)) {
      throw new CtapError(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID, `${name} has no pinUvAuthProtocol and ${state.preset.id} does not support protocol 1: send 0x04`);
    }
    return pinUvAuthProtocol(1);
  }
  if (!supported.includes(input.pinUvAuthProtocol)) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, `${name} pinUvAuthProtocol ${input.pinUvAuthProtocol} is not supported by ${state.preset.id} (supports ${supported.join(', ')})`);
  }
  return pinUvAuthProtocol(input.pinUvAuthProtocol);
}

/**
 * The encrypted hmac-secret output for one credential (CTAP 2.1 12.5 authenticator processing,
 * after the "up" check): decapsulate the platform's key, verify saltAuth, decrypt the salts,
 * HMAC them with `credRandom`, encrypt the result with the same shared secret.
 * @param state - supplies the authenticator's key-agreement key and the supported protocols
 * @param input - the parsed salt input
 * @param credRandom - CredRandomWithUV or CredRandomWithoutUV, by the response's uv bit
 * @param name - extension name for messages
 * @throws CtapError CTAP1_ERR_INVALID_PARAMETER (protocol, keyAgreement, salt length),
 *   CTAP2_ERR_PIN_AUTH_INVALID (saltAuth does not verify)
 */
export function evaluateSalts(
  state: Pick<AuthenticatorState, 'preset' | 'pinUv'>,
  input: HmacSecretSaltInput,
  credRandom: Uint8Array,
  name: string,
): Uint8Array {
  const protocol = protocolOf(state, input, name);
  const sharedSecret = protocol.decapsulate(state.pinUv.keyAgreement, input.keyAgreement);
  if (!protocol.verify(sharedSecret, input.saltEnc, input.saltAuth)) {
    throw new CtapError(
      CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID,
      `${name} saltAuth does not verify: MAC saltEnc with the shared secret from the current getKeyAgreement key`,
    );
  }
  let salts: Uint8Array;
  try {
    salts = protocol.decrypt(sharedSecret, input.saltEnc);
  } catch (cause) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, `${name} saltEnc does not decrypt`, { cause });
  }
  const L = HMAC_SECRET_SALT_LENGTH;
  if (salts.length !== L && salts.length !== 2 * L) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, `${name} salts must be 32 or 64 bytes once decrypted, got ${salts.length}`);
  }
  const output = Buffer.alloc(salts.length);
  for (let i = 0; i < salts.length; i += L) {
    createHmac('sha256', credRandom).update(salts.subarray(i, i + L)).digest().copy(output, i);
  }
  return protocol.encrypt(sharedSecret, output);
}

/**
 * The hmac-secret getAssertion output for `credential`, or undefined when the request has no
 * hmac-secret input or the credential was made without hmac-secret (it has no CredRandom).
 * @throws CtapError CTAP2_ERR_UNSUPPORTED_OPTION when "up" is false (CTAP 2.1 12.5), and the
 *   errors of {@link parseSaltInput} / {@link evaluateSalts}
 */
export function hmacSecretAssertion(
  state: Pick<AuthenticatorState, 'preset' | 'pinUv'>,
  extensions: CborMap,
  credential: Pick<StoredCredential, 'hmacSecret'>,
  ctx: { uv: boolean; up: boolean },
): Uint8Array | undefined {
  const value = extensions.get(HMAC_SECRET);
  if (value === undefined) return undefined;
  const name = `extensions.${HMAC_SECRET}`;
  const input = parseSaltInput(value, name);
  if (!ctx.up) throw new CtapError(CtapStatus.CTAP2_ERR_UNSUPPORTED_OPTION, `${HMAC_SECRET} needs user presence: do not send options.up=false with it`);
  const randoms = credential.hmacSecret;
  if (!randoms) return undefined;
  // CTAP 2.1 12.5: the uv bit of the response picks CredRandomWithUV or CredRandomWithoutUV.
  return evaluateSalts(state, input, ctx.uv ? randoms.withUv : randoms.withoutUv, name);
}
