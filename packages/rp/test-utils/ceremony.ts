/**
 * Test-only builders for WebAuthn responses (client data L3 5.8.1, authenticator data 6.1, attestation object
 * 6.5.4, assertion signature 6.3.3), so each test can break exactly one field.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../src/index.js';
import { encodeCbor } from './cbor.js';
import { coseKey, generateKey, signWith, type TestKey } from './keys.js';

export const RP_ID = 'example.com';
export const ORIGIN = 'https://example.com';
export const CHALLENGE = 'Y2hhbGxlbmdlLWZvci10ZXN0cw';
/** An AAGUID for crafted authenticators. */
export const AAGUID = new Uint8Array(Buffer.from('a0b1c2d3e4f5061728394a5b6c7d8e9f', 'hex'));

export const Flag = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40, ED: 0x80 } as const;

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/** SHA-256 helper for tests. */
export function sha256(...parts: (Uint8Array | string)[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** clientDataJSON bytes; `extra` members are merged (set one to `undefined` to drop it). */
export function clientDataJSON(type: string, extra: Record<string, unknown> = {}): Uint8Array {
  const data = { type, challenge: CHALLENGE, origin: ORIGIN, crossOrigin: false, ...extra };
  return new TextEncoder().encode(JSON.stringify(data));
}

/** Fields of authenticator data. */
export interface AuthDataParts {
  rpId?: string;
  flags: number;
  signCount?: number;
  attested?: { aaguid?: Uint8Array; credentialId: Uint8Array; publicKey: Uint8Array };
  extensions?: Map<string, unknown>;
  /** Bytes appended after everything (to test trailing-data rejection). */
  trailing?: Uint8Array;
}

/** Builds authenticator data. */
export function authenticatorData(p: AuthDataParts): Uint8Array {
  const head = new Uint8Array(37);
  head.set(sha256(p.rpId ?? RP_ID), 0);
  head[32] = p.flags;
  new DataView(head.buffer).setUint32(33, p.signCount ?? 0);
  const parts: Uint8Array[] = [head];
  if (p.attested) {
    const len = new Uint8Array(2);
    new DataView(len.buffer).setUint16(0, p.attested.credentialId.byteLength);
    parts.push(p.attested.aaguid ?? AAGUID, len, p.attested.credentialId, p.attested.publicKey);
  }
  if (p.extensions) parts.push(encodeCbor(p.extensions));
  if (p.trailing) parts.push(p.trailing);
  return new Uint8Array(Buffer.concat(parts));
}

/** Everything a crafted registration is made of, returned so tests can re-sign variants. */
export interface CraftedRegistration {
  response: RegistrationResponseJSON;
  key: TestKey;
  credentialId: Uint8Array;
  authData: Uint8Array;
  clientDataJSON: Uint8Array;
}

/** Options of {@link craftRegistration}. */
export interface RegistrationOptions {
  alg?: number;
  key?: TestKey;
  flags?: number;
  signCount?: number;
  rpId?: string;
  credentialId?: Uint8Array;
  aaguid?: Uint8Array;
  /** Override the credential public key bytes. */
  publicKey?: Uint8Array;
  clientData?: Record<string, unknown>;
  /** Raw clientDataJSON bytes (wins over `clientData`). */
  rawClientData?: Uint8Array;
  extensions?: Map<string, unknown>;
  /** Override the whole authenticator data. */
  authData?: Uint8Array;
  /** Build the attestation statement: default packed self attestation. */
  attest?: (authData: Uint8Array, clientDataHash: Uint8Array, key: TestKey) => { fmt: string; attStmt: Map<string, unknown> };
  /** Override fields of the JSON response. */
  json?: (r: RegistrationResponseJSON) => void;
}

/** Packed self attestation: the credential key signs authData || clientDataHash. */
export function packedSelf(authData: Uint8Array, clientDataHash: Uint8Array, key: TestKey): { fmt: string; attStmt: Map<string, unknown> } {
  const sig = signWith(key, Buffer.concat([authData, clientDataHash]));
  return { fmt: 'packed', attStmt: new Map<string, unknown>([['alg', key.alg], ['sig', sig]]) };
}

/** A complete registration response (packed self attestation unless `attest` says otherwise). */
export function craftRegistration(o: RegistrationOptions = {}): CraftedRegistration {
  const key = o.key ?? generateKey(o.alg ?? -7);
  const credentialId = o.credentialId ?? new Uint8Array(randomBytes(32));
  const cdj = o.rawClientData ?? clientDataJSON('webauthn.create', o.clientData);
  const authData =
    o.authData ??
    authenticatorData({
      rpId: o.rpId,
      flags: o.flags ?? Flag.UP | Flag.UV | Flag.AT | (o.extensions ? Flag.ED : 0),
      signCount: o.signCount,
      attested: { aaguid: o.aaguid, credentialId, publicKey: o.publicKey ?? coseKey(key) },
      extensions: o.extensions,
    });
  const { fmt, attStmt } = (o.attest ?? packedSelf)(authData, sha256(cdj), key);
  const attestationObject = encodeCbor(new Map<string, unknown>([['fmt', fmt], ['attStmt', attStmt], ['authData', authData]]));
  const response: RegistrationResponseJSON = {
    id: b64u(credentialId),
    rawId: b64u(credentialId),
    type: 'public-key',
    response: { clientDataJSON: b64u(cdj), attestationObject: b64u(attestationObject), transports: ['usb'] },
    clientExtensionResults: {},
  };
  o.json?.(response);
  return { response, key, credentialId, authData, clientDataJSON: cdj };
}

/** Options of {@link craftAssertion}. */
export interface AssertionOptions {
  key: TestKey;
  credentialId: Uint8Array;
  flags?: number;
  signCount?: number;
  rpId?: string;
  clientData?: Record<string, unknown>;
  rawClientData?: Uint8Array;
  extensions?: Map<string, unknown>;
  authData?: Uint8Array;
  /** Sign with this key instead (wrong-signature tests). */
  signer?: TestKey;
  userHandle?: Uint8Array;
  json?: (r: AuthenticationResponseJSON) => void;
}

/** A signed assertion response. */
export function craftAssertion(o: AssertionOptions): AuthenticationResponseJSON {
  const cdj = o.rawClientData ?? clientDataJSON('webauthn.get', o.clientData);
  const authData =
    o.authData ??
    authenticatorData({
      rpId: o.rpId,
      flags: o.flags ?? Flag.UP | Flag.UV | (o.extensions ? Flag.ED : 0),
      signCount: o.signCount ?? 1,
      extensions: o.extensions,
    });
  const signature = signWith(o.signer ?? o.key, Buffer.concat([authData, sha256(cdj)]));
  const response: AuthenticationResponseJSON = {
    id: b64u(o.credentialId),
    rawId: b64u(o.credentialId),
    type: 'public-key',
    response: {
      clientDataJSON: b64u(cdj),
      authenticatorData: b64u(authData),
      signature: b64u(signature),
      ...(o.userHandle ? { userHandle: b64u(o.userHandle) } : {}),
    },
    clientExtensionResults: {},
  };
  o.json?.(response);
  return response;
}
