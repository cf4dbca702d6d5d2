/**
 * Describe WebAuthn structures for people: authenticator data (WebAuthn L3 6.1) with its flags
 * spelled out, attested credential data and AAGUID name (6.5.1), COSE keys (RFC 9052/9053),
 * client data (5.8.1), attestation objects and statements (6.5.4, section 8).
 * @module
 */
import { algorithmName, decodeCbor, parseAuthenticatorData, parseCoseKey } from '@vfido/core/data';
import { toJsonValue } from '../output.js';
import { b64url, hex } from '../io.js';
import { describeCertificate, namedAaguid, uuidOf } from './certificate.js';

/** A decoded CBOR value (the core barrel exports the decoder, not its types). */
type CborValue = ReturnType<typeof decodeCbor>;
/** A decoded CBOR map. */
type CborMap = Extract<CborValue, Map<unknown, unknown>>;

const KTY: Record<number, string> = { 1: 'OKP', 2: 'EC2', 3: 'RSA' };
const CRV: Record<number, string> = { 1: 'P-256', 2: 'P-384', 3: 'P-521', 4: 'X25519', 5: 'X448', 6: 'Ed25519', 7: 'Ed448' };
const CRED_PROTECT: Record<number, string> = { 1: 'userVerificationOptional', 2: 'userVerificationOptionalWithCredentialIDList', 3: 'userVerificationRequired' };

/** A value described, or the reason it could not be. */
export type Described = Record<string, unknown>;

const asBytes = (v: CborValue | undefined): Uint8Array | undefined => (v instanceof Uint8Array ? v : undefined);

/**
 * Describe a COSE_Key (bytes or decoded map): key type, algorithm, curve, coordinates or modulus
 * size, and whether it is a usable public key.
 */
export function describeCoseKey(input: Uint8Array | CborMap): Described {
  const map = input instanceof Uint8Array ? decodeCbor(input) : input;
  if (!(map instanceof Map)) throw new Error('not a cbor map');
  const kty = map.get(1);
  const alg = map.get(3);
  const out: Described = {
    kty: typeof kty === 'number' ? `${kty} (${KTY[kty] ?? 'unknown'})` : kty,
    alg: typeof alg === 'number' ? algorithmName(alg) : alg,
  };
  if (kty === 3) {
    const n = asBytes(map.get(-1));
    out['n'] = n ? `${(n[0] === 0 ? n.length - 1 : n.length) * 8} bits` : map.get(-1);
    const e = asBytes(map.get(-2));
    out['e'] = e ? Number(BigInt(`0x${hex(e) || '0'}`)) : map.get(-2);
  } else {
    const crv = map.get(-1);
    out['crv'] = typeof crv === 'number' ? `${crv} (${CRV[crv] ?? 'unknown'})` : crv;
    const x = asBytes(map.get(-2));
    if (x) out['x'] = hex(x);
    const y = map.get(-3);
    if (y !== undefined) out['y'] = y instanceof Uint8Array ? hex(y) : y;
  }
  try {
    parseCoseKey(map);
    out['valid'] = true;
  } catch (error) {
    out['valid'] = `no: ${(error as Error).message}`;
  }
  return out;
}

/** The flags byte spelled out (WebAuthn L3 6.1 `flags`). */
function describeFlags(raw: number): Described {
  const names: [string, number, string][] = [['UP', 0x01, 'user present'], ['UV', 0x04, 'user verified'], ['BE', 0x08, 'backup eligible'], ['BS', 0x10, 'backed up'], ['AT', 0x40, 'attested credential data'], ['ED', 0x80, 'extension data']];
  const set = names.filter(([, bit]) => raw & bit).map(([n]) => n);
  const out: Described = { byte: `0x${raw.toString(16).padStart(2, '0')} (${set.join(' ') || 'none'})` };
  for (const [name, bit, meaning] of names) out[name] = `${raw & bit ? 'yes' : 'no'} (${meaning})`;
  if (raw & 0x22) out['RFU'] = `reserved bits set: 0x${(raw & 0x22).toString(16)}`;
  return out;
}

