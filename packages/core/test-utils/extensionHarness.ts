/**
 * Test-only: drive makeCredential / getAssertion through the real dispatcher on an authenticator
 * state the test can see into (its key-agreement key and credential store), and play the
 * platform half of the PIN/UV auth protocols (encapsulate, encrypt, authenticate) for
 * hmac-secret inputs. Used by the CTAP 2.1 section 12 extension tests.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { decodeCbor, encodeCbor, type CborMap, type CborValue } from '../src/cbor/index.js';
import { parseAuthenticatorData, type ParsedAuthenticatorData } from '../src/authData/index.js';
import type { AuthenticatorState } from '../src/ctap2/command.js';
import { runCtap2 } from '../src/ctap2/dispatch.js';
import { powerUpPinUvRuntime } from '../src/ctap2/pinUv/pinUvAuthToken.js';
import { pinUvAuthProtocol, type PinUvAuthProtocolVersion } from '../src/pin/pinUvAuthProtocol.js';
import { getPreset } from '../src/presets/index.js';
import type { Preset } from '../src/presets/types.js';
import { MemoryCredentialStore } from '../src/store/memoryStore.js';
import type { StoredCredential } from '../src/store/types.js';
import { ScriptedUser } from '../src/user/scriptedUser.js';

/** A fresh authenticator state, as VirtualAuthenticator builds it, for a preset id or object. */
export function harnessState(preset: string | Preset, seed?: string): AuthenticatorState {
  const p = typeof preset === 'string' ? getPreset(preset) : preset;
  return {
    preset: p,
    aaguid: new Uint8Array(Buffer.from(p.aaguid.replace(/-/g, ''), 'hex')),
    store: new MemoryCredentialStore(),
    user: new ScriptedUser(),
    seed,
    keys: new WeakMap(),
    poweredUpAt: Date.now(),
    pending: undefined,
    pinUv: powerUpPinUvRuntime(),
  };
}

/** A preset with a changed getInfo (e.g. other extensions or PIN/UV protocols). */
export function withGetInfo(id: string, patch: Partial<Preset['getInfo']>): Preset {
  const p = getPreset(id);
  return { ...p, getInfo: { ...p.getInfo, ...patch } };
}

/** Outcome of one command: status, decoded body, and the error message on failure. */
export interface HarnessOutcome {
  status: number;
  body: CborMap | undefined;
  message: string | undefined;
}

/** Send one command through the dispatcher (CBOR encoded and decoded like the wire). */
export async function send(state: AuthenticatorState, command: number, params: Map<number, CborValue>): Promise<HarnessOutcome> {
  const out = await runCtap2(state, Uint8Array.of(command, ...encodeCbor(params)));
  return {
    status: out.status,
    body: out.body.length > 0 ? (decodeCbor(out.body) as CborMap) : undefined,
    message: out.error?.message,
  };
}

/** A makeCredential outcome with the parsed authData and the stored record. */
export interface MadeCredential extends HarnessOutcome {
  authData: ParsedAuthenticatorData | undefined;
  credential: StoredCredential | undefined;
}

/** makeCredential with the given extensions map (ES256). */
export async function makeWith(
  state: AuthenticatorState,
  extensions: Map<string, CborValue> | undefined,
  opts: { rpId?: string; userId?: number; rk?: boolean; uv?: boolean; exclude?: Uint8Array[] } = {},
): Promise<MadeCredential> {
  const options = new Map<string, boolean>();
  if (opts.rk) options.set('rk', true);
  if (opts.uv) options.set('uv', true);
  const params = new Map<number, CborValue>([
    [1, new Uint8Array(randomBytes(32))],
    [2, new Map([['id', opts.rpId ?? 'example.com']])],
    [3, new Map<string, CborValue>([['id', Uint8Array.of(opts.userId ?? 1)], ['name', 'ada']])],
    [4, [new Map<string, CborValue>([['alg', -7], ['type', 'public-key']])]],
  ]);
  if (opts.exclude) params.set(5, opts.exclude.map((id) => new Map<string, CborValue>([['id', id], ['type', 'public-key']])));
  if (extensions) params.set(6, extensions);
  if (options.size > 0) params.set(7, options);
  const out = await send(state, 0x01, params);
  const authData = out.body ? parseAuthenticatorData(out.body.get(2) as Uint8Array) : undefined;
  const id = authData?.attestedCredentialData?.credentialId;
  return { ...out, authData, credential: id ? state.store.get(id) : undefined };
}

/** A getAssertion outcome with the parsed authData. */
export interface Assertion extends HarnessOutcome {
  authData: ParsedAuthenticatorData | undefined;
}

/** getAssertion with the given extensions map; allowList of ids when given. */
export async function assertWith(
  state: AuthenticatorState,
  extensions: Map<string, CborValue> | undefined,
  opts: { rpId?: string; allow?: Uint8Array[]; uv?: boolean; up?: boolean } = {},
): Promise<Assertion> {
  const params = new Map<number, CborValue>([[1, opts.rpId ?? 'example.com'], [2, new Uint8Array(randomBytes(32))]]);
  if (opts.allow) params.set(3, opts.allow.map((id) => new Map<string, CborValue>([['id', id], ['type', 'public-key']])));
  if (extensions) params.set(4, extensions);
  const options = new Map<string, boolean>();
  if (opts.uv) options.set('uv', true);
  if (opts.up === false) options.set('up', false);
  if (options.size > 0) params.set(5, options);
  const out = await send(state, 0x02, params);
  return { ...out, authData: out.body ? parseAuthenticatorData(out.body.get(2) as Uint8Array) : undefined };
}

/** The platform half of a hmac-secret exchange under one PIN/UV auth protocol. */
export interface HmacPlatform {
  /** The input map for salts (`{1: keyAgreement, 2: saltEnc, 3: saltAuth, 4: protocol}`). */
  input(salts: Uint8Array, options?: { omitProtocol?: boolean; saltAuth?: (mac: Uint8Array) => Uint8Array }): CborMap;
  /** Decrypt an hmac-secret output. */
  decrypt(output: Uint8Array): Uint8Array;
  /** The shared secret (for hand-made inputs). */
  sharedSecret: Uint8Array;
  /** The platform's key-agreement COSE_Key. */
  keyAgreement: CborMap;
}

/** Encapsulate against the state's key-agreement key, as a platform would after getKeyAgreement. */
export function hmacPlatform(state: AuthenticatorState, version: PinUvAuthProtocolVersion): HmacPlatform {
  const protocol = pinUvAuthProtocol(version);
  const { coseKey, sharedSecret } = protocol.encapsulate(state.pinUv.keyAgreement.coseKey);
  return {
    sharedSecret,
    keyAgreement: coseKey,
    input(salts, options = {}) {
      const saltEnc = protocol.encrypt(sharedSecret, salts);
      const mac = protocol.authenticate(sharedSecret, saltEnc);
      const m: CborMap = new Map<number, CborValue>([[1, coseKey], [2, saltEnc], [3, options.saltAuth ? options.saltAuth(mac) : mac]]);
      if (!options.omitProtocol) m.set(4, version);
      return m;
    },
    decrypt: (output) => protocol.decrypt(sharedSecret, output),
  };
}
