/**
 * CollectedClientData and its JSON serialization exactly as WebAuthn L3 5.8.1.1 prescribes
 * (the "limited verification algorithm" order: type, challenge, origin, crossOrigin, topOrigin).
 * @module
 */
import { createHash } from 'node:crypto';

/** Inputs for clientDataJSON. */
export interface ClientDataInput {
  type: 'webauthn.create' | 'webauthn.get';
  /** base64url challenge as given by the RP. */
  challenge: string;
  origin: string;
  /** The top-level origin when the call comes from a cross-origin iframe. */
  topOrigin?: string;
}

/**
 * Serialize clientDataJSON (WebAuthn L3 5.8.1.1): fixed member order, JSON string escaping,
 * `crossOrigin` always present, `topOrigin` only when cross-origin.
 * @returns the UTF-8 bytes and their SHA-256
 */
export function serializeClientData(input: ClientDataInput): { json: Uint8Array; hash: Uint8Array } {
  const crossOrigin = input.topOrigin !== undefined && input.topOrigin !== input.origin;
  let s = `{"type":${JSON.stringify(input.type)},"challenge":${JSON.stringify(input.challenge)},"origin":${JSON.stringify(input.origin)},"crossOrigin":${crossOrigin}`;
  if (crossOrigin) s += `,"topOrigin":${JSON.stringify(input.topOrigin)}`;
  s += '}';
  const json = new Uint8Array(Buffer.from(s, 'utf8'));
  return { json, hash: new Uint8Array(createHash('sha256').update(json).digest()) };
}
