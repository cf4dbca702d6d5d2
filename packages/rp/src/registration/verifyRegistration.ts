/**
 * Registration ceremony verification (WebAuthn L3 7.1 "Registering a New Credential", steps 3-28).
 * Step 26 (credential ID not yet registered) is the caller's: look `credential.id` up before storing it.
 * @module
 */
import { parseAuthenticatorData } from '../authData/parseAuthenticatorData.js';
import { verifyFlags, verifyRpIdHash } from '../authData/verifyAuthenticatorData.js';
import { parseClientData } from '../clientData/parseClientData.js';
import { verifyClientData } from '../clientData/verifyClientData.js';
import { DEFAULT_SUPPORTED_ALGORITHMS, coseAlgorithmName } from '../cose/algorithms.js';
import { CoseKeyError, parseCoseKey, type CosePublicKey } from '../cose/parseCoseKey.js';
import { sha256 } from '../crypto/hash.js';
import { encodeBase64url, unpadBase64url } from '../encoding/base64url.js';
import { bytesEqual, copyBytes } from '../encoding/bytes.js';
import { quote, VerificationError } from '../errors.js';
import { verifyAuthenticatorExtensions, verifyClientExtensionResults } from '../extensions/verifyExtensionOutputs.js';
import { base64urlField, credentialObject, transportsField } from '../responseJson.js';
import { policyForRegistration } from '../policy/applyPasskeyPolicy.js';
import { assessTrust } from './assessTrust.js';
import { decodeAttestationObject } from './decodeAttestationObject.js';
import { attestationVerifierFor } from './formats/index.js';
import type { RegistrationVerification, VerifyRegistrationOptions } from './types.js';

/** Longest credential ID an RP should accept (L3 7.1 step 25). */
export const MAX_CREDENTIAL_ID_LENGTH = 1023;

/**
 * Verifies a registration response and returns the credential record to store.
 * @param options the response and the RP's expectations
 * @see https://www.w3.org/TR/webauthn-3/#sctn-registering-a-new-credential
 * @throws VerificationError ERR_INVALID_RESPONSE, ERR_TYPE_MISMATCH, ERR_CHALLENGE_MISMATCH, ERR_ORIGIN_MISMATCH,
 *   ERR_CROSS_ORIGIN, ERR_TOP_ORIGIN_MISMATCH, ERR_ATTESTATION_MALFORMED, ERR_AUTHDATA_MALFORMED,
 *   ERR_ATTESTED_DATA_MISSING, ERR_CREDENTIAL_ID_TOO_LONG, ERR_CREDENTIAL_ID_MISMATCH, ERR_RPID_MISMATCH,
 *   ERR_USER_PRESENCE_REQUIRED, ERR_USER_VERIFICATION_REQUIRED, ERR_BACKUP_FLAGS_INVALID, ERR_ALGORITHM_NOT_ALLOWED,
 *   ERR_ATTESTATION_UNSUPPORTED, ERR_ATTESTATION_SIGNATURE, ERR_ATTESTATION_UNTRUSTED, ERR_AUTHENTICATOR_REVOKED,
 *   ERR_EXTENSIONS_INVALID
 * @throws PolicyError (ERR_POLICY_*) when `options.policy` holds a configuration Entra would refuse
 */
