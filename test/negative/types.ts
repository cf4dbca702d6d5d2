/**
 * Test-only: the shape of a mutation row and of the decoded responses (drafts) rows mutate.
 *
 * A row changes one field of a valid response and states what the WebAuthn L3 spec requires of a
 * relying party for that change: `rp` is the exact @vfido/rp outcome (an error code, or `accept`),
 * which is the spec verdict; `swa` is @simplewebauthn/server 14's verdict. When the two verdicts differ
 * (or SimpleWebAuthn cannot be asked), `why` says why, and the row is a disagreement.
 * @module
 */
import type { VerificationErrorCodeValue } from '@vfido/rp';
import type { AuthDataParts } from './authData.js';
import type { RegistrationFixture, AuthenticationFixture, RegistrationBase, AuthenticationBase } from './fixtures.js';

/** A verifier's verdict. */
export type Verdict = 'accept' | 'reject';

/** Marks a member of the attestation object as absent. */
export const OMIT: unique symbol = Symbol('omit');

/** What the relying party is configured to expect, mapped onto both verifiers. */
export interface CeremonyOptions {
  /** false: conditional mediation create (L3 7.1 step 15), both verifiers. */
  requireUserPresence?: boolean;
  /** userVerification 'required' (both verifiers). */
  requireUserVerification?: boolean;
  /** pubKeyCredParams (registration; both verifiers). */
  supportedAlgorithms?: number[];
  /** @vfido/rp `requireCounterIncrease` (SimpleWebAuthn always fails a non-increasing counter). */
  requireCounterIncrease?: boolean;
  /** The stored credential record's counter (authentication). */
  storedSignCount?: number;
  /** Pass the stored BE flag to @vfido/rp (authentication; SimpleWebAuthn has no such input). Default: passed. */
  storedBackupEligible?: boolean | 'omit';
  /** Top-level origins the RP expects to be embedded in. */
  expectedTopOrigin?: string;
}

/** A registration response, decoded: every field a row may change. */
export interface RegistrationDraft {
  /** PublicKeyCredential JSON members other than `response` (id, rawId, type, ...). */
  credential: Record<string, unknown>;
  /** `response` members other than clientDataJSON and attestationObject (transports, ...). */
  response: Record<string, unknown>;
  clientDataJSON: Uint8Array;
  authData: AuthDataParts;
  fmt: unknown;
  attStmt: unknown;
  /** Replaces the encoded authData in the attestation object (OMIT, a text string, ...). */
  authDataValue?: unknown;
  /** Replaces the whole encoded attestation object. */
  attestationObject?: Uint8Array;
}

/** An assertion, decoded. */
export interface AuthenticationDraft {
  credential: Record<string, unknown>;
  response: Record<string, unknown>;
  clientDataJSON: Uint8Array;
  authData: AuthDataParts;
  signature: Uint8Array;
}

/** What every row states. */
interface RowCommon {
  /** Unique, says which field changes and how. */
  name: string;
  /** The WebAuthn L3 (or referenced spec) section that decides the verdict. */
  spec: string;
  /** The exact @vfido/rp outcome, which must be the spec's verdict. */
  rp: VerificationErrorCodeValue | 'accept';
  /** @simplewebauthn/server's verdict; 'n/a' when it has no way to be told the RP's expectation. */
  swa: Verdict | 'n/a';
  /** Why SimpleWebAuthn's verdict differs from the spec's (required exactly when it differs, or is 'n/a'). */
  why?: string;
  /**
   * On accept: registration, whether the attestation must chain to the trust store (default: true for
   * formats with a certificate chain); authentication, the expected cloneWarning (default false).
   */
  expectFlag?: boolean;
  /** Re-sign (re-attest) after `mutate` so that only the mutated field is wrong. Default true. */
  resign?: boolean;
  options?: CeremonyOptions;
}

/** A registration mutation. */
export interface RegistrationRow extends RowCommon {
  target: 'registration';
  /** Which valid registration is mutated (the attestation format; `packed-self` for packed self attestation). */
  format: RegistrationFixture;
  /** Changes client data, authenticator data, fmt or the JSON members (before re-attesting). */
  mutate?: (d: RegistrationDraft, base: RegistrationBase) => void | Promise<void>;
  /** Changes the (re-attested) attestation statement. */
  statement?: (attStmt: Map<string, unknown>, d: RegistrationDraft, base: RegistrationBase) => void | Promise<void>;
  /** Changes the final JSON. */
  json?: (json: Record<string, unknown>) => void;
}

/** An authentication mutation. */
export interface AuthenticationRow extends RowCommon {
  target: 'authentication';
  /** Which valid assertion is mutated, by credential algorithm. */
  format: AuthenticationFixture;
  /** Changes client data, authenticator data or the JSON members (before re-signing). */
  mutate?: (d: AuthenticationDraft, base: AuthenticationBase) => void | Promise<void>;
  /** Replaces the (re-signed) signature. */
  signature?: (signature: Uint8Array, d: AuthenticationDraft, base: AuthenticationBase) => Uint8Array;
  /** Changes the final JSON. */
  json?: (json: Record<string, unknown>) => void;
}

/** One row of the table. */
export type MutationRow = RegistrationRow | AuthenticationRow;

/** The spec's verdict of a row (the @vfido/rp expectation). */
export const specVerdict = (row: MutationRow): Verdict => (row.rp === 'accept' ? 'accept' : 'reject');

/** True when SimpleWebAuthn's verdict is not the spec's (or it cannot be asked). */
export const isDisagreement = (row: MutationRow): boolean => row.swa !== specVerdict(row);
