/**
 * Shared harness of the attestation-format targets: a two-part input (clientDataJSON,
 * attestationObject) verified end to end by verifyRegistration (WebAuthn L3 7.1), so each format's
 * verification procedure (section 8) and the trust assessment run on mutated statements.
 *
 * To let mutants get past the checks before the format procedure, the response's id/rawId are
 * taken from the mutated authenticator data, the challenge predicate accepts anything, UP is not
 * required, and the clock is set inside the validity of the statement's certificates (as the
 * real-device tests do), all read leniently with the harness's own parsing.
 * Invariants: only VerificationError escapes, with a documented code; the inputs are not
 * modified; an accepted registration reports the credential the authenticator data holds.
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { verifyRegistration, VerificationError, VerificationErrorCode, SUPPORTED_FORMATS } from '../../packages/rp/src/index.js';
import { decodeCbor } from '../../packages/core/src/cbor/index.js';
import { splitParts } from '../engine/parts.js';
import { bytesEqual, invariant, onlyTyped, type TargetOptions } from '../engine/target.js';
import { SEED_ORIGINS, SEED_RP_IDS, seedTrustStore } from './roots.js';

const trustStore = seedTrustStore();
const CODES = new Set<string>(Object.values(VerificationErrorCode));
const b64u = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');

/** The credential id in an attestationObject's authenticator data, read leniently. */
function credentialIdOf(attestationObject: Uint8Array): Uint8Array | undefined {
  try {
    const ao = decodeCbor(attestationObject);
    const authData = ao instanceof Map ? ao.get('authData') : undefined;
    if (!(authData instanceof Uint8Array) || authData.length < 55) return undefined;
    const n = ((authData[53] as number) << 8) | (authData[54] as number);
    return authData.length >= 55 + n ? authData.subarray(55, 55 + n) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A clock inside the validity of every x5c certificate (the midpoint), just after a SafetyNet
 * response's timestampMs, or now.
 */
function clockFor(attestationObject: Uint8Array): Date {
  try {
    const ao = decodeCbor(attestationObject);
    const attStmt = ao instanceof Map ? ao.get('attStmt') : undefined;
    const jws = attStmt instanceof Map ? attStmt.get('response') : undefined;
    if (jws instanceof Uint8Array) {
      const payload = JSON.parse(Buffer.from(Buffer.from(jws).toString('utf8').split('.')[1] ?? '', 'base64url').toString('utf8')) as { timestampMs?: unknown };
      const t = payload.timestampMs;
      return typeof t === 'number' && Math.abs(t) < 8e15 ? new Date(t + 1000) : new Date();
    }
    const x5c = attStmt instanceof Map ? attStmt.get('x5c') : undefined;
    if (!Array.isArray(x5c) || x5c.length === 0) return new Date();
    let from = -Infinity;
    let to = Infinity;
    for (const der of x5c) {
      if (!(der instanceof Uint8Array)) return new Date();
      const c = new X509Certificate(der);
      from = Math.max(from, Date.parse(c.validFrom));
      to = Math.min(to, Date.parse(c.validTo));
    }
    return Number.isFinite(from) && Number.isFinite(to) && from <= to ? new Date((from + to) / 2) : new Date();
  } catch {
    return new Date();
  }
}

/** Options of a registration target for `fmt`. */
export function registrationOptions(fmt: string, extra: readonly string[] = []): TargetOptions {
  return {
    description: `verifyRegistration on mutated ${fmt} attestationObjects (+ clientDataJSON): typed errors only`,
    parts: ['json', 'cbor'],
    maxLen: 16384,
    dictionary: ['fmt', 'attStmt', 'authData', 'x5c', 'sig', 'alg', 'ver', 'certInfo', 'pubArea', 'response', 'ecdaaKeyId', fmt, ...extra],
    quickRuns: 2000,
  };
}

/** Verify one mutated registration. */
export async function fuzzRegistration(data: Buffer): Promise<void> {
  const [clientDataJSON, attestationObject] = splitParts(data, 2) as [Uint8Array, Uint8Array];
  const before = Uint8Array.from(data);
  const id = credentialIdOf(attestationObject);
  const idText = id && id.length > 0 ? b64u(id) : 'AA';
  try {
    const result = await verifyRegistration({
      response: {
        id: idText,
        rawId: idText,
        type: 'public-key',
        response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(attestationObject), transports: ['usb'] },
        clientExtensionResults: {},
      },
      expectedChallenge: () => true,
      expectedOrigin: SEED_ORIGINS,
      expectedRpId: SEED_RP_IDS,
      requireUserPresence: false,
      trustStore,
      now: clockFor(attestationObject),
    });
    const c = result.credential;
    invariant(id !== undefined && c.id === idText, 'the registered credential id is not the one in the authenticator data');
    invariant(SUPPORTED_FORMATS.includes(c.attestation.fmt), 'an unsupported format was accepted');
    invariant(c.attestation.trustPath.every((d) => d instanceof Uint8Array && d.length > 0), 'an empty certificate in the trust path');
    invariant(SEED_RP_IDS.includes(result.rpId) && SEED_ORIGINS.includes(result.origin), 'accepted for an RP ID or origin that was not expected');
    invariant(Number.isInteger(c.signCount) && c.signCount >= 0 && c.signCount <= 0xffffffff, 'signCount out of range');
  } catch (error) {
    onlyTyped(error, VerificationError);
    invariant(CODES.has((error as VerificationError).code), () => `undocumented code ${(error as VerificationError).code}`);
  } finally {
    invariant(bytesEqual(before, data), 'the input buffer was modified');
  }
}
