/**
 * Test-only: the valid responses every mutation starts from, made once per run by vfido's
 * authenticator and WebAuthn client (seeded, so keys and certificates are reproducible), plus the
 * means to re-attest and re-sign a mutated copy with the same keys: the attestation statement builders
 * of @vfido/core over the mutated authenticator data, and the credential private key from the
 * authenticator's store.
 * @module
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { VirtualAuthenticator, WebAuthnClient, decodeCbor, getPreset, type Preset, type AttestationProfile } from '@vfido/core';
import { verifyRegistration, type CredentialRecord } from '@vfido/rp';
import { buildAttestation } from '../../packages/core/src/attestation/index.js';
import { vendorCa, type VendorCa } from '../../packages/core/src/ca/testCa.js';
import { signWith, type KeyPair } from '../../packages/core/src/crypto/keyPair.js';
import type { SigningAlgorithm } from '../../packages/core/src/crypto/algorithms.js';
import { cloneParts, encodeAuthData, sha256, splitAuthData } from './authData.js';
import type { AuthenticationDraft, RegistrationDraft } from './types.js';

/** The page origin of every ceremony. */
export const ORIGIN = 'https://login.example.com';
/** The RP ID of every ceremony. */
export const RP_ID = 'example.com';
/** Seed of every authenticator and test CA (reproducible keys and certificates). */
export const SEED = 'vfido-negative-mutations';

/** The valid registrations, by attestation format (`packed-self`: packed self attestation). */
export type RegistrationFixture = 'packed' | 'packed-self' | 'tpm' | 'android-key' | 'apple' | 'fido-u2f' | 'none';
/** The valid assertions, by credential algorithm. */
export type AuthenticationFixture = 'ES256' | 'RS256' | 'EdDSA';

/** Which preset makes each registration (and with which credential algorithm). */
const REGISTRATIONS: Record<RegistrationFixture, { preset: string; alg: SigningAlgorithm; attestation?: AttestationProfile }> = {
  packed: { preset: 'yubikey-5-nfc', alg: -7 },
  'packed-self': { preset: 'generic', alg: -7 },
  tpm: { preset: 'windows-hello-hardware', alg: -257 },
  'android-key': { preset: 'ms-authenticator-android', alg: -7 },
  apple: { preset: 'icloud-keychain-managed', alg: -7 },
  // No preset attests with fido-u2f: a YubiKey 5 answering over CTAP1 does (same vendor CA, batch key).
  'fido-u2f': { preset: 'yubikey-5-nfc', alg: -7, attestation: { format: 'fido-u2f', type: 'basic' } },
  none: { preset: 'icloud-keychain', alg: -7 },
};

/** Which registration each assertion signs in with. */
const ASSERTIONS: Record<AuthenticationFixture, RegistrationFixture | { preset: string; alg: SigningAlgorithm }> = {
  ES256: 'packed',
  RS256: 'tpm',
  EdDSA: { preset: 'yubikey-5-nfc', alg: -8 },
};

/** A valid registration and what re-attesting it needs. */
export interface RegistrationBase {
  fixture: RegistrationFixture;
  /** The preset as the authenticator ran it (attestation profile included). */
  preset: Preset;
  authenticator: VirtualAuthenticator;
  client: WebAuthnClient;
  challenge: string;
  /** The response as the client returned it. */
  response: Record<string, unknown>;
  /** The response decoded (rows get a deep copy). */
  draft: RegistrationDraft;
  /** The credential key pair, from the authenticator's store. */
  credentialKey: KeyPair;
  /** AAGUID the builder certified (zero for fido-u2f). */
  aaguid: Uint8Array;
  /** PEM roots of the preset vendor's test CA (trust anchors for both verifiers). */
  roots: string[];
  /** The vendor test CA that issued the attestation certificate chain. */
  ca: VendorCa;
  /** The attestation statement a correct authenticator would produce for `d` (same keys, same CA). */
  attest(d: RegistrationDraft): Promise<Map<string, unknown>>;
}

