/**
 * Authentication mutations (WebAuthn L3 7.2 "Verifying an Authentication Assertion"; 6.1 flags;
 * 6.5.6 signature formats), on assertions by an ES256 (YubiKey 5 NFC, global counter), an RS256
 * (Windows Hello) and an EdDSA (YubiKey 5 NFC) credential. Rows re-sign with the credential private key
 * from the authenticator's store unless the signature itself is the point.
 * @module
 */
import { constants, sign } from 'node:crypto';
import { encodeCbor } from '@vfido/core';
import { Flag, encodeAuthData, flipBit, sha256 } from '../authData.js';
import { berSignature, negateS, toP1363 } from '../ecdsa.js';
import type { AuthenticationDraft, AuthenticationRow } from '../types.js';
import { authenticationRows } from './define.js';
import { editClientData, setClientDataBytes, setFlag } from './edit.js';
import { WHY } from './why.js';

const es256 = authenticationRows('ES256');
const rs256 = authenticationRows('RS256');
const eddsa = authenticationRows('EdDSA');

const authDataOf = (d: AuthenticationDraft): Uint8Array => encodeAuthData(d.authData);
/** authenticatorData || SHA-256(clientDataJSON), what an assertion signs (L3 6.3.3 step 11, 7.2 step 21). */
const signed = (d: AuthenticationDraft): Uint8Array => new Uint8Array(Buffer.concat([authDataOf(d), sha256(d.clientDataJSON)]));
const otherId = Buffer.from(Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 3) & 0xff)).toString('base64url');

