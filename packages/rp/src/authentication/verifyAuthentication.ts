/**
 * Authentication ceremony verification (WebAuthn L3 7.2 "Verifying an Authentication Assertion", steps 3-23).
 * Steps 5-6 (allowCredentials, identifying the user by userHandle) are the caller's: it looks up the
 * credential record for `response.id` and passes it as `credential`; this function checks the ids agree.
 * Step numbers follow the L3 editor's draft (the signCount step is 22 there; it was 21 in Level 2).
 * @module
 */
import { parseAuthenticatorData } from '../authData/parseAuthenticatorData.js';
import { verifyFlags, verifyRpIdHash } from '../authData/verifyAuthenticatorData.js';
import { decodeCbor } from '../cbor/decodeCbor.js';
import { isCborMap } from '../cbor/cborValue.js';
import { parseClientData } from '../clientData/parseClientData.js';
import { verifyClientData } from '../clientData/verifyClientData.js';
import { parseCoseKey, type CosePublicKey } from '../cose/parseCoseKey.js';
import { sha256 } from '../crypto/hash.js';
import { verifySignature } from '../crypto/verifySignature.js';
import { encodeBase64url, unpadBase64url } from '../encoding/base64url.js';
import { concatBytes } from '../encoding/bytes.js';
import { VerificationError } from '../errors.js';
import { verifyAuthenticatorExtensions, verifyClientExtensionResults } from '../extensions/verifyExtensionOutputs.js';
import { base64urlField, credentialObject } from '../responseJson.js';
import { policyForSignIn } from '../policy/applyPasskeyPolicy.js';
import type { CredentialRecord } from '../record/credentialRecord.js';
import type { AuthenticationVerification, VerifyAuthenticationOptions } from './types.js';

// Parsed stored keys, keyed by their COSE bytes: parsing a COSE key and importing it costs about as much as
// the signature check itself. Bounded so a long-running RP does not grow without limit.
const keyCache = new Map<string, CosePublicKey>();
const KEY_CACHE_SIZE = 1024;

function storedKey(publicKey: Uint8Array): CosePublicKey {
  const cacheKey = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('base64');
  const hit = keyCache.get(cacheKey);
  if (hit) return hit;
  let key: CosePublicKey;
  try {
    const map = decodeCbor(publicKey);
    if (!isCborMap(map)) throw new Error('not a cbor map');
    key = parseCoseKey(map);
  } catch (cause) {
    throw new VerificationError('ERR_INVALID_RESPONSE', 'credential.publicKey is not a valid COSE public key', { cause });
  }
  if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(cacheKey, key);
  return key;
}

/**
 * Verifies an authentication assertion against a stored credential record and returns the updated record.
 * @param options the response, the RP's expectations and the stored {@link CredentialRecord}
 * @see https://www.w3.org/TR/webauthn-3/#sctn-verifying-assertion
 * @throws VerificationError ERR_INVALID_RESPONSE, ERR_CREDENTIAL_ID_MISMATCH, ERR_TYPE_MISMATCH,
 *   ERR_CHALLENGE_MISMATCH, ERR_ORIGIN_MISMATCH, ERR_CROSS_ORIGIN, ERR_TOP_ORIGIN_MISMATCH, ERR_AUTHDATA_MALFORMED,
 *   ERR_RPID_MISMATCH, ERR_USER_PRESENCE_REQUIRED, ERR_USER_VERIFICATION_REQUIRED, ERR_BACKUP_FLAGS_INVALID,
 *   ERR_SIGNATURE_INVALID, ERR_EXTENSIONS_INVALID, and ERR_COUNTER_REGRESSION only with `requireCounterIncrease`
 *   (by default a non-increasing counter is reported as `cloneWarning`).
 * @throws PolicyError (ERR_POLICY_*) with `options.policy`: a configuration Entra would refuse, or no `credential.aaguid`
 */
