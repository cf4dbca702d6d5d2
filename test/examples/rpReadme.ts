// Generated from packages/rp/README.md by test/examples/rp-readme.test.ts: edit the README, not this file.
import { VirtualAuthenticator, WebAuthnClient, mdsBlob } from '@vfido/core';
import { generateRegistrationOptions, verifyRegistration, credentialRecordToJSON, generateAuthenticationOptions, verifyAuthentication, credentialRecordFromJSON, TrustStore, isVerificationError, loadPolicy, evaluateAuthenticationStrength, VerificationError, isPolicyError } from '@vfido/rp';

const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'readme' });
const browser = new WebAuthnClient({ authenticator, origin: 'https://example.com' });
const db = new Map<string, string>(); // credential id -> credential record as JSON text


// 1. Server: make the options; keep the challenge (and the user handle) with the session.
const registrationOptions = generateRegistrationOptions({
  rpName: 'Example',
  rpId: 'example.com',
  userName: 'ada@example.com',
  userDisplayName: 'Ada',
  attestation: 'direct',      // ask for the model's certificate chain; the default is 'none'
  excludeCredentials: [],     // the user's existing records: one authenticator is not registered twice
});

// 2. Browser: navigator.credentials.create(), then credential.toJSON() comes back.
const registrationResponse = await browser.create(registrationOptions.options);

// 3. Server: verify against what was asked.
const registration = await verifyRegistration({
  response: registrationResponse,
  expectedChallenge: registrationOptions.challenge,
  expectedOrigin: 'https://example.com',
  expectedRpId: 'example.com',
});

// 4. Server: store the credential record with the user (L3 7.1 steps 26-27).
if (db.has(registration.credential.id)) throw new Error('credential already registered');
db.set(registration.credential.id, JSON.stringify(credentialRecordToJSON(registration.credential)));
// registrationOptions.userId is the user handle: store it with the account too.


// 1. Server: options without allowCredentials let the user pick a passkey (a discoverable credential).
//    For a known user, pass their records: generateAuthenticationOptions({ rpId, allowCredentials: records }).
const signInOptions = generateAuthenticationOptions({ rpId: 'example.com' });

// 2. Browser: navigator.credentials.get(), then credential.toJSON() comes back.
const assertion = await browser.get(signInOptions.options);

// 3. Server: find the record by the credential id, verify, and store the updated record.
const row = db.get(assertion.id);
if (!row) throw new Error('unknown credential');
const signIn = await verifyAuthentication({
  response: assertion,
  expectedChallenge: signInOptions.challenge,
  expectedOrigin: 'https://example.com',
  expectedRpId: 'example.com',
  credential: credentialRecordFromJSON(row),
});
db.set(assertion.id, JSON.stringify(credentialRecordToJSON(signIn.credentialRecord)));
// signIn.userHandle is the user handle from registration: it names the account.
// signIn.cloneWarning is true when the counter went backwards: your call whether to refuse.

const securityKeyOptions = generateRegistrationOptions({
  rpName: 'Example', rpId: 'example.com', userName: 'ada@example.com',
  userId: registrationOptions.userId,                              // the same account
  excludeCredentials: [credentialRecordFromJSON(db.get(registration.credential.id)!)],
  authenticatorSelection: { residentKey: 'discouraged', userVerification: 'required', authenticatorAttachment: 'cross-platform' },
  supportedAlgorithms: [-7],
  hints: ['security-key'],
});

const stored = credentialRecordToJSON(signIn.credentialRecord);
// { version: 1, type: 'public-key', id: '6D6o5q...', publicKey: 'pAEBAycg...', signCount: 2, algorithm: -8,
//   transports: [...], uvInitialized: ..., backupEligible: false, backupState: false, aaguid: 'a25342c0-...' }
const restored = credentialRecordFromJSON(JSON.parse(JSON.stringify(stored)));


const blob = await mdsBlob({ seed: 'readme' });             // the same seed as the authenticator
const trust = new TrustStore();
trust.addMdsBlob(blob.jwt, { roots: blob.rootPem });
trust.addRoots(await authenticator.attestationRoots(), { format: 'packed' });

const attested = await verifyRegistration({
  response: registrationResponse,
  expectedChallenge: registrationOptions.challenge,
  expectedOrigin: 'https://example.com',
  expectedRpId: 'example.com',
  trustStore: trust,
});
attested.credential.attestation;            // { fmt: 'packed', type: 'basic', trusted: true, trustPath: [...] }
trust.metadataStatement(attested.credential.aaguid)?.description;   // 'YubiKey 5 Series with NFC'