/** Ed25519 group order L (RFC 8032 5.1). */
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;
/** The same Ed25519 signature with S replaced by S + L (RFC 8032 5.1.7: S MUST be < L). */
function nonCanonicalS(sig: Uint8Array): Uint8Array {
  const le = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).reverse().toString('hex')}`);
  const s = le(sig.subarray(32)) + ED25519_L;
  const out = sig.slice();
  out.set(Buffer.from(s.toString(16).padStart(64, '0'), 'hex').reverse(), 32);
  return out;
}

const clientData = [
  es256("type is 'webauthn.create'", 'L3 7.2 step 10', 'ERR_TYPE_MISMATCH', 'reject', { mutate: (d) => editClientData(d, (c) => void (c.type = 'webauthn.create')) }),
  es256('type missing', 'L3 7.2 step 10, 5.8.1', 'ERR_INVALID_RESPONSE', 'reject', { mutate: (d) => editClientData(d, (c) => void delete c.type) }),
  es256('challenge is another challenge', 'L3 7.2 step 11', 'ERR_CHALLENGE_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.challenge = Buffer.from(sha256('another challenge')).toString('base64url'))),
  }),
  es256("challenge carries base64 '=' padding", 'L3 7.2 step 11 (base64url encoding omits padding, L3 3)', 'ERR_CHALLENGE_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.challenge = `${String(c.challenge)}=`)),
  }),
  es256('challenge missing', 'L3 7.2 step 11, 5.8.1', 'ERR_INVALID_RESPONSE', 'reject', { mutate: (d) => editClientData(d, (c) => void delete c.challenge) }),
  es256('origin scheme is http', 'L3 7.2 step 12', 'ERR_ORIGIN_MISMATCH', 'reject', { mutate: (d) => editClientData(d, (c) => void (c.origin = 'http://login.example.com')) }),
  es256('origin is a sibling subdomain', 'L3 7.2 step 12, 13.4.9', 'ERR_ORIGIN_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.origin = 'https://app.example.com')),
  }),
  es256('origin in upper case', 'L3 7.2 step 12 (origin serialization is lower case)', 'ERR_ORIGIN_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.origin = 'https://LOGIN.EXAMPLE.COM')),
  }),
  es256('origin missing', 'L3 7.2 step 12, 5.8.1', 'ERR_INVALID_RESPONSE', 'reject', { mutate: (d) => editClientData(d, (c) => void delete c.origin) }),
  es256('crossOrigin true, RP does not expect an iframe', 'L3 7.2 step 13', 'ERR_CROSS_ORIGIN', 'accept', {
    mutate: (d) => editClientData(d, (c) => void (c.crossOrigin = true)),
    why: WHY.authenticationCrossOriginNeedsTopOrigin,
  }),
  es256('crossOrigin true with a topOrigin, RP does not expect an iframe', 'L3 7.2 steps 13-14', 'ERR_CROSS_ORIGIN', 'reject', {
    mutate: (d) => editClientData(d, (c) => Object.assign(c, { crossOrigin: true, topOrigin: 'https://embedder.example.net' })),
  }),
  es256('crossOrigin true with the expected topOrigin', 'L3 7.2 steps 13-14', 'accept', 'accept', {
    mutate: (d) => editClientData(d, (c) => Object.assign(c, { crossOrigin: true, topOrigin: 'https://portal.example.net' })),
    options: { expectedTopOrigin: 'https://portal.example.net' },
  }),
  es256('crossOrigin true with an unexpected topOrigin', 'L3 7.2 step 14', 'ERR_TOP_ORIGIN_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => Object.assign(c, { crossOrigin: true, topOrigin: 'https://embedder.example.net' })),
    options: { expectedTopOrigin: 'https://portal.example.net' },
  }),
  es256('topOrigin present, crossOrigin false', 'L3 7.2 step 14', 'ERR_TOP_ORIGIN_MISMATCH', 'reject', {
    mutate: (d) => editClientData(d, (c) => Object.assign(c, { crossOrigin: false, topOrigin: 'https://embedder.example.net' })),
  }),
  es256("crossOrigin is the string 'true'", 'L3 5.8.1 (boolean), 5.8.1.2', 'ERR_INVALID_RESPONSE', 'accept', {
    mutate: (d) => editClientData(d, (c) => void (c.crossOrigin = 'true')),
    why: WHY.crossOriginNotBoolean,
  }),
  es256('an unknown member is added', 'L3 5.8.1 (tolerate unknown keys)', 'accept', 'accept', { mutate: (d) => editClientData(d, (c) => void (c.extra = { nested: [1, 2] })) }),
  es256('a UTF-8 byte order mark precedes the JSON', 'L3 7.2 step 8 (UTF-8 decode strips a leading BOM)', 'accept', 'accept', {
    mutate: (d) => setClientDataBytes(d, new Uint8Array(Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), d.clientDataJSON]))),
  }),
  es256("tokenBinding { status: 'notSupported' }", 'L3 5.8.1 (tolerate unknown keys)', 'accept', 'accept', {
    mutate: (d) => editClientData(d, (c) => void (c.tokenBinding = { status: 'notSupported' })),
  }),
  es256("tokenBinding { status: 'not-supported' }", 'L3 5.8.1 (tolerate unknown keys)', 'accept', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.tokenBinding = { status: 'not-supported' })),
    why: WHY.tokenBindingAuthentication,
  }),
  es256('clientDataJSON is not JSON', 'L3 7.2 step 9', 'ERR_INVALID_RESPONSE', 'reject', { mutate: (d) => setClientDataBytes(d, '{"type":"webauthn.get",') }),
  es256('clientDataJSON re-serialized with an extra member, not re-signed', 'L3 7.2 steps 20-21 (hash of cData is signed)', 'ERR_SIGNATURE_INVALID', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.extra = 1)),
    resign: false,
  }),
];

const flags = [
  es256('UP cleared', 'L3 7.2 step 16', 'ERR_USER_PRESENCE_REQUIRED', 'reject', { mutate: (d) => setFlag(d, Flag.UP, false) }),
  es256('RFU1 (bit 1) set', 'L3 6.1 (no RP check of RFU bits in 7.2)', 'accept', 'accept', { mutate: (d) => setFlag(d, Flag.RFU1, true) }),
  es256('UV set', 'L3 7.2 step 17 (otherwise ignore UV)', 'accept', 'accept', { mutate: (d) => setFlag(d, Flag.UV, true) }),
  es256('UV clear, RP requires user verification', 'L3 7.2 step 17', 'ERR_USER_VERIFICATION_REQUIRED', 'reject', {
    mutate: (d) => setFlag(d, Flag.UV, false),
    options: { requireUserVerification: true },
  }),
  es256('BE set, credential registered with BE clear', 'L3 7.2 step 19 (BE must equal the credential record)', 'ERR_BACKUP_FLAGS_INVALID', 'accept', {
    mutate: (d) => setFlag(d, Flag.BE, true),
    why: WHY.backupEligibilityRecord,
  }),
  es256('BE and BS set, credential registered with BE clear', 'L3 7.2 step 19', 'ERR_BACKUP_FLAGS_INVALID', 'accept', {
    mutate: (d) => setFlag(d, Flag.BE | Flag.BS, true),
    why: WHY.backupEligibilityRecord,
  }),
  es256('BE set, RP keeps no backup eligibility in its record', 'L3 7.2 step 19 (only when backup state informs RP policy)', 'accept', 'accept', {
    mutate: (d) => setFlag(d, Flag.BE, true),
    options: { storedBackupEligible: 'omit' },
  }),
  es256('BS set without BE', 'L3 7.2 step 18', 'ERR_BACKUP_FLAGS_INVALID', 'reject', { mutate: (d) => setFlag(d, Flag.BS, true) }),
  es256('RFU2 (bit 5) set', 'L3 6.1', 'accept', 'accept', { mutate: (d) => setFlag(d, Flag.RFU2, true) }),
  es256('AT set, no attested credential data', 'L3 6.1 (AT announces attested data)', 'ERR_AUTHDATA_MALFORMED', 'reject', { mutate: (d) => setFlag(d, Flag.AT, true) }),
  es256('ED set, no extensions follow', 'L3 6.1', 'ERR_AUTHDATA_MALFORMED', 'reject', { mutate: (d) => setFlag(d, Flag.ED, true) }),
  es256('ED set with an extensions map', 'L3 6.1, 7.2 step 23', 'accept', 'accept', {
    mutate: (d) => {
      setFlag(d, Flag.ED, true);
      d.authData.extensions = encodeCbor(new Map([['example.extension', true]]));
    },
  }),
  es256('ED set, extensions map keyed by an integer', 'L3 6.1 (keys are extension identifiers), 9.1 (identifiers are strings)', 'ERR_EXTENSIONS_INVALID', 'accept', {
    mutate: (d) => {
      setFlag(d, Flag.ED, true);
      d.authData.extensions = encodeCbor(new Map([[1, true]]));
    },
    why: WHY.extensionIdentifiers,
  }),
  es256('extensions appended, ED clear', 'L3 6.1', 'ERR_AUTHDATA_MALFORMED', 'reject', {
    mutate: (d) => void (d.authData.extensions = encodeCbor(new Map([['example.extension', true]]))),
  }),
  es256('UP cleared, not re-signed', 'L3 7.2 step 16 (before the signature, step 21)', 'ERR_USER_PRESENCE_REQUIRED', 'reject', {
    mutate: (d) => setFlag(d, Flag.UP, false),
    resign: false,
  }),
  es256('UV set, not re-signed', 'L3 7.2 step 21', 'ERR_SIGNATURE_INVALID', 'reject', { mutate: (d) => setFlag(d, Flag.UV, true), resign: false }),
];

const authData = [
  es256('rpIdHash is SHA-256 of another RP ID', 'L3 7.2 step 15', 'ERR_RPID_MISMATCH', 'reject', { mutate: (d) => void (d.authData.rpIdHash = sha256('example.org')) }),
  es256('rpIdHash is SHA-256 of the origin host', 'L3 7.2 step 15', 'ERR_RPID_MISMATCH', 'reject', { mutate: (d) => void (d.authData.rpIdHash = sha256('login.example.com')) }),
  es256('rpIdHash first bit flipped', 'L3 7.2 step 15', 'ERR_RPID_MISMATCH', 'reject', { mutate: (d) => void (d.authData.rpIdHash = flipBit(d.authData.rpIdHash, 0)) }),
  es256('one trailing byte', 'L3 6.1', 'ERR_AUTHDATA_MALFORMED', 'reject', { mutate: (d) => void (d.authData.trailing = Uint8Array.of(0)) }),
  es256('truncated to 36 bytes', 'L3 6.1 (at least 37 bytes)', 'ERR_AUTHDATA_MALFORMED', 'reject', { mutate: (d) => void (d.authData.truncateTo = 36) }),
];

const counter = [
  es256('signCount equal to the stored counter', 'L3 7.2 step 22 (a clone signal; failing is RP-specific, this RP does not)', 'accept', 'reject', {
    mutate: (d, base) => void (d.authData.signCount = base.stored.signCount),
    expectFlag: true,
    why: WHY.counterPolicy,
  }),
  es256('signCount below the stored counter', 'L3 7.2 step 22 (a clone signal; failing is RP-specific, this RP does not)', 'accept', 'reject', {
    mutate: (d) => void (d.authData.signCount = 0),
    options: { storedSignCount: 1000 },
    expectFlag: true,
    why: WHY.counterPolicy,
  }),
  es256('signCount equal to the stored counter, RP fails clones', 'L3 7.2 step 22', 'ERR_COUNTER_REGRESSION', 'reject', {
    mutate: (d, base) => void (d.authData.signCount = base.stored.signCount),
    options: { requireCounterIncrease: true },
  }),
  es256('signCount 0 while the stored counter is not, RP fails clones', 'L3 7.2 step 22', 'ERR_COUNTER_REGRESSION', 'reject', {
    mutate: (d) => void (d.authData.signCount = 0),
    options: { requireCounterIncrease: true, storedSignCount: 5 },
  }),
  es256('signCount wrapped from 0xffffffff to 1, RP fails clones', 'L3 7.2 step 22 (32-bit counter)', 'ERR_COUNTER_REGRESSION', 'reject', {
    mutate: (d) => void (d.authData.signCount = 1),
    options: { requireCounterIncrease: true, storedSignCount: 0xffffffff },
  }),
  es256('signCount 0 and stored counter 0 (no counter)', 'L3 7.2 step 22 (only when either is nonzero)', 'accept', 'accept', {
    mutate: (d) => void (d.authData.signCount = 0),
    options: { storedSignCount: 0, requireCounterIncrease: true },
  }),
  es256('signCount 0xffffffff', 'L3 7.2 step 22', 'accept', 'accept', { mutate: (d) => void (d.authData.signCount = 0xffffffff), options: { requireCounterIncrease: true } }),
  es256('signCount raised, not re-signed', 'L3 7.2 step 21', 'ERR_SIGNATURE_INVALID', 'reject', { mutate: (d) => void (d.authData.signCount += 10), resign: false }),
];

const signature = [
  es256('sig last bit flipped', 'L3 7.2 step 21', 'ERR_SIGNATURE_INVALID', 'reject', { signature: (s) => flipBit(s, -1) }),
  es256('sig missing its last byte', 'L3 7.2 step 21', 'ERR_SIGNATURE_INVALID', 'reject', { signature: (s) => s.slice(0, -1) }),
  es256('sig with one extra byte after the DER SEQUENCE', 'L3 7.2 step 21, 6.5.6 (MUST be ASN.1 DER)', 'ERR_SIGNATURE_INVALID', 'accept', {
    signature: (s) => new Uint8Array(Buffer.concat([s, Buffer.of(0)])),
    why: WHY.derTrailingBytes,
  }),
  es256('sig empty', 'L3 7.2 step 21', 'ERR_SIGNATURE_INVALID', 'reject', { signature: () => new Uint8Array(0) }),
  es256('sig encoded as IEEE P1363 r||s instead of DER', 'L3 6.5.6 (MUST be ASN.1 DER)', 'ERR_SIGNATURE_INVALID', 'reject', { signature: (s) => toP1363(s) }),
  es256('sig with the other S (n - s)', 'L3 6.5.6 (no low-S rule)', 'accept', 'accept', { signature: (s) => negateS(s) }),
  es256('sig as BER with a redundant leading zero in r', 'L3 6.5.6 (MUST be DER)', 'ERR_SIGNATURE_INVALID', 'reject', { signature: (s) => berSignature(s) }),
  es256('sig over authenticatorData || clientDataJSON (not its hash)', 'L3 7.2 steps 20-21', 'ERR_SIGNATURE_INVALID', 'reject', {
    signature: (_s, d, base) => new Uint8Array(sign('sha256', Buffer.concat([authDataOf(d), d.clientDataJSON]), base.keyPair.privateKey)),
  }),
  es256('sig over authenticatorData alone', 'L3 7.2 step 21', 'ERR_SIGNATURE_INVALID', 'reject', {
    signature: (_s, d, base) => new Uint8Array(sign('sha256', authDataOf(d), base.keyPair.privateKey)),
  }),
  es256('sig is ECDSA with SHA-384', 'L3 7.2 step 21 (ES256 is ECDSA with SHA-256)', 'ERR_SIGNATURE_INVALID', 'reject', {
    signature: (_s, d, base) => new Uint8Array(sign('sha384', signed(d), base.keyPair.privateKey)),
  }),
  es256('sig of the registration ceremony (another message)', 'L3 7.2 step 21', 'ERR_SIGNATURE_INVALID', 'reject', {
    signature: (_s, _d, base) => new Uint8Array(sign('sha256', Buffer.from('registration'), base.keyPair.privateKey)),
  }),
  es256('signature is not base64url', 'L3 7.2 step 7 (AuthenticatorAssertionResponseJSON)', 'ERR_INVALID_RESPONSE', 'reject', {
    json: (j) => void ((j.response as Record<string, unknown>).signature = 'not base64url!'),
  }),
  rs256('sig last bit flipped', 'L3 7.2 step 21', 'ERR_SIGNATURE_INVALID', 'reject', { signature: (s) => flipBit(s, -1) }),
  rs256('sig missing its last byte', 'L3 7.2 step 21', 'ERR_SIGNATURE_INVALID', 'reject', { signature: (s) => s.slice(0, -1) }),
  rs256('sig is RSASSA-PSS with SHA-256', 'L3 6.5.6 (RS256 is RSASSA-PKCS1-v1_5)', 'ERR_SIGNATURE_INVALID', 'reject', {
    signature: (_s, d, base) =>
      new Uint8Array(sign('sha256', signed(d), { key: base.keyPair.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })),
  }),
  rs256('sig is RSASSA-PKCS1-v1_5 with SHA-1', 'L3 6.5.6 (RS256 uses SHA-256)', 'ERR_SIGNATURE_INVALID', 'reject', {
    signature: (_s, d, base) => new Uint8Array(sign('sha1', signed(d), base.keyPair.privateKey)),
  }),
  rs256('UP cleared', 'L3 7.2 step 16', 'ERR_USER_PRESENCE_REQUIRED', 'reject', { mutate: (d) => setFlag(d, Flag.UP, false) }),
  rs256('UV set', 'L3 7.2 step 17', 'accept', 'accept', { mutate: (d) => setFlag(d, Flag.UV, true) }),
  eddsa('sig last bit flipped', 'L3 7.2 step 21', 'ERR_SIGNATURE_INVALID', 'reject', { signature: (s) => flipBit(s, -1) }),
  eddsa('sig missing its last byte', 'L3 7.2 step 21 (Ed25519 signatures are 64 bytes)', 'ERR_SIGNATURE_INVALID', 'reject', { signature: (s) => s.slice(0, -1) }),
  eddsa('sig with S + L (non-canonical S)', 'L3 7.2 step 21, RFC 8032 5.1.7 (S MUST be < L)', 'ERR_SIGNATURE_INVALID', 'reject', { signature: (s) => nonCanonicalS(s) }),
  eddsa('sig over authenticatorData || clientDataJSON (not its hash)', 'L3 7.2 steps 20-21', 'ERR_SIGNATURE_INVALID', 'reject', {
    signature: (_s, d, base) => new Uint8Array(sign(null, Buffer.concat([authDataOf(d), d.clientDataJSON]), base.keyPair.privateKey)),
  }),
  eddsa('UP cleared', 'L3 7.2 step 16', 'ERR_USER_PRESENCE_REQUIRED', 'reject', { mutate: (d) => setFlag(d, Flag.UP, false) }),
];

const json = [
  es256('id and rawId name another credential', 'L3 7.2 step 6 (the credential record whose id equals rawId)', 'ERR_CREDENTIAL_ID_MISMATCH', 'accept', {
    mutate: (d) => void Object.assign(d.credential, { id: otherId, rawId: otherId }),
    why: WHY.assertionIdNotCompared,
  }),
  es256('rawId differs from id', 'L3 5.1 (id is the base64url of rawId)', 'ERR_CREDENTIAL_ID_MISMATCH', 'reject', { mutate: (d) => void (d.credential.rawId = otherId) }),
  es256("type is not 'public-key'", 'L3 7.2 step 3', 'ERR_INVALID_RESPONSE', 'reject', { mutate: (d) => void (d.credential.type = 'password') }),
  es256('response.authenticatorData missing', 'L3 7.2 step 7', 'ERR_INVALID_RESPONSE', 'reject', {
    json: (j) => void delete (j.response as Record<string, unknown>).authenticatorData,
  }),
  es256('response.signature missing', 'L3 7.2 step 7', 'ERR_INVALID_RESPONSE', 'reject', { json: (j) => void delete (j.response as Record<string, unknown>).signature }),
  es256('response.userHandle is a number', 'L3 5.2.2 (userHandle is base64url or null)', 'ERR_INVALID_RESPONSE', 'reject', {
    json: (j) => void ((j.response as Record<string, unknown>).userHandle = 42),
  }),
  es256('response.userHandle null', 'L3 5.2.2, 7.2 step 6', 'accept', 'accept', { json: (j) => void ((j.response as Record<string, unknown>).userHandle = null) }),
];

/** Every authentication row. */
export const authenticationRowsTable: AuthenticationRow[] = [...clientData, ...flags, ...authData, ...counter, ...signature, ...json];
