/**
 * Registration mutations every format shares (WebAuthn L3 7.1): the JSON members, client data,
 * the attestation object's members, authenticator data (each flag bit, rpIdHash, signCount, credential
 * ID, AAGUID) and the credential public key. Most run on the packed (x5c) registration, re-attested so
 * that only the mutated field is wrong; flag rows also run on none (BE and BS set).
 * @module
 */
import { encodeCbor } from '@vfido/core';
import { Flag, editCoseKey, flipBit, sha256 } from '../authData.js';
import { OMIT, type RegistrationRow } from '../types.js';
import { registrationRows } from './define.js';
import { editClientData, setClientDataBytes, setCredentialId, setFlag } from './edit.js';
import { WHY } from './why.js';

const packed = registrationRows('packed');
const none = registrationRows('none');
const self = registrationRows('packed-self');

/** A credential id that is not the authenticator's (deterministic). */
const otherId = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 7 + 3) & 0xff);

const json = [
  packed('id and rawId name another credential than the authenticator data', 'L3 5.1 rawId / 6.5.1 credentialId; 7.1 step 27', 'ERR_CREDENTIAL_ID_MISMATCH', 'accept', {
    mutate: (d) => {
      d.credential.id = Buffer.from(otherId(32)).toString('base64url');
      d.credential.rawId = d.credential.id;
    },
    why: WHY.credentialIdNotCompared,
  }),
  packed('rawId differs from id', 'L3 5.1 (id is the base64url of rawId)', 'ERR_CREDENTIAL_ID_MISMATCH', 'reject', {
    mutate: (d) => {
      d.credential.rawId = Buffer.from(otherId(32)).toString('base64url');
    },
  }),
  packed("type is not 'public-key'", 'L3 7.1 step 3, 5.1', 'ERR_INVALID_RESPONSE', 'reject', { mutate: (d) => void (d.credential.type = 'password') }),
  packed('response.clientDataJSON missing', 'L3 7.1 step 5', 'ERR_INVALID_RESPONSE', 'reject', {
    json: (j) => void delete (j.response as Record<string, unknown>).clientDataJSON,
  }),
  packed('response.attestationObject missing', 'L3 7.1 step 13', 'ERR_INVALID_RESPONSE', 'reject', {
    json: (j) => void delete (j.response as Record<string, unknown>).attestationObject,
  }),
  packed('attestationObject is not CBOR', 'L3 7.1 step 13', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    mutate: (d) => void (d.attestationObject = Uint8Array.of(0xff, 0x00, 0x01)),
  }),
  packed('attestationObject is a CBOR array, not a map', 'L3 7.1 step 13, 6.5.4', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    mutate: (d) => void (d.attestationObject = encodeCbor(['packed', new Map(), new Uint8Array(37)])),
  }),
];