/** Authenticator extension outputs, with credProtect named. */
function describeExtensions(map: CborMap): Described {
  const out: Described = {};
  for (const [k, v] of map) out[String(k)] = k === 'credProtect' && typeof v === 'number' ? `${v} (${CRED_PROTECT[v] ?? 'unknown'})` : toJsonValue(v);
  return out;
}

/** Describe authenticator data (WebAuthn L3 6.1). */
export function describeAuthenticatorData(bytes: Uint8Array): Described {
  const parsed = parseAuthenticatorData(bytes);
  const out: Described = { rpIdHash: hex(parsed.rpIdHash), flags: describeFlags(parsed.flags.raw), signCount: parsed.signCount };
  const acd = parsed.attestedCredentialData;
  if (acd) {
    out['attestedCredentialData'] = {
      aaguid: namedAaguid(uuidOf(acd.aaguid)),
      credentialId: b64url(acd.credentialId),
      credentialIdLength: acd.credentialId.length,
      credentialPublicKey: describeCoseKey(acd.coseKey),
    };
  }
  if (parsed.extensions) out['extensions'] = describeExtensions(parsed.extensions);
  return out;
}

/** Describe clientDataJSON bytes (WebAuthn L3 5.8.1). */
export function describeClientData(bytes: Uint8Array): Described {
  const text = Buffer.from(bytes).toString('utf8');
  const data = JSON.parse(text) as Record<string, unknown>;
  const out: Described = { ...data };
  if (typeof data['challenge'] === 'string') out['challenge'] = `${data['challenge']} (${Buffer.from(data['challenge'], 'base64url').length} bytes)`;
  return out;
}

/** Describe an SafetyNet JWS (`android-safetynet` attStmt.response). */
function describeSafetyNet(jws: string): Described {
  const [h, p] = jws.split('.');
  const header = JSON.parse(Buffer.from(h ?? '', 'base64url').toString('utf8')) as { alg?: string; x5c?: string[] };
  const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return { alg: header.alg, payload, certificates: (header.x5c ?? []).map((c) => safe(() => describeCertificate(Buffer.from(c, 'base64')))) };
}

/** Run `fn`, or say why it failed. */
export function safe(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (error) {
    return `cannot decode: ${(error as Error).message}`;
  }
}

/** Describe an attestation statement (WebAuthn L3 section 8), certificates parsed. */
export function describeAttStmt(attStmt: CborValue): Described {
  if (!(attStmt instanceof Map)) return { value: toJsonValue(attStmt) };
  const out: Described = {};
  for (const [key, v] of attStmt) {
    const k = String(key);
    if (k === 'alg' && typeof v === 'number') out[k] = algorithmName(v);
    else if (k === 'x5c' && Array.isArray(v)) out[k] = v.map((c) => (c instanceof Uint8Array ? safe(() => describeCertificate(c)) : c));
    else if (k === 'response' && v instanceof Uint8Array) out[k] = safe(() => describeSafetyNet(Buffer.from(v).toString('utf8')));
    else if (v instanceof Uint8Array) out[k] = `${v.length} bytes: ${hex(v.slice(0, 16))}${v.length > 16 ? '...' : ''}`;
    else out[k] = toJsonValue(v);
  }
  return out;
}

/** Describe an attestation object (WebAuthn L3 6.5.4): fmt, attStmt and authData. */
export function describeAttestationObject(input: Uint8Array | CborMap): Described {
  const map = input instanceof Uint8Array ? decodeCbor(input) : input;
  if (!(map instanceof Map)) throw new Error('attestation object is not a cbor map');
  const authData = asBytes(map.get('authData'));
  return {
    fmt: map.get('fmt'),
    attStmt: describeAttStmt(map.get('attStmt')),
    authData: authData ? safe(() => describeAuthenticatorData(authData)) : 'missing',
  };
}