const otherBlob = await mdsBlob({ seed: 'another-seed' });
const otherTrust = new TrustStore();
otherTrust.addMdsBlob(otherBlob.jwt, { roots: otherBlob.rootPem });
let seedMismatch: string | undefined;
try {
  await verifyRegistration({
    response: registrationResponse, expectedChallenge: registrationOptions.challenge,
    expectedOrigin: 'https://example.com', expectedRpId: 'example.com', trustStore: otherTrust,
  });
} catch (e) {
  if (!isVerificationError(e, 'ERR_ATTESTATION_UNTRUSTED')) throw e;
  seedMismatch = e.message;
  // e.details: { aaguid, fmt, chainRoot: { subject, keyId }, trustedRoot: { subject, keyId, serial } }
}
// seedMismatch: "packed attestation does not chain to the trust anchors configured for aaguid a25342c0-... / format
// packed: the chain ends at 'O=vfido test PKI, ..., CN=vfido TEST Root CA - Yubico (NOT A REAL YUBICO CA)'
// (key 115c95...) but the trusted root of that name has key 7a9282...: a different key under the same name
// (for vfido TEST roots: the authenticator's seed differs from the one the trust store/MDS BLOB was made with)"


const policy = loadPolicy(JSON.stringify({
  vfidoPolicy: 1,
  fido2: {
    state: 'enabled',
    isSelfServiceRegistrationAllowed: true,
    defaultPasskeyProfile: '00000000-0000-0000-0000-000000000001',
    passkeyProfiles: [
      { id: '00000000-0000-0000-0000-000000000001', name: 'Default passkey profile', passkeyTypes: 'deviceBound,synced',
        attestationEnforcement: 'disabled', keyRestrictions: { isEnforced: false, enforcementType: 'allow', aaGuids: [] } },
      { id: 'a0000000-0000-4000-8000-000000000002', name: 'Security keys', passkeyTypes: 'deviceBound',
        attestationEnforcement: 'registrationOnly',
        keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: ['a25342c0-3cdc-4414-8e46-f4807fca511c'] } },
    ],
    includeTargets: [
      { targetType: 'group', id: 'staff', isRegistrationRequired: false, allowedPasskeyProfiles: ['00000000-0000-0000-0000-000000000001'] },
      { targetType: 'group', id: 'admins', isRegistrationRequired: false, allowedPasskeyProfiles: ['a0000000-0000-4000-8000-000000000002'] },
    ],
    excludeTargets: [],
  },
}));

// At registration: the verdict comes back as `policy`; the MDS view is the trustStore unless you pass `trust`.
const admin = await verifyRegistration({
  response: registrationResponse, expectedChallenge: registrationOptions.challenge,
  expectedOrigin: 'https://example.com', expectedRpId: 'example.com',
  trustStore: trust, policy: { config: policy, groups: ['admins'] },
});
admin.policy?.admitted;                    // true, by profile 'Security keys'
admin.policy?.matchedProfile?.name;        // 'Security keys'

// At sign-in: type and AAGUID are checked again (the stored record's aaguid).
const adminAssertionOptions = generateAuthenticationOptions({ rpId: 'example.com' });
const adminSignIn = await verifyAuthentication({
  response: await browser.get(adminAssertionOptions.options), expectedChallenge: adminAssertionOptions.challenge,
  expectedOrigin: 'https://example.com', expectedRpId: 'example.com',
  credential: credentialRecordFromJSON(db.get(registration.credential.id)!),
  policy: { config: policy, groups: ['admins'] },
});
adminSignIn.policy?.reasons.map((r) => r.code);   // ['PROFILE_SATISFIED', ...]

// Conditional Access: does a passkey sign-in with this model satisfy a strength? Built-ins by name, or your own.
const strength = evaluateAuthenticationStrength('phishingResistantMfa', { aaguid: registration.credential.aaguid });
strength.satisfied;                        // true: a passkey is phishing-resistant MFA


let failure: string | undefined;
try {
  await verifyAuthentication({
    response: assertion, expectedChallenge: signInOptions.challenge,
    expectedOrigin: 'https://evil.example', expectedRpId: 'example.com',
    credential: credentialRecordFromJSON(db.get(assertion.id)!),
  });
} catch (e) {
  if (e instanceof VerificationError) failure = e.code;   // 'ERR_ORIGIN_MISMATCH'
  else if (isPolicyError(e)) failure = e.code;            // 'ERR_POLICY_...' (with a `policy` option)
  else throw e;
}


// Appended by the test, not part of the README: the values the test checks.
export const readme = {
  registrationOptions, registration, signIn, db, securityKeyOptions, stored, restored, attested, seedMismatch, admin,
  adminSignIn, trust, strength, failure,
};