const clientData = [
  packed("type is 'webauthn.get'", 'L3 7.1 step 7', 'ERR_TYPE_MISMATCH', 'reject', { mutate: (d) => editClientData(d, (c) => void (c.type = 'webauthn.get')) }),
  packed("type is 'WebAuthn.Create' (case differs)", 'L3 7.1 step 7', 'ERR_TYPE_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.type = 'WebAuthn.Create')),
  }),
  packed("type is 'payment.create'", 'L3 7.1 step 7', 'ERR_TYPE_MISMATCH', 'reject', { mutate: (d) => editClientData(d, (c) => void (c.type = 'payment.create')) }),
  packed('type missing', 'L3 7.1 step 7, 5.8.1 (type is required)', 'ERR_INVALID_RESPONSE', 'reject', { mutate: (d) => editClientData(d, (c) => void delete c.type) }),
  packed('challenge is another challenge', 'L3 7.1 step 8', 'ERR_CHALLENGE_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.challenge = Buffer.from(sha256('another challenge')).toString('base64url'))),
  }),
  packed("challenge carries base64 '=' padding", 'L3 7.1 step 8 (base64url encoding omits padding, L3 3 "Base64url Encoding")', 'ERR_CHALLENGE_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.challenge = `${String(c.challenge)}=`)),
  }),
  packed('challenge lost its last character', 'L3 7.1 step 8', 'ERR_CHALLENGE_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.challenge = String(c.challenge).slice(0, -1))),
  }),
  packed('challenge missing', 'L3 7.1 step 8, 5.8.1 (challenge is required)', 'ERR_INVALID_RESPONSE', 'reject', {
    mutate: (d) => editClientData(d, (c) => void delete c.challenge),
  }),
  packed('challenge is a number', 'L3 7.1 step 8, 5.8.1', 'ERR_INVALID_RESPONSE', 'reject', { mutate: (d) => editClientData(d, (c) => void (c.challenge = 42)) }),
  packed('origin scheme is http', 'L3 7.1 step 9, 13.4.9', 'ERR_ORIGIN_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.origin = 'http://login.example.com')),
  }),
  packed('origin has an explicit port', 'L3 7.1 step 9, 13.4.9', 'ERR_ORIGIN_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.origin = 'https://login.example.com:8443')),
  }),
  packed('origin has a trailing slash', 'L3 7.1 step 9 (origin serialization, RFC 6454)', 'ERR_ORIGIN_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.origin = 'https://login.example.com/')),
  }),
  packed('origin is the RP ID host, not the expected origin', 'L3 7.1 step 9, 13.4.9', 'ERR_ORIGIN_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.origin = 'https://example.com')),
  }),
  packed('origin is another site', 'L3 7.1 step 9', 'ERR_ORIGIN_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.origin = 'https://login.example.org')),
  }),
  packed('origin missing', 'L3 7.1 step 9, 5.8.1 (origin is required)', 'ERR_INVALID_RESPONSE', 'reject', { mutate: (d) => editClientData(d, (c) => void delete c.origin) }),
  packed('crossOrigin true, RP does not expect an iframe', 'L3 7.1 step 10', 'ERR_CROSS_ORIGIN', 'accept', {
    mutate: (d) => editClientData(d, (c) => void (c.crossOrigin = true)),
    why: WHY.registrationIgnoresCrossOrigin,
  }),
  packed('crossOrigin true with a topOrigin, RP does not expect an iframe', 'L3 7.1 steps 10-11', 'ERR_CROSS_ORIGIN', 'accept', {
    mutate: (d) => editClientData(d, (c) => Object.assign(c, { crossOrigin: true, topOrigin: 'https://embedder.example.net' })),
    why: WHY.registrationIgnoresCrossOrigin,
  }),
  packed('crossOrigin true with the expected topOrigin', 'L3 7.1 steps 10-11', 'accept', 'accept', {
    mutate: (d) => editClientData(d, (c) => Object.assign(c, { crossOrigin: true, topOrigin: 'https://portal.example.net' })),
    options: { expectedTopOrigin: 'https://portal.example.net' },
  }),
  packed('crossOrigin true with an unexpected topOrigin', 'L3 7.1 step 11', 'ERR_TOP_ORIGIN_MISMATCH', 'accept', {
    mutate: (d) => editClientData(d, (c) => Object.assign(c, { crossOrigin: true, topOrigin: 'https://embedder.example.net' })),
    options: { expectedTopOrigin: 'https://portal.example.net' },
    why: WHY.registrationIgnoresCrossOrigin,
  }),
  packed('topOrigin present, crossOrigin false', 'L3 7.1 step 11', 'ERR_TOP_ORIGIN_MISMATCH', 'accept', {
    mutate: (d) => editClientData(d, (c) => Object.assign(c, { crossOrigin: false, topOrigin: 'https://embedder.example.net' })),
    why: WHY.registrationIgnoresCrossOrigin,
  }),
  packed("crossOrigin is the string 'true'", 'L3 5.8.1 (crossOrigin is a boolean), 5.8.1.2 limited verification', 'ERR_INVALID_RESPONSE', 'accept', {
    mutate: (d) => editClientData(d, (c) => void (c.crossOrigin = 'true')),
    why: WHY.crossOriginNotBoolean,
  }),
  packed('crossOrigin false (explicit)', 'L3 7.1 step 10', 'accept', 'accept', { mutate: (d) => editClientData(d, (c) => void (c.crossOrigin = false)) }),
  packed('an unknown member is added', 'L3 5.8.1 (tolerate unknown keys)', 'accept', 'accept', {
    mutate: (d) => editClientData(d, (c) => void (c.other_keys_can_be_added_here = 'do not compare clientDataJSON against a template')),
  }),
  packed('members reordered (origin first)', 'L3 5.8.1 (tolerate any reordering)', 'accept', 'accept', {
    mutate: (d) =>
      editClientData(d, (c) => {
        const { origin, ...rest } = c;
        for (const k of Object.keys(c)) delete c[k];
        Object.assign(c, { origin, ...rest });
      }),
  }),
  packed('a UTF-8 byte order mark precedes the JSON', 'L3 7.1 step 5 (UTF-8 decode strips a leading BOM)', 'accept', 'accept', {
    mutate: (d) => setClientDataBytes(d, new Uint8Array(Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), d.clientDataJSON]))),
  }),
  packed('clientDataJSON is not JSON', 'L3 7.1 step 6', 'ERR_INVALID_RESPONSE', 'reject', { mutate: (d) => setClientDataBytes(d, 'webauthn.create') }),
  packed('clientDataJSON is a JSON array', 'L3 7.1 step 6, 5.8.1', 'ERR_INVALID_RESPONSE', 'reject', { mutate: (d) => setClientDataBytes(d, '["webauthn.create"]') }),
  packed("tokenBinding { status: 'present' } (an L2 member)", 'L3 5.8.1 (tolerate unknown keys)', 'accept', 'accept', {
    mutate: (d) => editClientData(d, (c) => void (c.tokenBinding = { status: 'present', id: 'AAAA' })),
  }),
  packed("tokenBinding { status: 'notSupported' }", 'L3 5.8.1 (tolerate unknown keys; L2 clients MUST ignore unknown status values)', 'accept', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.tokenBinding = { status: 'notSupported' })),
    why: WHY.tokenBindingRegistration,
  }),
  packed("tokenBinding is the string 'present'", 'L3 5.8.1 (tolerate unknown keys)', 'accept', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.tokenBinding = 'present')),
    why: WHY.tokenBindingRegistration,
  }),
];

