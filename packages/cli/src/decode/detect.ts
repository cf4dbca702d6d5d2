/**
 * Recognise what `vfido decode` was given: response JSON, real-device sample files, PEM or x5c
 * certificate chains, or bytes (base64url, base64, hex) holding an attestationObject,
 * authenticatorData, clientDataJSON, a COSE key or a certificate.
 * @module
 */
import { decodeCbor } from '@vfido/core/data';
import { usage } from '../errors.js';
import { decodeBytes } from '../io.js';
import { describeCertificate } from './certificate.js';
import { describeAttestationObject, describeAuthenticatorData, describeClientData, describeCoseKey, safe, type Described } from './webauthn.js';

import { DECODE_KINDS, type DecodeKind } from './kinds.js';

/** What was decoded. */
export interface Decoded {
  /** What the input was recognised as, e.g. `attestationObject`. */
  kind: string;
  /** The input encoding, for byte input. */
  encoding?: string;
  /** The structure, described. */
  value: unknown;
}

const bytesOf = (v: unknown, what: string): Uint8Array => {
  if (typeof v !== 'string') throw usage('ERR_UNRECOGNIZED_INPUT', `${what} is missing or not a string`, 'pass the response JSON unchanged');
  return decodeBytes(v, what).bytes;
};

function describeRegistration(o: Record<string, unknown>, r: Record<string, unknown>): Described {
  return {
    id: o['id'],
    type: o['type'],
    authenticatorAttachment: o['authenticatorAttachment'],
    transports: r['transports'],
    publicKeyAlgorithm: typeof r['publicKeyAlgorithm'] === 'number' ? r['publicKeyAlgorithm'] : undefined,
    clientExtensionResults: o['clientExtensionResults'],
    clientData: safe(() => describeClientData(bytesOf(r['clientDataJSON'], 'response.clientDataJSON'))),
    attestationObject: safe(() => describeAttestationObject(bytesOf(r['attestationObject'], 'response.attestationObject'))),
  };
}

function describeAuthentication(o: Record<string, unknown>, r: Record<string, unknown>): Described {
  const userHandle = r['userHandle'];
  return {
    id: o['id'],
    type: o['type'],
    authenticatorAttachment: o['authenticatorAttachment'],
    clientExtensionResults: o['clientExtensionResults'],
    clientData: safe(() => describeClientData(bytesOf(r['clientDataJSON'], 'response.clientDataJSON'))),
    authenticatorData: safe(() => describeAuthenticatorData(bytesOf(r['authenticatorData'], 'response.authenticatorData'))),
    signature: safe(() => `${bytesOf(r['signature'], 'response.signature').length} bytes`),
    userHandle: typeof userHandle === 'string' ? userHandle : undefined,
  };
}

/** A parsed JSON value described, or undefined when its shape is not known. */
function describeJson(value: unknown): Decoded | undefined {
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
    return { kind: 'certificate chain (x5c)', value: value.map((c) => safe(() => describeCertificate(bytesOf(c, 'x5c entry')))) };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  if (Array.isArray(o['fixtures'])) {
    const items = o['fixtures'].map((f, i) => ({ sample: i, ...(describeJson(f)?.value as object | undefined) }));
    return { kind: 'sample file', value: items };
  }
  const r = (typeof o['response'] === 'object' && o['response'] !== null ? o['response'] : undefined) as Record<string, unknown> | undefined;
  if (r && 'attestationObject' in r) return { kind: 'RegistrationResponseJSON', value: describeRegistration(o, r) };
  if (r && 'signature' in r) return { kind: 'AuthenticationResponseJSON', value: describeAuthentication(o, r) };
  if ('attestationObject' in o) {
    const note = typeof o['device_note'] === 'string' ? { note: o['device_note'] } : {};
    return { kind: 'registration sample', value: { ...note, ...describeRegistration(o, o) } };
  }
  if (typeof o['type'] === 'string' && o['type'].startsWith('webauthn.')) return { kind: 'clientDataJSON', value: o };
  return undefined;
}

/** Recognise decoded bytes; `as` forces a kind. */
function describeBytes(bytes: Uint8Array, as: DecodeKind | undefined): Omit<Decoded, 'encoding'> {
  const forced: Partial<Record<DecodeKind, () => unknown>> = {
    attestationObject: () => describeAttestationObject(bytes),
    authenticatorData: () => describeAuthenticatorData(bytes),
    clientDataJSON: () => describeClientData(bytes),
    coseKey: () => describeCoseKey(bytes),
    certificate: () => describeCertificate(bytes),
  };
  if (as !== undefined) {
    const fn = forced[as];
    if (!fn) throw usage('ERR_BAD_KIND', `--as ${as} needs JSON input`, 'pass the response JSON file');
    try {
      return { kind: as, value: fn() };
    } catch (error) {
      throw usage('ERR_DECODE_FAILED', `input is not a valid ${as}: ${(error as Error).message}`, 'check the input, or drop --as to auto-detect');
    }
  }
  if (bytes[0] === 0x7b) {
    try {
      return { kind: 'clientDataJSON', value: describeClientData(bytes) };
    } catch {
      /* not JSON: try the binary kinds */
    }
  }
  let cbor: unknown;
  try {
    cbor = decodeCbor(bytes);
  } catch {
    cbor = undefined;
  }
  if (cbor instanceof Map && cbor.has('fmt') && cbor.has('authData')) return { kind: 'attestationObject', value: describeAttestationObject(cbor) };
  if (cbor instanceof Map && typeof cbor.get(1) === 'number') return { kind: 'coseKey', value: describeCoseKey(cbor) };
  if (bytes[0] === 0x30) {
    try {
      return { kind: 'certificate', value: describeCertificate(bytes) };
    } catch {
      /* not a certificate */
    }
  }
  if (bytes.length >= 37) {
    try {
      return { kind: 'authenticatorData', value: describeAuthenticatorData(bytes) };
    } catch {
      /* not authenticator data */
    }
  }
  throw usage('ERR_UNRECOGNIZED_INPUT', `${bytes.length} bytes that are not an attestationObject, authenticatorData, clientDataJSON, COSE key or certificate`, `name the kind with --as (${DECODE_KINDS.join(', ')})`);
}

/**
 * Recognise and describe decode input.
 * @param text - the input text
 * @param as - force a kind instead of auto-detecting
 * @throws CliError `ERR_UNRECOGNIZED_INPUT`, `ERR_BAD_ENCODING`, `ERR_BAD_JSON`, `ERR_DECODE_FAILED`
 */
export function decodeInput(text: string, as?: DecodeKind): Decoded {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw usage('ERR_BAD_JSON', `input looks like JSON but does not parse: ${(error as Error).message}`, 'check the file content');
    }
    if (as === 'registration' || as === 'authentication') {
      const o = parsed as Record<string, unknown>;
      const r = (o['response'] ?? {}) as Record<string, unknown>;
      return { kind: as, value: as === 'registration' ? describeRegistration(o, r) : describeAuthentication(o, r) };
    }
    const described = describeJson(parsed);
    if (described) return described;
    throw usage('ERR_UNRECOGNIZED_INPUT', 'JSON input is not a registration or authentication response, clientData, x5c array or sample file', 'pass credential.toJSON() output, or a single base64url field');
  }
  if (trimmed.includes('-----BEGIN CERTIFICATE-----')) {
    const pems = trimmed.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    return { kind: 'certificate chain (PEM)', value: pems.map((p) => safe(() => describeCertificate(p))) };
  }
  const { bytes, encoding } = decodeBytes(trimmed, 'input');
  return { ...describeBytes(bytes, as), encoding };
}
