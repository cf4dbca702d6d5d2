/**
 * The JSON forms of `PublicKeyCredential` responses (WebAuthn L3 5.1 `toJSON()`: RegistrationResponseJSON,
 * AuthenticationResponseJSON) and their runtime validation (7.1 step 3, 7.2 step 3).
 * @module
 */
import { decodeBase64url, isBase64url } from './encoding/base64url.js';
import { VerificationError } from './errors.js';

/** `AuthenticatorAttestationResponseJSON` (L3 5.2.1). */
export interface AuthenticatorAttestationResponseJSON {
  clientDataJSON: string;
  attestationObject: string;
  authenticatorData?: string;
  transports?: string[];
  publicKeyAlgorithm?: number;
  publicKey?: string;
}

/** `RegistrationResponseJSON` (L3 5.1, `PublicKeyCredential.toJSON()` after create()). */
export interface RegistrationResponseJSON {
  id: string;
  rawId: string;
  type: string;
  response: AuthenticatorAttestationResponseJSON;
  authenticatorAttachment?: string | null;
  clientExtensionResults?: Record<string, unknown>;
}

/** `AuthenticatorAssertionResponseJSON` (L3 5.2.2). */
export interface AuthenticatorAssertionResponseJSON {
  clientDataJSON: string;
  authenticatorData: string;
  signature: string;
  userHandle?: string | null;
  attestationObject?: string;
}

/** `AuthenticationResponseJSON` (L3 5.1, `PublicKeyCredential.toJSON()` after get()). */
export interface AuthenticationResponseJSON {
  id: string;
  rawId: string;
  type: string;
  response: AuthenticatorAssertionResponseJSON;
  authenticatorAttachment?: string | null;
  clientExtensionResults?: Record<string, unknown>;
}

/** Longest base64url member accepted (2 MiB of text): real attestation objects are a few KiB. */
export const MAX_FIELD_LENGTH = 2 * 1024 * 1024;

const invalid = (message: string, cause?: unknown): VerificationError =>
  new VerificationError('ERR_INVALID_RESPONSE', message, cause === undefined ? undefined : { cause });

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Accepts a response object or its JSON text and checks the common `PublicKeyCredential` members.
 * @throws VerificationError ERR_INVALID_RESPONSE
 */
export function credentialObject(response: unknown): { credential: JsonObject; inner: JsonObject; rawId: Uint8Array } {
  let value = response;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (cause) {
      throw invalid('response is not valid JSON', cause);
    }
  }
  if (!isObject(value)) throw invalid('response must be a PublicKeyCredential JSON object');
  if (value.type !== 'public-key') throw invalid(`response.type must be 'public-key', got ${JSON.stringify(value.type)}`);
  if (typeof value.id !== 'string' || value.id.length === 0) throw invalid('response.id must be a non-empty base64url string');
  const rawId = base64urlField(value, 'rawId', 'response.rawId');
  if (!isBase64url(value.id)) throw invalid('response.id is not base64url');
  if (!isObject(value.response)) throw invalid('response.response must be an object');
  return { credential: value, inner: value.response, rawId };
}

/**
 * Decodes the base64url string member `key` of `obj`.
 * @throws VerificationError ERR_INVALID_RESPONSE when missing or not base64url
 */
export function base64urlField(obj: JsonObject, key: string, path: string): Uint8Array {
  const v = obj[key];
  if (typeof v !== 'string') throw invalid(`${path} must be a base64url string`);
  if (v.length > MAX_FIELD_LENGTH) throw invalid(`${path} is longer than ${MAX_FIELD_LENGTH} characters`);
  const bytes = decodeBase64url(v);
  if (!bytes) throw invalid(`${path} is not base64url`);
  return bytes;
}

/**
 * Reads `response.transports`: an optional array of strings.
 * @throws VerificationError ERR_INVALID_RESPONSE
 */
export function transportsField(inner: JsonObject): string[] {
  const v = inner.transports;
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((t) => typeof t !== 'string')) throw invalid('response.response.transports must be an array of strings');
  return [...(v as string[])];
}