const attestationObject = [
  packed("fmt 'Packed' (formats match case-sensitively)", 'L3 7.1 step 21, 8.1', 'ERR_ATTESTATION_UNSUPPORTED', 'reject', { statement: (_s, d) => void (d.fmt = 'Packed') }),
  packed("fmt 'packed2' (unknown format)", 'L3 7.1 step 21', 'ERR_ATTESTATION_UNSUPPORTED', 'reject', { statement: (_s, d) => void (d.fmt = 'packed2') }),
  packed('fmt missing', 'L3 6.5.4 (attObj has fmt), 7.1 step 13', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (_s, d) => void (d.fmt = OMIT) }),
  packed('fmt is an integer', 'L3 6.5.4 (fmt is a text string)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (_s, d) => void (d.fmt = 1) }),
  packed("fmt 'none' over a packed statement", 'L3 8.7 (attStmt must be the empty map)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (_s, d) => void (d.fmt = 'none') }),
  packed('attStmt missing', 'L3 6.5.4, 7.1 step 13', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (_s, d) => void (d.attStmt = OMIT) }),
  packed('authData missing', 'L3 6.5.4, 7.1 step 13', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (_s, d) => void (d.authDataValue = OMIT) }),
  packed('authData is a text string', 'L3 6.5.4 (authData is a byte string)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: (_s, d) => void (d.authDataValue = 'authenticator data'),
  }),
];

