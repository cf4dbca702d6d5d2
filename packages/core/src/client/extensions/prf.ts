/**
 * The prf client extension (WebAuthn L3 10.1.4) on top of CTAP 2.1 hmac-secret (12.5) and CTAP
 * 2.2 hmac-secret-mc: input validation, the salts SHA-256("WebAuthn PRF" || 0x00 || input), the
 * encrypted salt input (saltEnc / saltAuth with the PIN/UV auth protocol) and decrypting results.
 * @module
 */
import { createHash } from 'node:crypto';
import type { CborMap, CborValue } from '../../cbor/types.js';
import type { PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import { b64u, isB64u } from '../ceremony.js';
import type { SharedSecret } from '../clientPin.js';
import { WebAuthnError } from '../webAuthnError.js';
import { bytesMember, dictionary } from './inputs.js';

/** One or two PRF inputs (AuthenticationExtensionsPRFValues) or outputs, as bytes. */
export interface PrfValues {
  first: Uint8Array;
  second?: Uint8Array;
}

/** The prf input of a get() call: the default inputs and those per credential ID (base64url key). */
export interface PrfAuthenticationInput {
  eval: PrfValues | undefined;
  byCredential: Map<string, PrfValues>;
}

const CONTEXT = Buffer.from('WebAuthn PRF\0', 'utf8');

/** WebAuthn L3 10.1.4: salt = SHA-256(UTF8Encode("WebAuthn PRF") || 0x00 || input). */
export function prfSalt(input: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(CONTEXT).update(input).digest());
}

function prfValues(raw: unknown, member: string): PrfValues {
  const values = dictionary(raw, member);
  if (!values) throw new WebAuthnError('TypeError', `${member} must be an object`);
  const first = bytesMember(values.first, `${member}.first`);
  if (!first) throw new WebAuthnError('TypeError', `${member}.first is required`);
  const second = bytesMember(values.second, `${member}.second`);
  return second ? { first, second } : { first };
}

/**
 * The prf input of create() (WebAuthn L3 10.1.4 registration step 1: evalByCredential is not
 * allowed), or undefined when absent.
 * @throws WebAuthnError NotSupportedError for evalByCredential, TypeError for malformed members
 */
export function parsePrfRegistration(raw: unknown): { eval: PrfValues | undefined } | undefined {
  const prf = dictionary(raw, 'extensions.prf');
  if (!prf) return undefined;
  if (prf.evalByCredential !== undefined) throw new WebAuthnError('NotSupportedError', 'extensions.prf.evalByCredential is only valid in navigator.credentials.get() (WebAuthn L3 10.1.4)');
  return { eval: prf.eval === undefined ? undefined : prfValues(prf.eval, 'extensions.prf.eval') };
}

/**
 * The prf input of get() (WebAuthn L3 10.1.4 authentication steps 1-2), or undefined when absent.
 * @param allowIds - the allowCredentials IDs
 * @throws WebAuthnError NotSupportedError (evalByCredential without allowCredentials), SyntaxError (a key that is not the base64url ID of an allowed credential), TypeError
 */
export function parsePrfAuthentication(raw: unknown, allowIds: Uint8Array[]): PrfAuthenticationInput | undefined {
  const prf = dictionary(raw, 'extensions.prf');
  if (!prf) return undefined;
  const byCredential = new Map<string, PrfValues>();
  const record = dictionary(prf.evalByCredential, 'extensions.prf.evalByCredential');
  if (record && Object.keys(record).length > 0) {
    if (allowIds.length === 0) throw new WebAuthnError('NotSupportedError', 'extensions.prf.evalByCredential needs a non-empty allowCredentials (WebAuthn L3 10.1.4)');
    const allowed = new Set(allowIds.map((id) => b64u(id)));
    for (const [key, value] of Object.entries(record)) {
      // Compare decoded IDs: the key must be the base64url encoding of an allowCredentials ID.
      const id = key !== '' && isB64u(key) ? b64u(new Uint8Array(Buffer.from(key, 'base64url'))) : undefined;
      if (id === undefined || !allowed.has(id)) {
        throw new WebAuthnError('SyntaxError', `extensions.prf.evalByCredential key "${key}" is not the base64url ID of a credential in allowCredentials`);
      }
      byCredential.set(id, prfValues(value, `extensions.prf.evalByCredential["${key}"]`));
    }
  }
  return { eval: prf.eval === undefined ? undefined : prfValues(prf.eval, 'extensions.prf.eval'), byCredential };
}

/** WebAuthn L3 10.1.4 authentication step 4: the inputs for the credential that will be returned. */
export function prfInputsFor(input: PrfAuthenticationInput, credentialId: Uint8Array | undefined): PrfValues | undefined {
  return (credentialId && input.byCredential.get(b64u(credentialId))) || input.eval;
}

/**
 * The hmac-secret (or hmac-secret-mc) authenticator input for PRF inputs (CTAP 2.1 12.5):
 * keyAgreement, saltEnc = encrypt(shared secret, salt1 [|| salt2]), saltAuth =
 * authenticate(shared secret, saltEnc), pinUvAuthProtocol.
 */
export function hmacSecretInput(protocol: PinUvAuthProtocol, shared: SharedSecret, values: PrfValues): CborMap {
  const salt1 = prfSalt(values.first);
  const salts = values.second ? Buffer.concat([salt1, prfSalt(values.second)]) : salt1;
  const saltEnc = protocol.encrypt(shared.secret, new Uint8Array(salts));
  return new Map<number, CborValue>([
    [0x01, shared.keyAgreement],
    [0x02, saltEnc],
    [0x03, protocol.authenticate(shared.secret, saltEnc)],
    [0x04, protocol.version],
  ]);
}

/**
 * Decrypt an hmac-secret output into PRF results: output1 [|| output2], 32 bytes each (CTAP 2.1
 * 12.5). Undefined when the output does not decrypt to the expected length.
 */
export function prfResults(protocol: PinUvAuthProtocol, shared: SharedSecret, output: CborValue, two: boolean): PrfValues | undefined {
  if (!(output instanceof Uint8Array)) return undefined;
  let plain: Uint8Array;
  try {
    plain = protocol.decrypt(shared.secret, output);
  } catch {
    return undefined;
  }
  if (plain.length !== (two ? 64 : 32)) return undefined;
  return two ? { first: plain.slice(0, 32), second: plain.slice(32, 64) } : { first: plain.slice(0, 32) };
}

/** PRF results in their JSON form (AuthenticationExtensionsPRFValuesJSON). */
export function prfValuesJSON(values: PrfValues): { first: string; second?: string } {
  return values.second ? { first: b64u(values.first), second: b64u(values.second) } : { first: b64u(values.first) };
}
