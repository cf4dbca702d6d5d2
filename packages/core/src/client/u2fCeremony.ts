/**
 * WebAuthn ceremonies on a CTAP1/U2F-only authenticator, as browsers run them when authenticatorGetInfo fails
 * (CTAP 2.1 section 10 "Interoperating with CTAP1/U2F authenticators": 10.2 authenticatorMakeCredential via
 * U2F_REGISTER, 10.3 authenticatorGetAssertion via U2F_AUTHENTICATE; FIDO U2F Raw Message Formats v1.2).
 * The result is what WebAuthn L3 8.6 describes for `fido-u2f`: a zero AAGUID, flags UP|AT (no UV, never
 * discoverable), the U2F attestation certificate and signature as the statement.
 * @module
 */
import { createHash, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { buildAuthenticatorData } from '../authData/index.js';
import { encodeCbor } from '../cbor/index.js';
import type { CborValue } from '../cbor/types.js';
import { coseKeyToSpki, encodeCoseKey } from '../cose/index.js';
import { ControlByte } from '../ctap1/authenticate.js';
import { Ctap1Instruction } from '../ctap1/dispatch.js';
import { StatusWord, statusWordName } from '../ctap1/status.js';
import type { Ctap1Outcome } from '../ctap1/dispatch.js';
import type { Preset } from '../presets/types.js';
import { b64u, type CtapChannel } from './ceremony.js';
import type { AuthenticationExtensionsClientOutputsJSON, AuthenticationResponseJSON, RegistrationResponseJSON } from './types.js';
import { WebAuthnError } from './webAuthnError.js';

const sha256 = (data: Uint8Array | string): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

/** An extended-length command APDU (CTAP 2.1 11.2.9.1.1: CLA 00, INS, P1, P2 00, Lc as 00 hi lo, data, Le 00 00). */
function commandApdu(ins: number, p1: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(7 + data.length + 2);
  out.set([0x00, ins, p1, 0x00, 0x00, data.length >> 8, data.length & 0xff]);
  out.set(data, 7);
  return out;
}

function u2fFailure(outcome: Ctap1Outcome, what: 'registration' | 'sign-in'): WebAuthnError {
  const detail = outcome.error?.message ?? statusWordName(outcome.sw);
  return new WebAuthnError('NotAllowedError', `${what} failed on a U2F authenticator: ${detail}`, { ctapCode: statusWordName(outcome.sw), cause: outcome.error });
}

/**
 * The user-verification and resident-key requirements a U2F authenticator cannot meet: a browser leaves such
 * an authenticator out (Chromium filters it), so with no other the request fails with NotAllowedError.
 * @throws WebAuthnError NotAllowedError
 */
function refuseUnmeetable(preset: Preset, uv: string | undefined, rk: 'required' | undefined): void {
  if (uv === 'required') throw new WebAuthnError('NotAllowedError', `userVerification is required but ${preset.id} is a U2F-only authenticator, which cannot verify users`);
  if (rk === 'required') throw new WebAuthnError('NotAllowedError', `residentKey is required but ${preset.id} is a U2F-only authenticator, which cannot store discoverable credentials`);
}

/** What {@link registerWithU2f} needs from the create() call. */
export interface U2fRegistration {
  preset: Preset;
  rpId: string;
  clientDataJSON: Uint8Array;
  clientDataHash: Uint8Array;
  excludeIds: readonly Uint8Array[];
  conveyance: string;
  userVerification: string | undefined;
  residentKey: string;
  /** The algorithms the RP accepts: U2F makes only ES256 (-7). */
  algorithms: readonly number[];
  /** The client extension outputs for an authenticator without CTAP2 extensions (credProps rk false, prf not enabled...). */
  clientExtensionResults: AuthenticationExtensionsClientOutputsJSON;
}

/**
 * authenticatorMakeCredential through U2F (CTAP 2.1 10.2): excluded key handles are checked with
 * U2F_AUTHENTICATE check-only (SW_CONDITIONS_NOT_SATISFIED means "ours": InvalidStateError after a touch),
 * then U2F_REGISTER with clientDataHash as the challenge parameter and SHA-256(rpId) as the application.
 * @throws WebAuthnError NotSupportedError (no ES256 in pubKeyCredParams), NotAllowedError (UV or a resident key
 *   required, user presence refused), InvalidStateError (an excluded credential is on the key)
 */
export async function registerWithU2f(channel: CtapChannel, r: U2fRegistration): Promise<RegistrationResponseJSON> {
  refuseUnmeetable(r.preset, r.userVerification, r.residentKey === 'required' ? 'required' : undefined);
  if (!r.algorithms.includes(-7)) throw new WebAuthnError('NotSupportedError', `${r.preset.id} is a U2F authenticator: it makes only ES256 (-7) keys, which pubKeyCredParams does not list`);
  const appParam = sha256(r.rpId);
  for (const id of r.excludeIds) {
    if (id.length > 255) continue; // no U2F key handle is that long
    const probe = new Uint8Array([...randomBytes(32), ...appParam, id.length, ...id]);
    const outcome = await channel.exchangeU2f(commandApdu(Ctap1Instruction.AUTHENTICATE, ControlByte.CHECK_ONLY, probe));
    if (outcome.sw === StatusWord.SW_CONDITIONS_NOT_SATISFIED) {
      // 10.2 step 1: the key handle is this key's; a browser still asks for a touch (a dummy registration) first.
      const touch = await channel.exchangeU2f(commandApdu(Ctap1Instruction.REGISTER, 0x00, new Uint8Array([...sha256('dummy challenge'), ...sha256('dummy application')])));
      if (touch.sw !== StatusWord.SW_NO_ERROR) throw u2fFailure(touch, 'registration');
      throw new WebAuthnError('InvalidStateError', 'registration failed: an excluded credential is on this U2F authenticator', { ctapCode: 'CTAP2_ERR_CREDENTIAL_EXCLUDED' });
    }
  }
  const outcome = await channel.exchangeU2f(commandApdu(Ctap1Instruction.REGISTER, 0x00, new Uint8Array([...r.clientDataHash, ...appParam])));
  if (outcome.sw !== StatusWord.SW_NO_ERROR) throw u2fFailure(outcome, 'registration');
  // Registration response: 0x05 || user public key (65) || L || key handle (L) || attestation cert (DER) || signature (DER).
  const data = outcome.data;
  const point = data.subarray(1, 66);
  const handleLength = data[66] ?? 0;
  const keyHandle = data.slice(67, 67 + handleLength);
  const rest = data.subarray(67 + handleLength);
  // The certificate's length is in its own DER header: OpenSSL reads one certificate and ignores what follows.
  let certificate: Uint8Array;
  try {
    certificate = new Uint8Array(new X509Certificate(rest).raw);
  } catch (cause) {
    throw new WebAuthnError('UnknownError', 'registration failed: the U2F registration response carries no readable attestation certificate', { cause });
  }
  const signature = rest.slice(certificate.length);

  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: Buffer.from(point.subarray(1, 33)).toString('base64url'), y: Buffer.from(point.subarray(33, 65)).toString('base64url') },
    format: 'jwk',
  });
  const credentialPublicKey = encodeCoseKey(publicKey, -7);
  // 10.2 step 4: authenticator data with the zero AAGUID, UP and AT, counter 0.
  const authData = buildAuthenticatorData({
    rpIdHash: appParam,
    flags: { up: true, uv: false },
    signCount: 0,
    attestedCredentialData: { aaguid: new Uint8Array(16), credentialId: keyHandle, credentialPublicKey },
  });
  // WebAuthn L3 5.1.3 step 22: with "none" conveyance the statement is replaced.
  const none = r.conveyance === 'none';
  const attStmt = none ? new Map() : new Map<string, CborValue>([['sig', signature], ['x5c', [certificate]]]);
  const attestationObject = encodeCbor(new Map<string, CborValue>([['fmt', none ? 'none' : 'fido-u2f'], ['attStmt', attStmt], ['authData', authData]]));
  const id = b64u(keyHandle);
  return {
    id,
    rawId: id,
    response: {
      clientDataJSON: b64u(r.clientDataJSON),
      authenticatorData: b64u(authData),
      transports: [...r.preset.transports].sort(),
      publicKey: b64u(coseKeyToSpki(credentialPublicKey)),
      publicKeyAlgorithm: -7,
      attestationObject: b64u(attestationObject),
    },
    authenticatorAttachment: 'cross-platform',
    clientExtensionResults: r.clientExtensionResults,
    type: 'public-key',
  };
}