/** Every flag bit, on the packed registration (BE and BS clear) and the none registration (BE and BS set). */
const flags = [
  packed('UP cleared', 'L3 7.1 step 15', 'ERR_USER_PRESENCE_REQUIRED', 'reject', { mutate: (d) => setFlag(d, Flag.UP, false) }),
  packed('UP cleared, RP registers with conditional mediation', 'L3 7.1 step 15 (UP not required for conditional create)', 'accept', 'accept', {
    mutate: (d) => setFlag(d, Flag.UP, false),
    options: { requireUserPresence: false },
  }),
  packed('RFU1 (bit 1) set', 'L3 6.1 (RFU bits: no RP check in 7.1)', 'accept', 'accept', { mutate: (d) => setFlag(d, Flag.RFU1, true) }),
  packed('UV set', 'L3 7.1 step 16 (UV only checked when required)', 'accept', 'accept', { mutate: (d) => setFlag(d, Flag.UV, true) }),
  packed('UV clear, RP requires user verification', 'L3 7.1 step 16', 'ERR_USER_VERIFICATION_REQUIRED', 'reject', {
    mutate: (d) => setFlag(d, Flag.UV, false),
    options: { requireUserVerification: true },
  }),
  packed('UV set, RP requires user verification', 'L3 7.1 step 16', 'accept', 'accept', {
    mutate: (d) => setFlag(d, Flag.UV, true),
    options: { requireUserVerification: true },
  }),
  packed('BE set (BS clear)', 'L3 7.1 steps 17-18', 'accept', 'accept', { mutate: (d) => setFlag(d, Flag.BE, true) }),
  packed('BS set without BE', 'L3 7.1 step 17', 'ERR_BACKUP_FLAGS_INVALID', 'reject', { mutate: (d) => setFlag(d, Flag.BS, true) }),
  packed('RFU2 (bit 5) set', 'L3 6.1 (RFU bits: no RP check in 7.1)', 'accept', 'accept', { mutate: (d) => setFlag(d, Flag.RFU2, true) }),
  packed('AT cleared, attested credential data left in place', 'L3 6.1 (AT announces attested data; nothing may follow)', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => setFlag(d, Flag.AT, false),
  }),
  packed('AT cleared and attested credential data removed', 'L3 7.1 step 13 / 6.5.4 (attestation carries attested credential data)', 'ERR_ATTESTED_DATA_MISSING', 'reject', {
    mutate: (d) => {
      setFlag(d, Flag.AT, false);
      delete d.authData.attested;
    },
  }),
  packed('ED set, no extensions follow', 'L3 6.1 (ED announces extensions)', 'ERR_AUTHDATA_MALFORMED', 'reject', { mutate: (d) => setFlag(d, Flag.ED, true) }),
  packed('ED set with an extensions map', 'L3 6.1, 7.1 step 28', 'accept', 'accept', {
    mutate: (d) => {
      setFlag(d, Flag.ED, true);
      d.authData.extensions = encodeCbor(new Map([['credProtect', 2]]));
    },
  }),
  packed('extensions appended, ED clear', 'L3 6.1 (ED must announce extensions)', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => void (d.authData.extensions = encodeCbor(new Map([['credProtect', 2]]))),
  }),
  packed('ED set, extensions are a text string, not a map', 'L3 6.1 (extensions is a CBOR map)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => {
      setFlag(d, Flag.ED, true);
      d.authData.extensions = encodeCbor('credProtect');
    },
    why: WHY.extensionsNotMap,
  }),
  packed('ED set, extensions map keyed by an integer', 'L3 6.1 (keys are extension identifiers), 9.1 (identifiers are strings)', 'ERR_EXTENSIONS_INVALID', 'accept', {
    mutate: (d) => {
      setFlag(d, Flag.ED, true);
      d.authData.extensions = encodeCbor(new Map([[1, 2]]));
    },
    why: WHY.extensionIdentifiers,
  }),
  none('BS cleared (BE stays set)', 'L3 7.1 steps 17-18', 'accept', 'accept', { mutate: (d) => setFlag(d, Flag.BS, false) }),
  none('BE cleared (BS stays set)', 'L3 7.1 step 17', 'ERR_BACKUP_FLAGS_INVALID', 'reject', { mutate: (d) => setFlag(d, Flag.BE, false) }),
  none('UP cleared', 'L3 7.1 step 15', 'ERR_USER_PRESENCE_REQUIRED', 'reject', { mutate: (d) => setFlag(d, Flag.UP, false) }),
  none('RFU1 and RFU2 set', 'L3 6.1', 'accept', 'accept', { mutate: (d) => setFlag(d, Flag.RFU1 | Flag.RFU2, true) }),
  none('UV set', 'L3 7.1 step 16', 'accept', 'accept', { mutate: (d) => setFlag(d, Flag.UV, true) }),
  none('AT cleared, attested credential data left in place', 'L3 6.1', 'ERR_AUTHDATA_MALFORMED', 'reject', { mutate: (d) => setFlag(d, Flag.AT, false) }),
  none('ED set, no extensions follow', 'L3 6.1', 'ERR_AUTHDATA_MALFORMED', 'reject', { mutate: (d) => setFlag(d, Flag.ED, true) }),
];

