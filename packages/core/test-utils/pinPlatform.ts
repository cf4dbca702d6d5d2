/**
 * Test-only: the platform half of authenticatorClientPIN (CTAP 2.1 6.5.5), built on vfido's own
 * PIN/UV auth protocol module (encapsulate / encrypt / authenticate), driving a VirtualAuthenticator
 * through its public `request()` so every failure keeps its CTAP status and message. Messages can
 * be bent (a wrong MAC, an unpadded PIN, a bad key) to reach each error path.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { decodeCbor, encodeCbor, type CborMap, type CborValue } from '../src/cbor/index.js';
import { parseAuthenticatorData, type ParsedAuthenticatorData } from '../src/authData/index.js';
import { pinUvAuthProtocol, type PinUvAuthProtocol, type PinUvAuthProtocolVersion } from '../src/pin/pinUvAuthProtocol.js';
import { getPreset } from '../src/presets/index.js';
import type { Preset } from '../src/presets/types.js';
import type { VirtualAuthenticator } from '../src/virtualAuthenticator.js';

/** Outcome of one command. */
export interface Outcome {
  status: number;
  body: CborMap | undefined;
  message: string | undefined;
}

/** Send one CTAP2 command, CBOR encoded and decoded like the wire. */
export async function send(a: VirtualAuthenticator, command: number, params?: Map<number, CborValue>): Promise<Outcome> {
  const out = await a.request(Uint8Array.of(command, ...(params ? encodeCbor(params) : [])));
  return { status: out.status, body: out.body.length > 0 ? (decodeCbor(out.body) as CborMap) : undefined, message: out.error?.message };
}

/** authenticatorClientPIN with a raw parameter map. */
export const clientPin = (a: VirtualAuthenticator, params: Record<number, CborValue | undefined>): Promise<Outcome> =>
  send(a, 0x06, new Map(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [Number(k), v as CborValue])));

/** LEFT(SHA-256(pin), 16). */
export const pinHashOf = (pin: string | Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(pin).digest().subarray(0, 16));

/** A PIN padded with zeros to `length` bytes (64 as CTAP 2.1 6.5.5.5 requires). */
export function padPin(pin: string | Uint8Array, length = 64): Uint8Array {
  const bytes = typeof pin === 'string' ? new TextEncoder().encode(pin) : pin;
  const out = new Uint8Array(length);
  out.set(bytes.subarray(0, length));
  return out;
}

/** One key agreement: the platform's COSE key and the shared secret. */
export interface Session {
  coseKey: CborMap;
  sharedSecret: Uint8Array;
  /** The authenticator's key-agreement public key this session was made with. */
  authenticatorKey: CborMap;
}

/** A platform speaking one PIN/UV auth protocol to one authenticator. */
export class PinPlatform {
  readonly protocol: PinUvAuthProtocol;

  constructor(
    readonly authenticator: VirtualAuthenticator,
    readonly version: PinUvAuthProtocolVersion = 2,
  ) {
    this.protocol = pinUvAuthProtocol(version);
  }

  /** getKeyAgreement (0x02) then encapsulate. */
  async session(): Promise<Session> {
    const out = await clientPin(this.authenticator, { 1: this.version, 2: 0x02 });
    if (out.status !== 0) throw new Error(`getKeyAgreement failed: ${out.message}`);
    const authenticatorKey = out.body!.get(1) as CborMap;
    return { ...this.protocol.encapsulate(authenticatorKey), authenticatorKey };
  }

  /** setPIN (0x03); `padded` replaces the zero-padded 64-byte PIN, `mac` the pinUvAuthParam. */
  async setPin(pin: string, bend: { padded?: Uint8Array; mac?: (m: Uint8Array) => Uint8Array; session?: Session } = {}): Promise<Outcome> {
    const s = bend.session ?? (await this.session());
    const newPinEnc = this.protocol.encrypt(s.sharedSecret, bend.padded ?? padPin(pin));
    const mac = bend.mac ? bend.mac(newPinEnc) : this.protocol.authenticate(s.sharedSecret, newPinEnc);
    return clientPin(this.authenticator, { 1: this.version, 2: 0x03, 3: s.coseKey, 4: mac, 5: newPinEnc });
  }

  /** changePIN (0x04). */
  async changePin(current: string, next: string, bend: { padded?: Uint8Array; mac?: Uint8Array; session?: Session } = {}): Promise<Outcome> {
    const s = bend.session ?? (await this.session());
    const pinHashEnc = this.protocol.encrypt(s.sharedSecret, pinHashOf(current));
    const newPinEnc = this.protocol.encrypt(s.sharedSecret, bend.padded ?? padPin(next));
    const mac = bend.mac ?? this.protocol.authenticate(s.sharedSecret, Buffer.concat([newPinEnc, pinHashEnc]));
    return clientPin(this.authenticator, { 1: this.version, 2: 0x04, 3: s.coseKey, 4: mac, 5: newPinEnc, 6: pinHashEnc });
  }