export async function verifyAuthentication(options: VerifyAuthenticationOptions): Promise<AuthenticationVerification> {
  const { credential: stored } = options;
  // Step 3.
  const { credential, inner, rawId } = credentialObject(options.response);
  // Steps 5-6: the response is for the stored credential.
  const id = unpadBase64url(credential.id as string);
  if (id !== unpadBase64url(stored.id) || encodeBase64url(rawId) !== id) {
    throw new VerificationError('ERR_CREDENTIAL_ID_MISMATCH', 'response id/rawId is not the stored credential id', {
      details: { expected: stored.id, actual: credential.id },
    });
  }
  // Step 7.
  const clientDataJSON = base64urlField(inner, 'clientDataJSON', 'response.response.clientDataJSON');
  const authDataBytes = base64urlField(inner, 'authenticatorData', 'response.response.authenticatorData');
  const signature = base64urlField(inner, 'signature', 'response.response.signature');
  let userHandle: string | undefined;
  if (inner.userHandle !== undefined && inner.userHandle !== null) {
    userHandle = encodeBase64url(base64urlField(inner, 'userHandle', 'response.response.userHandle'));
  }
  // Step 4.
  const clientExtensionResults = verifyClientExtensionResults(credential.clientExtensionResults);

  // Steps 8-14.
  const clientData = parseClientData(clientDataJSON);
  await verifyClientData(clientData, {
    type: 'webauthn.get',
    challenge: options.expectedChallenge,
    origin: options.expectedOrigin,
    topOrigin: options.expectedTopOrigin,
  });

  // Steps 15-18.
  const authData = parseAuthenticatorData(authDataBytes);
  const rpId = verifyRpIdHash(authData, options.expectedRpId);
  verifyFlags(authData, {
    requireUserPresence: options.requireUserPresence ?? true,
    requireUserVerification: options.requireUserVerification ?? false,
  });
  // Step 19: BE never changes for a credential.
  if (stored.backupEligible !== undefined && stored.backupEligible !== authData.flags.be) {
    throw new VerificationError(
      'ERR_BACKUP_FLAGS_INVALID',
      `backup eligibility (BE) is ${authData.flags.be} but the credential was registered with ${stored.backupEligible}`,
    );
  }

  // Steps 20-21.
  const key = storedKey(options.credential.publicKey);
  if (!verifySignature(key.algorithm, key.keyObject, concatBytes(authDataBytes, sha256(clientDataJSON)), signature)) {
    throw new VerificationError('ERR_SIGNATURE_INVALID', 'assertion signature does not verify with the stored credential public key');
  }

  // Step 22 (signCount): non-increasing counter is a clone signal, not an error.
  const newSignCount = authData.signCount;
  const cloneWarning = (newSignCount !== 0 || stored.signCount !== 0) && newSignCount <= stored.signCount;
  if (cloneWarning && options.requireCounterIncrease === true) {
    throw new VerificationError(
      'ERR_COUNTER_REGRESSION',
      `signature counter ${newSignCount} is not greater than the stored ${stored.signCount}; the authenticator may be cloned`,
      { details: { stored: stored.signCount, received: newSignCount } },
    );
  }

  // Step 23.
  const authenticatorExtensionResults = verifyAuthenticatorExtensions(authData.extensions, 'authentication');

  // End of 7.2: update credentialRecord with the new state values.
  const credentialRecord: CredentialRecord = { ...stored, signCount: newSignCount, backupState: authData.flags.bs };
  if (authData.flags.uv) credentialRecord.uvInitialized = true;

  const result: AuthenticationVerification = {
    credentialRecord,
    newSignCount,
    userVerified: authData.flags.uv,
    backupState: authData.flags.bs,
    backupEligible: authData.flags.be,
    cloneWarning,
    rpId,
    origin: clientData.origin,
    clientExtensionResults,
    authenticatorExtensionResults,
  };
  if (userHandle !== undefined) result.userHandle = userHandle;
  if (options.policy) result.policy = policyForSignIn(options.policy, { aaguid: stored.aaguid, backupEligible: authData.flags.be });
  return result;
}