const authData = [
  packed('rpIdHash is SHA-256 of the origin host', 'L3 7.1 step 14', 'ERR_RPID_MISMATCH', 'reject', { mutate: (d) => void (d.authData.rpIdHash = sha256('login.example.com')) }),
  packed('rpIdHash is SHA-256 of another RP ID', 'L3 7.1 step 14', 'ERR_RPID_MISMATCH', 'reject', { mutate: (d) => void (d.authData.rpIdHash = sha256('example.org')) }),
  packed('rpIdHash is SHA-256 of the RP ID in upper case', 'L3 7.1 step 14', 'ERR_RPID_MISMATCH', 'reject', { mutate: (d) => void (d.authData.rpIdHash = sha256('EXAMPLE.COM')) }),
  packed('rpIdHash last bit flipped', 'L3 7.1 step 14', 'ERR_RPID_MISMATCH', 'reject', { mutate: (d) => void (d.authData.rpIdHash = flipBit(d.authData.rpIdHash, -1)) }),
  packed('rpIdHash all zero', 'L3 7.1 step 14', 'ERR_RPID_MISMATCH', 'reject', { mutate: (d) => void (d.authData.rpIdHash = new Uint8Array(32)) }),
  packed('signCount 0xffffffff', 'L3 7.1 (any initial signCount; stored in step 27)', 'accept', 'accept', { mutate: (d) => void (d.authData.signCount = 0xffffffff) }),
  packed('signCount 0', 'L3 7.1', 'accept', 'accept', { mutate: (d) => void (d.authData.signCount = 0) }),
  packed('one trailing byte after the credential public key', 'L3 6.1 (authenticator data describes its own length)', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => void (d.authData.trailing = Uint8Array.of(0x00)),
  }),
  packed('truncated to 36 bytes', 'L3 6.1 (at least 37 bytes)', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => void (d.authData.truncateTo = 36),
    resign: false,
  }),
  packed('truncated inside the credential public key', 'L3 6.5.1', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => void (d.authData.truncateTo = 37 + 18 + (d.authData.attested?.credentialId.length ?? 0) + 10),
  }),
  packed('credentialIdLength larger than the bytes left', 'L3 6.5.1', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => {
      const a = d.authData.attested!;
      a.credentialIdLength = a.credentialId.length + a.publicKey.length + 1;
    },
  }),
  packed('credential ID of 1024 bytes', 'L3 6.5.1 (credentialIdLength MUST be <= 1023), 7.1 step 25', 'ERR_CREDENTIAL_ID_TOO_LONG', 'accept', {
    mutate: (d) => setCredentialId(d, new Uint8Array(1024).fill(0x5a)),
    why: WHY.credentialIdLength,
  }),
  packed('credential ID of 1023 bytes', 'L3 6.5.1, 7.1 step 25', 'accept', 'accept', { mutate: (d) => setCredentialId(d, new Uint8Array(1023).fill(0x5a)) }),
  packed('credential ID in the authenticator data differs from id/rawId', 'L3 6.5.1 credentialId; 5.1 rawId', 'ERR_CREDENTIAL_ID_MISMATCH', 'accept', {
    mutate: (d) => void (d.authData.attested!.credentialId = otherId(d.authData.attested!.credentialId.length)),
    why: WHY.credentialIdNotCompared,
  }),
  packed('AAGUID differs from the attestation certificate extension', 'L3 8.2 verification (id-fido-gen-ce-aaguid must match)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    mutate: (d) => void (d.authData.attested!.aaguid = flipBit(d.authData.attested!.aaguid, 0)),
  }),
  none('AAGUID changed (no certificate to compare)', 'L3 8.7', 'accept', 'accept', { mutate: (d) => void (d.authData.attested!.aaguid = flipBit(d.authData.attested!.aaguid, 0)) }),
  self('AAGUID zero (self attestation has no certificate)', 'L3 8.2 self attestation', 'accept', 'accept', {
    mutate: (d) => void (d.authData.attested!.aaguid = new Uint8Array(16)),
  }),
];

