/**
 * `apple` anonymous attestation mutations (WebAuthn L3 8.8 verification procedure), on the iCloud
 * Keychain (managed Apple ID) registration: x5c = [credCert, intermediate], credCert carries
 * nonce = SHA-256(authenticatorData || clientDataHash) in extension 1.2.840.113635.100.8.2.
 * @module
 */
import type { TBSCertificate } from '@peculiar/asn1-x509';
import { vendorCa } from '../../../packages/core/src/ca/testCa.js';
import { Flag, coseKeyOf, encodeAuthData, sha256 } from '../authData.js';
import { APPLE_NONCE_OID, appleNonceValue, reissue, removeExtension, setExtension, setSubjectPublicKey } from '../certs.js';
import { SEED, type RegistrationBase } from '../fixtures.js';
import type { RegistrationDraft, RegistrationRow } from '../types.js';
import { registrationRows } from './define.js';
import { editClientData, setFlag } from './edit.js';
import { WHY } from './why.js';

const apple = registrationRows('apple');
type Stmt = Map<string, unknown>;
const x5cOf = (s: Stmt): Uint8Array[] => s.get('x5c') as Uint8Array[];
const authDataOf = (d: RegistrationDraft): Uint8Array => encodeAuthData(d.authData);
const clientDataHash = (d: RegistrationDraft): Uint8Array => sha256(d.clientDataJSON);

/** Changes one field of credCert; the vendor intermediate signs it again. */
const editCredCert =
  (edit: (tbs: TBSCertificate, d: RegistrationDraft, base: RegistrationBase) => void) =>
  (s: Stmt, d: RegistrationDraft, base: RegistrationBase): void => {
    const [leaf, ...chain] = x5cOf(s);
    s.set('x5c', [reissue(leaf as Uint8Array, base.ca.intermediate.keyPair.privateKey, (tbs) => edit(tbs, d, base)), ...chain]);
  };

const setNonce = (value: (d: RegistrationDraft) => Uint8Array) =>
  editCredCert((tbs, d) => setExtension(tbs, APPLE_NONCE_OID, value(d)));

/** Every apple row. */
export const appleRows: RegistrationRow[] = [
  apple('x5c missing', 'L3 8.8 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.delete('x5c') }),
  apple('x5c empty', 'L3 8.8 syntax (credCert first)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('x5c', []) }),
  apple('nonce is another value', 'L3 8.8 verification step 4', 'ERR_ATTESTATION_SIGNATURE', 'reject', { statement: setNonce(() => appleNonceValue(sha256('another nonce'))) }),
  apple('nonce is SHA-256 of authenticatorData alone', 'L3 8.8 verification steps 2-4', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: setNonce((d) => appleNonceValue(sha256(authDataOf(d)))),
  }),
  apple('nonce is SHA-256 of clientDataHash || authenticatorData (order swapped)', 'L3 8.8 verification step 2', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    statement: setNonce((d) => appleNonceValue(sha256(new Uint8Array(Buffer.concat([clientDataHash(d), authDataOf(d)]))))),
  }),
  apple('nonce extension missing', 'L3 8.8 verification step 4', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editCredCert((tbs) => removeExtension(tbs, APPLE_NONCE_OID)),
  }),
  apple('nonce extension is a bare OCTET STRING (no SEQUENCE { [1] ... })', 'L3 8.8 signing step 4 / verification step 4 (the extension value)', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: setNonce((d) => {
      const nonce = sha256(new Uint8Array(Buffer.concat([authDataOf(d), clientDataHash(d)])));
      return new Uint8Array(Buffer.concat([Buffer.of(0x04, nonce.length), nonce]));
    }),
  }),
  apple('credCert certifies another key (nonce correct)', 'L3 8.8 verification step 5', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    statement: editCredCert((tbs, _d, base) => setSubjectPublicKey(tbs, base.ca.root.keyPair.publicKey)),
  }),
  apple('credential public key in authenticator data is another valid P-256 key', 'L3 8.8 verification step 5', 'ERR_ATTESTATION_MALFORMED', 'reject', {
    mutate: (d, base) => void (d.authData.attested!.publicKey = coseKeyOf(base.ca.root.keyPair.publicKey, -7)),
  }),
  apple('x5c holds credCert alone', 'L3 7.1 step 24', 'ERR_ATTESTATION_UNTRUSTED', 'reject', { statement: (s) => void s.set('x5c', x5cOf(s).slice(0, 1)) }),
  apple('x5c ends with the root itself', 'L3 8.8 syntax (credCert followed by its chain), 7.1 step 24', 'accept', 'reject', {
    statement: (s, _d, base) => void s.set('x5c', [...x5cOf(s), base.ca.root.der]),
    why: WHY.x5cRootDuplicate,
  }),
  apple("credCert signed by another CA's key", 'L3 7.1 step 24', 'ERR_ATTESTATION_UNTRUSTED', 'reject', {
    statement: async (s) => {
      const [leaf, ...chain] = x5cOf(s);
      s.set('x5c', [reissue(leaf as Uint8Array, (await vendorCa('feitian', SEED)).intermediate.keyPair.privateKey, () => {}), ...chain]);
    },
  }),
  apple('authenticator data changed after attestation (UV set, not re-attested)', 'L3 8.8 signing step 4 (the nonce protects authenticator data)', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    mutate: (d) => setFlag(d, Flag.UV, true),
    resign: false,
  }),
  apple('clientDataJSON re-serialized with an extra member, not re-attested', 'L3 8.8 signing step 4 (and client data)', 'ERR_ATTESTATION_SIGNATURE', 'reject', {
    mutate: (d) => editClientData(d, (c) => void (c.extra = 1)),
    resign: false,
  }),
];
