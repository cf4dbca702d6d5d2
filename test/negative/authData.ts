/**
 * Test-only: authenticator data as editable parts (WebAuthn L3 6.1 "Authenticator Data", 6.5.1
 * "Attested Credential Data"), so a mutation can change one field and re-encode the rest unchanged.
 *
 * The flags byte is kept apart from the parts it announces: setting AT without attested data, or
 * adding extensions without ED, is a mutation like any other.
 * @module
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { decodeCbor, encodeCbor, parseAuthenticatorData } from '@vfido/core';

/** Flag bits of authenticator data (L3 6.1 `flags`, bit 0 least significant). */
export const Flag = {
  UP: 0x01,
  RFU1: 0x02,
  UV: 0x04,
  BE: 0x08,
  BS: 0x10,
  RFU2: 0x20,
  AT: 0x40,
  ED: 0x80,
} as const;

/** The name of each flag bit, for row names. */
export type FlagName = keyof typeof Flag;

/** Attested credential data (L3 6.5.1). */
export interface AttestedParts {
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  /** Written in place of `credentialId.length` when set (a lying length field). */
  credentialIdLength?: number;
  /** COSE_Key bytes. */
  publicKey: Uint8Array;
}

/** Authenticator data split into its fields. */
export interface AuthDataParts {
  rpIdHash: Uint8Array;
  flags: number;
  signCount: number;
  attested?: AttestedParts;
  /** Extension outputs, CBOR bytes (written whether or not ED is set). */
  extensions?: Uint8Array;
  /** Bytes appended after everything else. */
  trailing?: Uint8Array;
  /** Cut the encoding to this many bytes. */
  truncateTo?: number;
}

/** SHA-256 (hashes of RP IDs and of clientDataJSON). */
export const sha256 = (data: Uint8Array | string): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

/** Splits authenticator data the authenticator produced (it must be well formed). */
export function splitAuthData(bytes: Uint8Array): AuthDataParts {
  const parsed = parseAuthenticatorData(bytes);
  const parts: AuthDataParts = { rpIdHash: parsed.rpIdHash, flags: bytes[32] as number, signCount: parsed.signCount };
  const a = parsed.attestedCredentialData;
  if (a) parts.attested = { aaguid: a.aaguid, credentialId: a.credentialId, publicKey: a.credentialPublicKey };
  if (parsed.extensions) parts.extensions = encodeCbor(parsed.extensions);
  return parts;
}

/** Encodes the parts, in layout order. */
export function encodeAuthData(parts: AuthDataParts): Uint8Array {
  const head = new Uint8Array(37);
  head.set(parts.rpIdHash.subarray(0, 32));
  head[32] = parts.flags & 0xff;
  new DataView(head.buffer).setUint32(33, parts.signCount >>> 0);
  const chunks: Uint8Array[] = [head];
  const a = parts.attested;
  if (a) {
    const len = new Uint8Array(2);
    new DataView(len.buffer).setUint16(0, a.credentialIdLength ?? a.credentialId.length);
    chunks.push(a.aaguid, len, a.credentialId, a.publicKey);
  }
  if (parts.extensions) chunks.push(parts.extensions);
  if (parts.trailing) chunks.push(parts.trailing);
  const out = new Uint8Array(Buffer.concat(chunks));
  return parts.truncateTo === undefined ? out : out.slice(0, parts.truncateTo);
}

/** Deep copy, so a mutation never touches the base. */
export function cloneParts(parts: AuthDataParts): AuthDataParts {
  const copy: AuthDataParts = { ...parts, rpIdHash: parts.rpIdHash.slice() };
  if (parts.attested) {
    copy.attested = {
      ...parts.attested,
      aaguid: parts.attested.aaguid.slice(),
      credentialId: parts.attested.credentialId.slice(),
      publicKey: parts.attested.publicKey.slice(),
    };
  }
  if (parts.extensions) copy.extensions = parts.extensions.slice();
  if (parts.trailing) copy.trailing = parts.trailing.slice();
  return copy;
}

/** A COSE_Key as a mutable map (labels are integers). */
export type CoseMap = Map<number, unknown>;

/** Decodes the attested credential public key, lets `edit` change it, and re-encodes it (CTAP2 canonical CBOR). */
export function editCoseKey(parts: AuthDataParts, edit: (key: CoseMap) => void): void {
  const a = parts.attested;
  if (!a) throw new Error('no attested credential data to edit');
  const key = decodeCbor(a.publicKey) as unknown as CoseMap;
  edit(key);
  a.publicKey = encodeCbor(key as never);
}

/** Flips one bit of a copy of `bytes` (byte `index`, counted from the end when negative). */
export function flipBit(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = bytes.slice();
  const i = index < 0 ? out.length + index : index;
  out[i] = (out[i] as number) ^ mask;
  return out;
}

/** The COSE_Key (EC2 or OKP, L3 6.5.1.1) of a node:crypto public key, CTAP2 canonical CBOR. */
export function coseKeyOf(publicKey: KeyObject, alg: number): Uint8Array {
  // From a DER copy: a JWK export of a key a generation job made can deadlock Node 20 (README Performance notes).
  const jwk = createPublicKey({ key: publicKey.export({ format: 'der', type: 'spki' }), format: 'der', type: 'spki' }).export({ format: 'jwk' });
  const b = (v: string | undefined): Uint8Array => new Uint8Array(Buffer.from(v ?? '', 'base64url'));
  const crv: Record<string, number> = { 'P-256': 1, 'P-384': 2, 'P-521': 3, Ed25519: 6 };
  const key: CoseMap =
    jwk.kty === 'OKP'
      ? new Map<number, unknown>([[1, 1], [3, alg], [-1, crv[jwk.crv ?? ''] ?? 0], [-2, b(jwk.x)]])
      : new Map<number, unknown>([[1, 2], [3, alg], [-1, crv[jwk.crv ?? ''] ?? 0], [-2, b(jwk.x)], [-3, b(jwk.y)]]);
  return encodeCbor(key as never);
}