/** What {@link authenticateWithU2f} needs from the get() call. */
export interface U2fAuthentication {
  preset: Preset;
  rpId: string;
  clientDataJSON: Uint8Array;
  clientDataHash: Uint8Array;
  allowIds: readonly Uint8Array[];
  userVerification: string | undefined;
  /** The client extension outputs for an authenticator without CTAP2 extensions (prf without results...). */
  clientExtensionResults: AuthenticationExtensionsClientOutputsJSON;
}

/**
 * authenticatorGetAssertion through U2F (CTAP 2.1 10.3): U2F_AUTHENTICATE (enforce user presence) with each
 * allowed key handle until one is the key's (SW_WRONG_DATA: not this key's, try the next). A U2F key holds no
 * discoverable credentials, so an empty allow list cannot be served.
 * @throws WebAuthnError NotAllowedError (UV required, empty allowCredentials, no key handle matches, presence refused)
 */
export async function authenticateWithU2f(channel: CtapChannel, a: U2fAuthentication): Promise<AuthenticationResponseJSON> {
  refuseUnmeetable(a.preset, a.userVerification, undefined);
  if (a.allowIds.length === 0) throw new WebAuthnError('NotAllowedError', `sign-in failed: ${a.preset.id} is a U2F-only authenticator and holds no discoverable credentials (allowCredentials is empty)`);
  const appParam = sha256(a.rpId);
  let last: Ctap1Outcome | undefined;
  for (const id of a.allowIds) {
    if (id.length > 255) continue;
    const request = new Uint8Array([...a.clientDataHash, ...appParam, id.length, ...id]);
    const outcome = await channel.exchangeU2f(commandApdu(Ctap1Instruction.AUTHENTICATE, ControlByte.ENFORCE_USER_PRESENCE_AND_SIGN, request));
    if (outcome.sw === StatusWord.SW_WRONG_DATA) {
      last = outcome;
      continue;
    }
    if (outcome.sw !== StatusWord.SW_NO_ERROR) throw u2fFailure(outcome, 'sign-in');
    // Authentication response: user presence byte || counter (4, big-endian) || signature (DER).
    const data = outcome.data;
    const signCount = Buffer.from(data.subarray(1, 5)).readUInt32BE(0);
    const authData = buildAuthenticatorData({ rpIdHash: appParam, flags: { up: (data[0]! & 0x01) === 0x01, uv: false }, signCount });
    const credentialId = b64u(id);
    return {
      id: credentialId,
      rawId: credentialId,
      response: { clientDataJSON: b64u(a.clientDataJSON), authenticatorData: b64u(authData), signature: b64u(data.slice(5)) },
      authenticatorAttachment: 'cross-platform',
      clientExtensionResults: a.clientExtensionResults,
      type: 'public-key',
    };
  }
  throw new WebAuthnError('NotAllowedError', `sign-in failed: none of the ${a.allowIds.length} allowed credentials is on this U2F authenticator`, {
    ...(last && { ctapCode: statusWordName(last.sw) }),
  });
}
