/**
 * Reading client extension inputs from their WebAuthn L3 JSON form (5.7.4, section 10): members
 * are validated as the IDL would (wrong types are TypeError; BufferSource members arrive as
 * base64url strings).
 * @module
 */
import { b64uField } from '../ceremony.js';
import { WebAuthnError } from '../webAuthnError.js';

/** The extension inputs as an object, or undefined when absent. */
export function extensionRecord(raw: unknown, member: string): Record<string, unknown> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new WebAuthnError('TypeError', `${member} must be an object`);
  return raw as Record<string, unknown>;
}

/** A dictionary member that must be an object when present. */
export function dictionary(value: unknown, member: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WebAuthnError('TypeError', `${member} must be an object`);
  return value as Record<string, unknown>;
}

/** A boolean member (WebIDL converts any value; JSON inputs should carry a boolean). */
export function booleanMember(value: unknown, member: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new WebAuthnError('TypeError', `${member} must be a boolean`);
  return value;
}

/** A DOMString member. */
export function stringMember(value: unknown, member: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new WebAuthnError('TypeError', `${member} must be a string`);
  return value;
}

/** A BufferSource member in its base64url JSON form. */
export function bytesMember(value: unknown, member: string): Uint8Array | undefined {
  if (value === undefined) return undefined;
  return b64uField(value, member);
}
