/**
 * Test-only: hand a built attestation statement to @simplewebauthn/server as a registration
 * response. The attestationObject is encoded with cbor-x (plain-CBOR options, see
 * shared/reference/platform-notes.md), not with vfido's encoder, so the check stays independent.
 * @module
 */
import { Encoder } from 'cbor-x';
import { verifyRegistrationResponse } from '@simplewebauthn/server';

const PLAIN_CBOR = { useRecords: false, mapsAsObjects: false, useTag259ForMaps: false, variableMapSize: true, tagUint8Array: false };
const encoder = new Encoder(PLAIN_CBOR);
const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/** What the RP expects and what the authenticator produced. */
export interface SwaAttestationInput {
  /** fmt and attStmt as a builder returned them. */
  statement: { fmt: string; attStmt: ReadonlyMap<string | number, unknown> };
  authData: Uint8Array;
  credentialId: Uint8Array;
  clientDataJSON: Uint8Array;
  expectedChallenge: string;
  expectedOrigin: string;
  expectedRPID: string;
  supportedAlgorithmIDs?: number[];
}

/** SimpleWebAuthn's verdict on a statement built by a vfido builder. */
export function verifyStatementWithSwa(input: SwaAttestationInput): ReturnType<typeof verifyRegistrationResponse> {
  const { statement, authData, credentialId, clientDataJSON, ...expected } = input;
  const attestationObject = encoder.encode(new Map<string, unknown>([['fmt', statement.fmt], ['attStmt', statement.attStmt], ['authData', authData]]));
  const id = b64u(credentialId);
  return verifyRegistrationResponse({
    response: {
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(new Uint8Array(attestationObject)) },
      clientExtensionResults: {},
    },
    ...expected,
  });
}
