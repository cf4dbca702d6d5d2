/**
 * Test-only: applies a mutation row to a copy of its valid response, re-encodes it (CBOR with
 * @vfido/core's CTAP2 canonical encoder, base64url with Buffer), and asks both verifiers.
 * @module
 */
import { SettingsService, verifyAuthenticationResponse, verifyRegistrationResponse, type WebAuthnCredential } from '@simplewebauthn/server';
import { encodeCbor } from '@vfido/core';
import { DEFAULT_SUPPORTED_ALGORITHMS, TrustStore, isVerificationError, verifyAuthentication, verifyRegistration, type VerificationErrorCodeValue } from '@vfido/rp';
import { encodeAuthData } from './authData.js';
import { ORIGIN, RP_ID, copyAuthenticationDraft, copyRegistrationDraft, type Fixtures } from './fixtures.js';
import { OMIT, type AuthenticationDraft, type AuthenticationRow, type MutationRow, type RegistrationDraft, type RegistrationRow, type Verdict } from './types.js';

type SwaRegistration = Parameters<typeof verifyRegistrationResponse>[0]['response'];
type SwaAuthentication = Parameters<typeof verifyAuthenticationResponse>[0]['response'];

/** What the two verifiers said about one mutated response. */
export interface Outcome {
  /** @vfido/rp: `accept` or the VerificationError code; anything else thrown is reported as `threw: ...`. */
  rp: VerificationErrorCodeValue | 'accept' | `threw: ${string}`;
  /** The rp error message (or, on accept, a summary of the result). */
  rpDetail: string;
  /** Registration: whether the attestation chained to the trust store. Authentication: cloneWarning. */
  flag?: boolean;
  swa: Verdict | 'n/a';
  /** SimpleWebAuthn's error message when it threw. */
  swaDetail: string;
}

const b64u = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Formats whose statement carries a certificate chain (accepted registrations must chain to the roots). */
export const CHAINED_FORMATS: readonly string[] = ['packed', 'tpm', 'android-key', 'apple', 'fido-u2f'];

/** The trust configuration shared by both verifiers: each format's vendor test root, scoped to that format. */
export function configureTrust(fx: Fixtures): TrustStore {
  const store = new TrustStore();
  for (const base of Object.values(fx.registrations)) {
    if (base.fixture === 'packed-self' || base.fixture === 'none') continue;
    const format = base.preset.attestation.format;
    store.addRoots(base.roots, { format });
    SettingsService.setRootCertificates({ identifier: format, certificates: base.roots });
  }
  return store;
}

/** The registration JSON for a draft. */
export function encodeRegistration(d: RegistrationDraft): Record<string, unknown> {
  let attestationObject = d.attestationObject;
  if (!attestationObject) {
    const object = new Map<string, unknown>();
    if (d.fmt !== OMIT) object.set('fmt', d.fmt);
    if (d.attStmt !== OMIT) object.set('attStmt', d.attStmt);
    const authData = d.authDataValue === undefined ? encodeAuthData(d.authData) : d.authDataValue;
    if (authData !== OMIT) object.set('authData', authData);
    attestationObject = encodeCbor(object as never);
  }
  return { ...d.credential, response: { ...d.response, clientDataJSON: b64u(d.clientDataJSON), attestationObject: b64u(attestationObject) } };
}

/** The assertion JSON for a draft. */
export function encodeAuthentication(d: AuthenticationDraft): Record<string, unknown> {
  return {
    ...d.credential,
    response: { ...d.response, clientDataJSON: b64u(d.clientDataJSON), authenticatorData: b64u(encodeAuthData(d.authData)), signature: b64u(d.signature) },
  };
}

async function rpOutcome(run: () => Promise<{ flag: boolean; detail: string }>): Promise<Pick<Outcome, 'rp' | 'rpDetail' | 'flag'>> {
  try {
    const { flag, detail } = await run();
    return { rp: 'accept', rpDetail: detail, flag };
  } catch (e) {
    if (isVerificationError(e)) return { rp: e.code, rpDetail: e.message };
    return { rp: `threw: ${String(e)}`, rpDetail: String(e) };
  }
}

