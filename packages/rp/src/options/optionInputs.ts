/**
 * Checks shared by the options generators: challenge, timeout, RP ID, descriptors and enum members
 * (WebAuthn L3 5.4, 5.5, 5.8.3; challenge size from 13.4.3). Every failure is ERR_OPTIONS_INVALID.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { decodeBase64url, encodeBase64url, unpadBase64url } from '../encoding/base64url.js';
import { VerificationError } from '../errors.js';
import type { CredentialDescriptorInput, PublicKeyCredentialDescriptorJSON, PublicKeyCredentialHint } from './types.js';

/** Bytes in a generated challenge: 32, as SimpleWebAuthn; L3 13.4.3 asks for at least 16. */
export const CHALLENGE_BYTES = 32;
/** Shortest challenge accepted from the caller (L3 13.4.3: "at least 16 bytes long"). */
export const MIN_CHALLENGE_BYTES = 16;
/** Default ceremony timeout in milliseconds, as SimpleWebAuthn (L3 5.4 `timeout` is a hint to the client). */
export const DEFAULT_TIMEOUT = 60_000;

/** Builds an ERR_OPTIONS_INVALID error. */
export const optionsInvalid = (message: string): VerificationError => new VerificationError('ERR_OPTIONS_INVALID', message);

const HINTS: readonly PublicKeyCredentialHint[] = ['security-key', 'client-device', 'hybrid'];

/** Returns `value` when it is one of `allowed`, `fallback` when undefined; throws otherwise. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, fallback: T): T;
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T | undefined;
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, fallback?: T): T | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw optionsInvalid(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** The caller's challenge (at least 16 bytes) or 32 fresh random bytes, as base64url. */
export function challengeFrom(challenge: Uint8Array | undefined): string {
  if (challenge === undefined) return encodeBase64url(randomBytes(CHALLENGE_BYTES));
  if (!(challenge instanceof Uint8Array) || challenge.byteLength < MIN_CHALLENGE_BYTES) {
    throw optionsInvalid(`challenge must be a Uint8Array of at least ${MIN_CHALLENGE_BYTES} random bytes (L3 13.4.3); omit it to get ${CHALLENGE_BYTES}`);
  }
  return encodeBase64url(challenge);
}

/** A positive integer timeout in milliseconds, default {@link DEFAULT_TIMEOUT}. */
export function timeoutFrom(timeout: number | undefined): number {
  if (timeout === undefined) return DEFAULT_TIMEOUT;
  if (!Number.isInteger(timeout) || timeout <= 0) throw optionsInvalid(`timeout must be a positive integer of milliseconds, got ${String(timeout)}`);
  return timeout;
}

/**
 * Checks that `rpId` is a registrable-domain-shaped host name: lowercase, no scheme, port or path
 * (L3 5.1.4.1 / 5.4.2: an RP ID is a valid domain string).
 */
export function rpIdFrom(rpId: unknown): string {
  if (typeof rpId !== 'string' || rpId.length === 0) throw optionsInvalid('rpId must be a non-empty domain, e.g. "example.com"');
  let host: string | undefined;
  try {
    host = new URL(`https://${rpId}`).hostname;
  } catch {
    host = undefined;
  }
  if (host !== rpId) throw optionsInvalid(`rpId must be a bare lowercase domain such as "example.com" (no scheme, port or path), got ${JSON.stringify(rpId)}`);
  return rpId;
}

/** A non-empty string member. */
export function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw optionsInvalid(`${name} must be a non-empty string`);
  return value;
}

/** Descriptors for excludeCredentials / allowCredentials, from records or `{ id, transports }` (L3 5.8.3). */
export function descriptorsFrom(list: readonly CredentialDescriptorInput[] | undefined, name: string): PublicKeyCredentialDescriptorJSON[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw optionsInvalid(`${name} must be an array of { id, transports? }`);
  return list.map((entry: CredentialDescriptorInput, i) => {
    const id: unknown = entry?.id;
    if (typeof id !== 'string' || !decodeBase64url(id)?.byteLength) throw optionsInvalid(`${name}[${i}].id must be a base64url credential id`);
    const descriptor: PublicKeyCredentialDescriptorJSON = { type: 'public-key', id: unpadBase64url(id) };
    const transports: unknown = entry.transports;
    if (transports !== undefined) {
      if (!Array.isArray(transports) || !transports.every((t) => typeof t === 'string')) throw optionsInvalid(`${name}[${i}].transports must be an array of strings`);
      if (transports.length > 0) descriptor.transports = [...(transports as string[])];
    }
    return descriptor;
  });
}

/** `hints` (L3 5.8.8), or undefined when not given. */
export function hintsFrom(hints: readonly PublicKeyCredentialHint[] | undefined): PublicKeyCredentialHint[] | undefined {
  if (hints === undefined) return undefined;
  if (!Array.isArray(hints)) throw optionsInvalid('hints must be an array');
  return hints.map((h: unknown, i) => {
    if (h === undefined) throw optionsInvalid(`hints[${i}] must be one of ${HINTS.map((a) => `'${a}'`).join(', ')}`);
    return oneOf(h, HINTS, `hints[${i}]`, 'security-key');
  });
}

/** Client extension inputs: a plain object, copied. */
export function extensionsFrom(extensions: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  if (extensions === undefined) return {};
  if (typeof extensions !== 'object' || extensions === null || Array.isArray(extensions)) throw optionsInvalid('extensions must be an object');
  return { ...extensions };
}