/** COSE_Key labels (RFC 9052 7.1, RFC 9053 7.1). */
const K = { kty: 1, alg: 3, crv: -1, x: -2, y: -3 } as const;

const coseKey = [
  packed('credential key alg removed', 'L3 6.5.1 (credentialPublicKey MUST contain alg)', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.delete(K.alg)),
  }),
  packed('credential key alg is text', 'L3 6.5.1 (alg is a COSEAlgorithmIdentifier)', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.alg, 'ES256')),
  }),
  packed('credential key alg ES384 on a P-256 key', 'L3 5.8.5 (ES384 keys MUST use crv 2)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.alg, -35)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key alg ES512 on a P-256 key', 'L3 5.8.5 (ES512 keys MUST use crv 3)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.alg, -36)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key alg RS256 on an EC2 key', 'L3 6.5.1 (key parameters REQUIRED for kty and alg, RFC 9053 2 / RFC 8230 4)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.alg, -257)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key alg EdDSA on an EC2 key', 'L3 5.8.5 (EdDSA keys MUST use crv 6)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.alg, -8)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key alg ES256K (-47), not offered', 'L3 7.1 step 20', 'ERR_ALGORITHM_NOT_ALLOWED', 'reject', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.alg, -47)),
  }),
  packed('credential key ES256, RP offered only RS256', 'L3 7.1 step 20', 'ERR_ALGORITHM_NOT_ALLOWED', 'reject', { options: { supportedAlgorithms: [-257] } }),
  packed('credential key kty RSA (3)', 'L3 6.5.1, RFC 9053 2.1 (ECDSA keys are EC2)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.kty, 3)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key kty OKP (1)', 'L3 6.5.1, RFC 9053 2.1', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.kty, 1)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key kty removed', 'RFC 9052 7.1 (kty is required)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.delete(K.kty)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key crv P-384 with P-256 coordinates', 'L3 5.8.5 (ES256 keys MUST use crv 1)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.crv, 2)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key crv removed', 'L3 5.8.5, RFC 9053 7.1.1 (crv is required for EC2)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.delete(K.crv)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key x is 31 bytes', 'RFC 9053 7.1.1 (x is the field size)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.x, (k.get(K.x) as Uint8Array).subarray(1))),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key x removed', 'RFC 9053 7.1.1 (x is required)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.delete(K.x)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key y removed', 'RFC 9053 7.1.1, L3 5.8.5 (no compressed points)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.delete(K.y)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key y is the boolean true (compressed point)', 'L3 5.8.5 (ES256 keys MUST NOT use the compressed point form)', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.y, true)),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential key y last bit flipped (point off the curve)', 'L3 5.8.5 note (check the point is on the curve), SEC 1 3.2.2', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.y, flipBit(k.get(K.y) as Uint8Array, -1))),
    why: WHY.coseKeyNotValidated,
  }),
  packed('credential public key is a CBOR array', 'L3 6.5.1 (COSE_Key map)', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => void (d.authData.attested!.publicKey = encodeCbor([2, -7])),
  }),
  self('credential key y last bit flipped (point off the curve)', 'L3 5.8.5 note, SEC 1 3.2.2', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.y, flipBit(k.get(K.y) as Uint8Array, -1))),
  }),
  self('credential key crv P-384 with P-256 coordinates', 'L3 5.8.5', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.crv, 2)),
  }),
  none('credential key x last bit flipped (point off the curve)', 'L3 5.8.5 note, SEC 1 3.2.2', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.x, flipBit(k.get(K.x) as Uint8Array, -1))),
    why: WHY.coseKeyNotValidated,
  }),
  none('credential key alg RS256 on an EC2 key', 'L3 6.5.1, RFC 8230 4', 'ERR_AUTHDATA_MALFORMED', 'accept', {
    mutate: (d) => editCoseKey(d.authData, (k) => void k.set(K.alg, -257)),
    why: WHY.coseKeyNotValidated,
  }),
];

/** Registration rows shared by every format. */
export const registrationCommonRows: RegistrationRow[] = [...json, ...clientData, ...attestationObject, ...flags, ...authData, ...coseKey];