  /** getPinToken (0x05) when `permissions` is undefined, else getPinUvAuthTokenUsingPinWithPermissions (0x09). */
  async pinToken(pin: string, permissions?: number, rpId?: string, extra: Record<number, CborValue> = {}): Promise<Outcome & { token?: Uint8Array }> {
    const s = await this.session();
    const pinHashEnc = this.protocol.encrypt(s.sharedSecret, pinHashOf(pin));
    const out = await clientPin(this.authenticator, { 1: this.version, 2: permissions === undefined ? 0x05 : 0x09, 3: s.coseKey, 6: pinHashEnc, 9: permissions, 10: rpId, ...extra });
    return out.status === 0 ? { ...out, token: this.protocol.decrypt(s.sharedSecret, out.body!.get(2) as Uint8Array) } : out;
  }

  /** getPinUvAuthTokenUsingUvWithPermissions (0x06). */
  async uvToken(permissions: number, rpId?: string): Promise<Outcome & { token?: Uint8Array }> {
    const s = await this.session();
    const out = await clientPin(this.authenticator, { 1: this.version, 2: 0x06, 3: s.coseKey, 9: permissions, 10: rpId });
    return out.status === 0 ? { ...out, token: this.protocol.decrypt(s.sharedSecret, out.body!.get(2) as Uint8Array) } : out;
  }

  /** A token for `permissions` (0x09) or fail the test setup. */
  async token(pin: string, permissions: number, rpId?: string): Promise<Uint8Array> {
    const out = await this.pinToken(pin, permissions, rpId);
    if (!out.token) throw new Error(`no token: ${out.message}`);
    return out.token;
  }

  /** pinUvAuthParam for clientDataHash under `token`. */
  param(token: Uint8Array, clientDataHash: Uint8Array): Uint8Array {
    return this.protocol.authenticate(token, clientDataHash);
  }
}

/** getPINRetries: [pinRetries, powerCycleState]. */
export async function pinRetries(a: VirtualAuthenticator): Promise<[number, boolean | undefined]> {
  const out = await clientPin(a, { 2: 0x01 });
  if (out.status !== 0) throw new Error(`getPINRetries failed: ${out.message}`);
  return [out.body!.get(3) as number, out.body!.get(4) as boolean | undefined];
}

/** getUVRetries. */
export async function uvRetries(a: VirtualAuthenticator): Promise<number> {
  const out = await clientPin(a, { 2: 0x07 });
  if (out.status !== 0) throw new Error(`getUVRetries failed: ${out.message}`);
  return out.body!.get(5) as number;
}

/** The getInfo options map. */
export async function infoOptions(a: VirtualAuthenticator): Promise<Map<string, boolean>> {
  return (await send(a, 0x04)).body!.get(4) as Map<string, boolean>;
}

/** A random clientDataHash. */
export const cdh = (): Uint8Array => new Uint8Array(randomBytes(32));

/** makeCredential parameters for `rpId` and user `u`, with options and a pinUvAuthParam. */
export function mcParams(opts: { rpId?: string; user?: number; clientDataHash?: Uint8Array; options?: Record<string, boolean>; param?: Uint8Array; protocol?: number; exclude?: Uint8Array[] } = {}): Map<number, CborValue> {
  const m = new Map<number, CborValue>([
    [1, opts.clientDataHash ?? cdh()],
    [2, new Map([['id', opts.rpId ?? 'example.com'], ['name', 'Example']])],
    [3, new Map<string, CborValue>([['id', Uint8Array.of(opts.user ?? 1)], ['name', 'ada'], ['displayName', 'Ada']])],
    [4, [new Map<string, CborValue>([['alg', -7], ['type', 'public-key']])]],
  ]);
  if (opts.exclude) m.set(5, opts.exclude.map((id) => new Map<string, CborValue>([['id', id], ['type', 'public-key']])));
  if (opts.options) m.set(7, new Map(Object.entries(opts.options)));
  if (opts.param) m.set(8, opts.param);
  if (opts.protocol !== undefined) m.set(9, opts.protocol);
  return m;
}

/** getAssertion parameters. */
export function gaParams(opts: { rpId?: string; clientDataHash?: Uint8Array; allow?: Uint8Array[]; options?: Record<string, boolean>; param?: Uint8Array; protocol?: number } = {}): Map<number, CborValue> {
  const m = new Map<number, CborValue>([
    [1, opts.rpId ?? 'example.com'],
    [2, opts.clientDataHash ?? cdh()],
  ]);
  if (opts.allow) m.set(3, opts.allow.map((id) => new Map<string, CborValue>([['id', id], ['type', 'public-key']])));
  if (opts.options) m.set(5, new Map(Object.entries(opts.options)));
  if (opts.param) m.set(6, opts.param);
  if (opts.protocol !== undefined) m.set(7, opts.protocol);
  return m;
}

/** The authData flags of a makeCredential / getAssertion response. */
export function flagsOf(out: Outcome): ParsedAuthenticatorData['flags'] {
  return parseAuthenticatorData(out.body!.get(2) as Uint8Array).flags;
}

/** A preset with patched getInfo options. */
export function presetWithOptions(id: string, options: Record<string, boolean | undefined>, getInfo: Partial<Preset['getInfo']> = {}): Preset {
  const p = getPreset(id);
  const merged = { ...p.getInfo.options, ...options };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return { ...p, getInfo: { ...p.getInfo, ...getInfo, options: merged as Record<string, boolean> } };
}