/** A valid assertion and what re-signing it needs. */
export interface AuthenticationBase {
  fixture: AuthenticationFixture;
  challenge: string;
  response: Record<string, unknown>;
  draft: AuthenticationDraft;
  keyPair: KeyPair;
  /** The credential record @vfido/rp returned at registration. */
  stored: CredentialRecord;
  /** The same credential as SimpleWebAuthn stores it. */
  swaCredential: { id: string; publicKey: Uint8Array };
  /** The assertion signature a correct authenticator would produce for `d`. */
  sign(d: AuthenticationDraft): Uint8Array;
}

/** Everything the table runs against. */
export interface Fixtures {
  registrations: Record<RegistrationFixture, RegistrationBase>;
  assertions: Record<AuthenticationFixture, AuthenticationBase>;
}

const b64u = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const fromB64u = (text: unknown): Uint8Array => new Uint8Array(Buffer.from(String(text), 'base64url'));
/** Deterministic per-ceremony challenge (32 bytes). */
const challengeFor = (label: string): string => b64u(sha256(`${SEED}/challenge/${label}`));

/** Copies a registration draft deeply enough that no mutation reaches the base. */
export function copyRegistrationDraft(d: RegistrationDraft): RegistrationDraft {
  const attStmt = d.attStmt instanceof Map ? new Map(d.attStmt) : d.attStmt;
  if (attStmt instanceof Map) {
    for (const [k, v] of attStmt) if (Array.isArray(v)) attStmt.set(k, [...v]);
  }
  return {
    credential: structuredClone(d.credential),
    response: structuredClone(d.response),
    clientDataJSON: d.clientDataJSON.slice(),
    authData: cloneParts(d.authData),
    fmt: d.fmt,
    attStmt,
  };
}

/** Copies an assertion draft. */
export function copyAuthenticationDraft(d: AuthenticationDraft): AuthenticationDraft {
  return {
    credential: structuredClone(d.credential),
    response: structuredClone(d.response),
    clientDataJSON: d.clientDataJSON.slice(),
    authData: cloneParts(d.authData),
    signature: d.signature.slice(),
  };
}

/** The key pair of the authenticator's only credential for RP_ID, from its store. */
function storedKeyPair(authenticator: VirtualAuthenticator, id: Uint8Array): KeyPair {
  const record = authenticator.credentials({ rpId: RP_ID }).find((c) => Buffer.compare(c.id, id) === 0);
  if (!record) throw new Error('credential not in the authenticator store');
  const privateKey = createPrivateKey({ key: Buffer.from(record.privateKey), format: 'der', type: 'pkcs8' });
  return { alg: record.alg, privateKey, publicKey: createPublicKey(privateKey) };
}

