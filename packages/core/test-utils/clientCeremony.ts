/**
 * Test-only: WebAuthn client ceremonies against a VirtualAuthenticator, with
 * @simplewebauthn/server (an implementation nobody here wrote) as the relying party, and a log of
 * the CTAP commands the client sent.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { decodeCbor, type CborMap } from '../src/cbor/index.js';
import { WebAuthnClient } from '../src/client/webAuthnClient.js';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '../src/client/types.js';
import type { Preset } from '../src/presets/types.js';
import { VirtualAuthenticator } from '../src/virtualAuthenticator.js';

export const ORIGIN = 'https://login.example.com';
export const RP_ID = 'example.com';

/** base64url of `n` random bytes. */
export const randomB64u = (n = 32): string => randomBytes(n).toString('base64url');

/** A CTAP command the client sent: command byte and decoded parameters. */
export interface SentCommand {
  command: number;
  params: CborMap | undefined;
}

/** An authenticator, a client for ORIGIN, and the log of commands the client sent. */
export function setup(preset: string | Preset = 'yubikey-5-nfc') {
  const authenticator = new VirtualAuthenticator({ preset });
  const sent: SentCommand[] = [];
  const request = authenticator.request.bind(authenticator);
  authenticator.request = (bytes, options) => {
    sent.push({ command: bytes[0]!, params: bytes.length > 1 ? (decodeCbor(bytes.subarray(1)) as CborMap) : undefined });
    return request(bytes, options);
  };
  return { authenticator, client: new WebAuthnClient({ authenticator, origin: ORIGIN }), sent };
}

/** Creation options for RP_ID with a fresh challenge and user. */
export const creation = (over: Partial<PublicKeyCredentialCreationOptionsJSON> = {}): PublicKeyCredentialCreationOptionsJSON => ({
  rp: { id: RP_ID, name: 'Example' },
  user: { id: randomB64u(16), name: 'ada@example.com', displayName: 'Ada' },
  challenge: randomB64u(),
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
  ...over,
});

/** Request options for RP_ID with a fresh challenge. */
export const request = (over: Partial<PublicKeyCredentialRequestOptionsJSON> = {}): PublicKeyCredentialRequestOptionsJSON => ({
  challenge: randomB64u(),
  rpId: RP_ID,
  ...over,
});

type SwaRegistration = Parameters<typeof verifyRegistrationResponse>[0]['response'];
type SwaAuthentication = Parameters<typeof verifyAuthenticationResponse>[0]['response'];

/** SimpleWebAuthn's verdict on a registration made with `options`. */
export function swaRegistration(registration: RegistrationResponseJSON, options: PublicKeyCredentialCreationOptionsJSON, requireUserVerification: boolean) {
  return verifyRegistrationResponse({
    response: registration as SwaRegistration,
    expectedChallenge: options.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    requireUserVerification,
    supportedAlgorithmIDs: [-7, -8, -257],
  });
}

/** SimpleWebAuthn's verdict on an assertion for a credential it registered. */
export async function swaAssertion(assertion: AuthenticationResponseJSON, options: PublicKeyCredentialRequestOptionsJSON, registration: RegistrationResponseJSON, requireUserVerification: boolean) {
  const reg = await swaRegistration(registration, { challenge: JSON.parse(Buffer.from(registration.response.clientDataJSON, 'base64url').toString()).challenge } as PublicKeyCredentialCreationOptionsJSON, false);
  const credential = reg.registrationInfo!.credential;
  return verifyAuthenticationResponse({
    response: assertion as SwaAuthentication,
    expectedChallenge: options.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    credential: { id: credential.id, publicKey: credential.publicKey, counter: 0 },
    requireUserVerification,
  });
}

/** The flags byte of a response's authenticatorData. */
export function flagsOf(response: { response: { authenticatorData: string } }): { up: boolean; uv: boolean; ed: boolean } {
  const flags = Buffer.from(response.response.authenticatorData, 'base64url')[32]!;
  return { up: (flags & 0x01) !== 0, uv: (flags & 0x04) !== 0, ed: (flags & 0x80) !== 0 };
}

/** getInfo options of the authenticator, asked directly. */
export async function infoOptions(authenticator: VirtualAuthenticator): Promise<Map<string, boolean>> {
  const out = await authenticator.request(Uint8Array.of(0x04));
  return (decodeCbor(out.body) as CborMap).get(0x04) as Map<string, boolean>;
}