export async function verifyRegistration(options: VerifyRegistrationOptions): Promise<RegistrationVerification> {
  const now = options.now ?? new Date();
  // Step 3: a PublicKeyCredential with an attestation response.
  const { credential, inner, rawId } = credentialObject(options.response);
  const clientDataJSON = base64urlField(inner, 'clientDataJSON', 'response.response.clientDataJSON');
  const attestationObjectBytes = base64urlField(inner, 'attestationObject', 'response.response.attestationObject');
  const transports = transportsField(inner);
  // Step 4.
  const clientExtensionResults = verifyClientExtensionResults(credential.clientExtensionResults);

  // Steps 5-11.
  const clientData = parseClientData(clientDataJSON);
  await verifyClientData(clientData, {
    type: 'webauthn.create',
    challenge: options.expectedChallenge,
    origin: options.expectedOrigin,
    topOrigin: options.expectedTopOrigin,
  });
  // Step 12.
  const clientDataHash = sha256(clientDataJSON);

  // Step 13: decode the attestation object and its authenticator data.
  const { fmt, attStmt, authData: authDataBytes } = decodeAttestationObject(attestationObjectBytes);
  const authData = parseAuthenticatorData(authDataBytes);
  const attested = authData.attestedCredentialData;
  if (!attested) {
    throw new VerificationError('ERR_ATTESTED_DATA_MISSING', 'authenticator data has no attested credential data (AT flag clear)');
  }
  // Step 25 (checked early: cheap, and bounds the work below).
  if (attested.credentialId.byteLength > MAX_CREDENTIAL_ID_LENGTH) {
    throw new VerificationError(
      'ERR_CREDENTIAL_ID_TOO_LONG',
      `credential id is ${attested.credentialId.byteLength} bytes; at most ${MAX_CREDENTIAL_ID_LENGTH} allowed`,
    );
  }
  // The credential ID the client reported must be the one the authenticator attested.
  if (!bytesEqual(rawId, attested.credentialId) || unpadBase64url(credential.id as string) !== encodeBase64url(attested.credentialId)) {
    throw new VerificationError('ERR_CREDENTIAL_ID_MISMATCH', 'response id/rawId differ from the credential id in the authenticator data');
  }

  // Steps 14-17.
  const rpId = verifyRpIdHash(authData, options.expectedRpId);
  verifyFlags(authData, {
    requireUserPresence: options.requireUserPresence ?? true,
    requireUserVerification: options.requireUserVerification ?? false,
  });

  // Step 20: the credential key's algorithm was offered in pubKeyCredParams.
  let credentialKey: CosePublicKey;
  try {
    credentialKey = parseCoseKey(attested.credentialPublicKeyMap);
  } catch (cause) {
    if (cause instanceof CoseKeyError && cause.unsupportedAlgorithm) {
      throw new VerificationError('ERR_ALGORITHM_NOT_ALLOWED', cause.message, { cause });
    }
    throw new VerificationError('ERR_AUTHDATA_MALFORMED', `credential public key: ${(cause as Error).message}`, { cause });
  }
  const supported = options.supportedAlgorithms ?? DEFAULT_SUPPORTED_ALGORITHMS;
  if (!supported.includes(credentialKey.alg)) {
    throw new VerificationError('ERR_ALGORITHM_NOT_ALLOWED', `credential key algorithm ${coseAlgorithmName(credentialKey.alg)} is not in supportedAlgorithms`, {
      details: { alg: credentialKey.alg, supported },
    });
  }

  // Steps 21-22: the format's verification procedure.
  const verifier = attestationVerifierFor(fmt);
  if (!verifier) throw new VerificationError('ERR_ATTESTATION_UNSUPPORTED', `attestation format ${quote(fmt, 40)} is not supported`, { details: { fmt } });
  const output = await verifier({ attStmt, authData, attested, credentialKey, clientDataHash, now });

  // Steps 23-24.
  const trusted = assessTrust(output, options.trustStore, { fmt, aaguid: attested.aaguidString, now });

  // Step 28: extension outputs.
  const authenticatorExtensionResults = verifyAuthenticatorExtensions(authData.extensions, 'registration');

  const result: RegistrationVerification = {
    credential: {
      id: encodeBase64url(attested.credentialId),
      publicKey: copyBytes(attested.credentialPublicKey),
      algorithm: credentialKey.alg,
      signCount: authData.signCount,
      transports,
      aaguid: attested.aaguidString,
      backupEligible: authData.flags.be,
      backupState: authData.flags.bs,
      uvInitialized: authData.flags.uv,
      userVerified: authData.flags.uv,
      attestation: {
        fmt,
        type: output.type,
        trustPath: output.trustPath.map((c) => copyBytes(c.der)),
        trusted,
      },
    },
    rpId,
    origin: clientData.origin,
    clientExtensionResults,
    authenticatorExtensionResults,
  };
  if (typeof credential.authenticatorAttachment === 'string') result.authenticatorAttachment = credential.authenticatorAttachment;
  if (options.policy) result.policy = policyForRegistration(options.policy, result, options.trustStore, now);
  return result;
}
