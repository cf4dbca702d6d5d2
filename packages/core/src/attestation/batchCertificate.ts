/**
 * Batch attestation certificates (WebAuthn L3 6.5.4 "Basic"/"AttCA" attestation, certificate
 * requirements of 8.2.1): one attestation key and certificate per (preset, algorithm, AAGUID,
 * seed), shared by every credential as on real security keys, issued by the vendor's vfido TEST CA.
 * @module
 */
import { DEFAULT_CA_SEED, aaguidExtension, issueLeaf, vendorCa } from '../ca/testCa.js';
import { escapeDnValue, vendorIdentity } from '../ca/vendorIdentity.js';
import { createKeyPair, type KeyPair } from '../crypto/keyPair.js';
import type { SigningAlgorithm } from '../crypto/algorithms.js';
import type { Preset } from '../presets/types.js';
import { AttestationBuildError } from './attestationBuildError.js';

/** An attestation key with its certificate path. */
export interface BatchAttestation {
  /** The batch attestation key pair (derived from the seed; public knowledge for the default seed). */
  keyPair: KeyPair;
  /** `[attestation certificate, vendor intermediate]`, or `[attestation certificate]` when issued by the root; DER. */
  x5c: Uint8Array[];
}

const cache = new Map<string, Promise<BatchAttestation>>();

/**
 * The 16 bytes of a UUID string such as a preset's `aaguid`.
 * @param uuid - `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`
 * @throws AttestationBuildError `ERR_ATTESTATION_MALFORMED` when it is not a UUID
 */
export function aaguidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new AttestationBuildError('ERR_ATTESTATION_MALFORMED', `aaguid "${uuid}" is not a uuid`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/**
 * Subject of a batch certificate per WebAuthn L3 8.2.1: C, O (vendor, prefixed "vfido test:"),
 * OU "Authenticator Attestation", CN.
 * @param preset - the emulated model
 */
export function batchSubject(preset: Preset): string {
  const id = vendorIdentity(preset.vendor);
  return [
    `C=${id.country}`,
    `O=${escapeDnValue(`vfido test: ${id.legalName}`)}`,
    'OU=Authenticator Attestation',
    `CN=${escapeDnValue(`vfido TEST Batch Attestation - ${preset.name}`)}`,
  ].join(', ');
}

/** Which CA issues the batch certificate: the intermediate (x5c of two) or the root (x5c of one). */
export type BatchIssuer = 'intermediate' | 'root';

/** X.500 serialNumber attribute (2.5.4.5), carrying an enterprise attestation's device serial. */
const SERIAL_NUMBER_OID = '2.5.4.5';

async function create(preset: Preset, aaguid: Uint8Array, alg: SigningAlgorithm, seed: string, issuedBy: BatchIssuer, enterpriseSerial: string | undefined): Promise<BatchAttestation> {
  const ca = await vendorCa(preset.vendor, seed);
  // CTAP 2.1 7.1: an enterprise attestation may identify the authenticator: its own key, its serial in the subject.
  const label = enterpriseSerial === undefined ? `attestation/batch/${preset.vendor}/${preset.id}/${alg}` : `attestation/enterprise/${preset.vendor}/${preset.id}/${alg}/${enterpriseSerial}`;
  const subject = enterpriseSerial === undefined ? batchSubject(preset) : `${batchSubject(preset)}, ${SERIAL_NUMBER_OID}=${escapeDnValue(enterpriseSerial)}`;
  const keyPair = createKeyPair(alg, seed, label);
  // The root-issued certificate is the U2F attestation certificate; MDS3 lists U2F models by its key identifier.
  const leaf = await issueLeaf(ca, { subject, publicKey: keyPair.publicKey, extensions: [aaguidExtension(aaguid)], issuedBy, subjectKeyIdentifier: issuedBy === 'root' }, seed);
  return { keyPair, x5c: issuedBy === 'root' ? [leaf] : [leaf, ca.intermediate.der] };
}

/**
 * The batch attestation key and certificate path for `preset`, created once and cached.
 * @param preset - the emulated model (its `vendor` picks the CA)
 * @param aaguid - AAGUID for the id-fido-gen-ce-aaguid extension
 * @param alg - attestation key algorithm (ES256 for every real batch key vfido emulates)
 * @param seed - reproducibility seed; undefined uses the test CA's default seed
 * @param issuedBy - `root` for formats whose x5c holds one certificate (fido-u2f)
 * @param enterpriseSerial - for an enterprise attestation (CTAP 2.1 7.1): a key and certificate
 *   unique to the authenticator with this serial (subject serialNumber) instead of the batch's
 */
export function batchAttestation(
  preset: Preset,
  aaguid: Uint8Array,
  alg: SigningAlgorithm,
  seed: string | undefined,
  issuedBy: BatchIssuer = 'intermediate',
  enterpriseSerial?: string,
): Promise<BatchAttestation> {
  const s = seed ?? DEFAULT_CA_SEED;
  const key = [preset.vendor, preset.id, preset.name, alg, Buffer.from(aaguid).toString('hex'), s, issuedBy, enterpriseSerial ?? ''].join('\u0000');
  let entry = cache.get(key);
  if (entry === undefined) {
    entry = create(preset, aaguid, alg, s, issuedBy, enterpriseSerial);
    cache.set(key, entry);
    entry.catch(() => cache.delete(key));
  }
  return entry;
}