async function swaOutcome(row: MutationRow, run: () => Promise<{ verified: boolean }>): Promise<Pick<Outcome, 'swa' | 'swaDetail'>> {
  if (row.swa === 'n/a') return { swa: 'n/a', swaDetail: 'not asked' };
  try {
    const { verified } = await run();
    return { swa: verified ? 'accept' : 'reject', swaDetail: verified ? 'verified' : 'verified: false' };
  } catch (e) {
    return { swa: 'reject', swaDetail: e instanceof Error ? e.message : String(e) };
  }
}

async function runRegistration(row: RegistrationRow, fx: Fixtures, store: TrustStore): Promise<Outcome> {
  const base = fx.registrations[row.format];
  const d = copyRegistrationDraft(base.draft);
  await row.mutate?.(d, base);
  if (row.resign !== false) d.attStmt = await base.attest(d);
  if (row.statement) {
    if (!(d.attStmt instanceof Map)) throw new Error(`${row.name}: attStmt is not a map`);
    await row.statement(d.attStmt as Map<string, unknown>, d, base);
  }
  const json = encodeRegistration(d);
  row.json?.(json);
  const o = row.options ?? {};
  const rp = await rpOutcome(async () => {
    const r = await verifyRegistration({
      response: json as never,
      expectedChallenge: base.challenge,
      expectedOrigin: ORIGIN,
      expectedRpId: RP_ID,
      trustStore: store,
      requireUserVerification: o.requireUserVerification ?? false,
      ...(o.requireUserPresence !== undefined && { requireUserPresence: o.requireUserPresence }),
      ...(o.supportedAlgorithms && { supportedAlgorithms: o.supportedAlgorithms }),
      ...(o.expectedTopOrigin && { expectedTopOrigin: o.expectedTopOrigin }),
    });
    return { flag: r.credential.attestation.trusted, detail: `${r.credential.attestation.fmt}/${r.credential.attestation.type}` };
  });
  const swa = await swaOutcome(row, () =>
    verifyRegistrationResponse({
      response: json as unknown as SwaRegistration,
      expectedChallenge: base.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: o.requireUserVerification ?? false,
      ...(o.requireUserPresence !== undefined && { requireUserPresence: o.requireUserPresence }),
      supportedAlgorithmIDs: o.supportedAlgorithms ?? [...DEFAULT_SUPPORTED_ALGORITHMS],
    }),
  );
  return { ...rp, ...swa };
}

async function runAuthentication(row: AuthenticationRow, fx: Fixtures): Promise<Outcome> {
  const base = fx.assertions[row.format];
  const d = copyAuthenticationDraft(base.draft);
  await row.mutate?.(d, base);
  if (row.resign !== false) d.signature = base.sign(d);
  if (row.signature) d.signature = row.signature(d.signature, d, base);
  const json = encodeAuthentication(d);
  row.json?.(json);
  const o = row.options ?? {};
  const signCount = o.storedSignCount ?? base.stored.signCount;
  const { backupEligible, ...stored } = base.stored;
  const rp = await rpOutcome(async () => {
    const r = await verifyAuthentication({
      response: json as never,
      expectedChallenge: base.challenge,
      expectedOrigin: ORIGIN,
      expectedRpId: RP_ID,
      credential: { ...stored, signCount, ...(o.storedBackupEligible !== 'omit' && { backupEligible: o.storedBackupEligible ?? backupEligible }) },
      requireUserVerification: o.requireUserVerification ?? false,
      ...(o.requireCounterIncrease !== undefined && { requireCounterIncrease: o.requireCounterIncrease }),
      ...(o.expectedTopOrigin && { expectedTopOrigin: o.expectedTopOrigin }),
    });
    return { flag: r.cloneWarning, detail: `signCount ${r.newSignCount}` };
  });
  const swa = await swaOutcome(row, () =>
    verifyAuthenticationResponse({
      response: json as unknown as SwaAuthentication,
      expectedChallenge: base.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: { ...base.swaCredential, counter: signCount } as WebAuthnCredential,
      requireUserVerification: o.requireUserVerification ?? false,
      ...(o.expectedTopOrigin && { expectedTopOrigin: o.expectedTopOrigin }),
    }),
  );
  return { ...rp, ...swa };
}

/** Runs one row against both verifiers. */
export function runRow(row: MutationRow, fx: Fixtures, store: TrustStore): Promise<Outcome> {
  return row.target === 'registration' ? runRegistration(row, fx, store) : runAuthentication(row, fx);
}