async function register(fixture: RegistrationFixture, spec: { preset: string; alg: SigningAlgorithm; attestation?: AttestationProfile }): Promise<RegistrationBase> {
  const base = getPreset(spec.preset);
  const preset: Preset = spec.attestation ? { ...base, attestation: spec.attestation } : base;
  const authenticator = new VirtualAuthenticator({ preset, seed: SEED });
  const client = new WebAuthnClient({ authenticator, origin: ORIGIN });
  const challenge = challengeFor(`registration/${fixture}/${spec.alg}`);
  const response = (await client.create({
    rp: { id: RP_ID, name: 'Example' },
    user: { id: b64u(sha256(`${SEED}/user`).subarray(0, 16)), name: 'ada@example.com', displayName: 'Ada' },
    challenge,
    pubKeyCredParams: [{ type: 'public-key', alg: spec.alg }],
    authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' },
    attestation: 'direct',
  })) as unknown as Record<string, unknown>;
  const { response: inner, ...credential } = structuredClone(response) as { response: Record<string, unknown> } & Record<string, unknown>;
  const { clientDataJSON, attestationObject, ...rest } = inner;
  const object = decodeCbor(fromB64u(attestationObject)) as unknown as Map<string, unknown>;
  const authData = splitAuthData(object.get('authData') as Uint8Array);
  const attested = authData.attested;
  if (!attested) throw new Error('registration without attested credential data');
  const draft: RegistrationDraft = {
    credential,
    response: rest,
    clientDataJSON: fromB64u(clientDataJSON),
    authData,
    fmt: object.get('fmt'),
    attStmt: new Map(object.get('attStmt') as Map<string, unknown>),
  };
  const credentialKey = storedKeyPair(authenticator, attested.credentialId);
  const format = preset.attestation.format;
  const aaguid = attested.aaguid.slice();
  // The builders' own fallbacks when a preset names no vendor (tpm: microsoft, android-key: google).
  const caVendor = preset.vendor || (format === 'tpm' ? 'microsoft' : format === 'android-key' ? 'google' : '');
  return {
    fixture,
    preset,
    authenticator,
    client,
    challenge,
    response,
    draft,
    credentialKey,
    aaguid,
    roots: await authenticator.attestationRoots(),
    ca: await vendorCa(caVendor, SEED),
    async attest(d) {
      const a = d.authData.attested;
      const { attStmt } = await buildAttestation(format, {
        preset,
        authData: encodeAuthData(d.authData),
        clientDataHash: sha256(d.clientDataJSON),
        credentialKey,
        credentialPublicKey: a?.publicKey ?? attested.publicKey,
        credentialId: a?.credentialId ?? attested.credentialId,
        aaguid,
        seed: SEED,
      });
      return new Map(attStmt as Map<string, unknown>);
    },
  };
}

async function signIn(fixture: AuthenticationFixture, reg: RegistrationBase): Promise<AuthenticationBase> {
  const verified = await verifyRegistration({
    response: reg.response as never,
    expectedChallenge: reg.challenge,
    expectedOrigin: ORIGIN,
    expectedRpId: RP_ID,
  });
  const { credential } = verified;
  const challenge = challengeFor(`authentication/${fixture}`);
  const response = (await reg.client.get({
    challenge,
    rpId: RP_ID,
    allowCredentials: [{ type: 'public-key', id: credential.id }],
    userVerification: 'discouraged',
  })) as unknown as Record<string, unknown>;
  const { response: inner, ...envelope } = structuredClone(response) as { response: Record<string, unknown> } & Record<string, unknown>;
  const { clientDataJSON, authenticatorData, signature, ...rest } = inner;
  const keyPair = reg.credentialKey;
  return {
    fixture,
    challenge,
    response,
    draft: {
      credential: envelope,
      response: rest,
      clientDataJSON: fromB64u(clientDataJSON),
      authData: splitAuthData(fromB64u(authenticatorData)),
      signature: fromB64u(signature),
    },
    keyPair,
    stored: { id: credential.id, publicKey: credential.publicKey, signCount: credential.signCount, backupEligible: credential.backupEligible },
    swaCredential: { id: credential.id, publicKey: credential.publicKey },
    sign: (d) => signWith(keyPair, new Uint8Array(Buffer.concat([encodeAuthData(d.authData), sha256(d.clientDataJSON)]))),
  };
}

/** Makes every valid registration and assertion (about a second: RSA keys come from the seed). */
export async function makeFixtures(): Promise<Fixtures> {
  const entries = await Promise.all(
    (Object.entries(REGISTRATIONS) as [RegistrationFixture, (typeof REGISTRATIONS)[RegistrationFixture]][]).map(
      async ([fixture, spec]) => [fixture, await register(fixture, spec)] as const,
    ),
  );
  const registrations = Object.fromEntries(entries) as Record<RegistrationFixture, RegistrationBase>;
  const assertions = {} as Record<AuthenticationFixture, AuthenticationBase>;
  for (const [fixture, source] of Object.entries(ASSERTIONS) as [AuthenticationFixture, (typeof ASSERTIONS)[AuthenticationFixture]][]) {
    const reg = typeof source === 'string' ? registrations[source] : await register('packed', source);
    assertions[fixture] = await signIn(fixture, reg);
  }
  return { registrations, assertions };
}
