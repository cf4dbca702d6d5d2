/**
 * Why @simplewebauthn/server 14.0.3 reaches another verdict than the spec on some rows. Each reason was
 * read from its source (node_modules/@simplewebauthn/server/esm/...) and is confirmed by the row's run.
 * @module
 */
export const WHY = {
  registrationIgnoresCrossOrigin:
    'verifyRegistrationResponse never reads clientData.crossOrigin or topOrigin (only verifyAuthenticationResponse does), so an unexpected embedded registration passes',
  authenticationCrossOriginNeedsTopOrigin:
    'verifyAuthenticationResponse checks crossOrigin only when topOrigin is also present (a stated workaround for Safari), so crossOrigin: true alone passes',
  crossOriginNotBoolean: 'SimpleWebAuthn does not type-check clientData.crossOrigin; a non-boolean value is never rejected',
  tokenBindingRegistration:
    "verifyRegistrationResponse rejects tokenBinding.status values other than 'present'/'supported'/'not-supported' and non-object tokenBinding, but L3 dropped tokenBinding and 5.8.1 requires tolerating unknown members (L2's enum was 'present'/'supported', and clients MUST ignore unknown values)",
  tokenBindingAuthentication:
    "verifyAuthenticationResponse rejects tokenBinding.status values other than 'present'/'supported'/'notSupported', but L3 dropped tokenBinding and 5.8.1 requires tolerating unknown members",
  credentialIdNotCompared:
    'SimpleWebAuthn only checks id === rawId; it never compares them with the credential ID in the authenticator data (which it returns as the credential to store)',
  credentialIdLength: 'SimpleWebAuthn does not limit the credential ID length (L3 6.5.1: credentialIdLength MUST be <= 1023; 7.1 step 25)',
  coseKeyNotValidated:
    'when the attestation signature is not made with the credential key (x5c formats, none), SimpleWebAuthn never imports the credential public key at registration: it only checks that alg is a number in supportedAlgorithmIDs, so a key L3 5.8.5/6.5.1 forbid (wrong kty/crv for alg, bad coordinates, off-curve point) is accepted and stored',
  algOnlyPicksHash:
    "SimpleWebAuthn uses attStmt.alg only to pick the hash for the key in the certificate (or COSE key); it never checks that alg's signature scheme fits that key, so an RSA alg over an EC signature with the same hash verifies",
  selfAlgNotCompared: 'SimpleWebAuthn does not check that a packed self attestation alg equals the credential key alg (L3 8.2 verification step 3)',
  x5cRootDuplicate:
    'SimpleWebAuthn rejects an x5c that already contains the trust anchor ("found duplicate certificates"), though x5c is attestnCert followed by its chain (8.2) and 7.1 step 24 allows the chain to end at the root itself',
  u2fX5cLength: 'SimpleWebAuthn does not check that a fido-u2f x5c has exactly one element (L3 8.6 step 2)',
  u2fCurve: 'SimpleWebAuthn does not check that the fido-u2f attestation key is on P-256 (L3 8.6 step 2); it verifies with whatever curve the certificate names',
  u2fAaguid:
    'SimpleWebAuthn requires a zero AAGUID for fido-u2f; the 8.6 verification procedure does not look at the AAGUID at all',
  aaguidCritical: 'SimpleWebAuthn does not check that id-fido-gen-ce-aaguid is non-critical (L3 8.2.1: MUST NOT be marked critical)',
  tpmSanCritical:
    'SimpleWebAuthn does not check that the AIK certificate SAN is critical (TCG EK profile 3.2.9, required by L3 8.3.1: critical when the subject is empty)',
  tpmManufacturer:
    'SimpleWebAuthn rejects TPM manufacturer ids missing from its copy of the TCG vendor registry; L3 8.3.1 requires the SAN attributes but no registry lookup',
  tpmEkuFirst: 'SimpleWebAuthn requires tcg-kp-AIKCertificate to be the first EKU; L3 8.3.1 only requires the EKU to contain it',
  tpmNameAlgSha1: 'SimpleWebAuthn computes Names only with SHA-256/384/512; L3 8.3 says to use the nameAlg in pubArea, and SHA-1 is a valid TPM name algorithm',
  tpmTrailing:
    'SimpleWebAuthn reads TPMS_ATTEST / TPMT_PUBLIC field by field without bounds checks: a sized field running past the end is read short, and bytes after the structure are ignored (L3 8.3: certInfo and pubArea are those structures)',
  androidAuthorizations:
    'SimpleWebAuthn checks only allApplications in the key description; it does not check origin == KM_ORIGIN_GENERATED or purpose == KM_PURPOSE_SIGN (L3 8.4 verification procedure)',
  noneAttStmtShape: 'SimpleWebAuthn tests attStmt.size > 0; a non-map attStmt has no size and passes as empty',
  counterPolicy:
    'SimpleWebAuthn always fails a non-increasing signature counter; L3 7.2 step 22 makes it a clone signal whose handling is RP-specific (@vfido/rp reports cloneWarning unless requireCounterIncrease)',
  backupEligibilityRecord:
    'SimpleWebAuthn takes no stored backup eligibility, so it cannot apply L3 7.2 step 19 (BE must equal the credential record; @vfido/rp checks it when given the stored value)',
  assertionIdNotCompared:
    'SimpleWebAuthn only checks id === rawId; finding the credential record for rawId (L3 7.2 step 6) is left to the caller, and it verifies with whatever credential it is given',
  extensionsNotMap:
    'SimpleWebAuthn decodes whatever CBOR item follows when ED is set and iterates it like a map, so a text string passes (L3 6.1: extensions is a CBOR map)',
  extensionIdentifiers:
    'SimpleWebAuthn turns the extensions map into an object without checking that its keys are extension identifiers (text strings, L3 6.1 and 9.1)',
  derTrailingBytes:
    'SimpleWebAuthn parses the Ecdsa-Sig-Value with @peculiar/asn1-schema, which ignores bytes after the DER SEQUENCE (L3 6.5.6: the signature MUST be the ASN.1 DER encoding)',
} as const;
