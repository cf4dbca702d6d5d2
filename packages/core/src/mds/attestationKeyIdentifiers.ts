/**
 * Key identifiers of a U2F model's attestation certificates, as FIDO MDS3 lists U2F models
 * (Metadata Statement 3.0 section 4 and MDS 3.0 section 3.1.1 `attestationCertificateKeyIdentifiers`:
 * lowercase hex, RFC 5280 4.2.1.2 method 1, SHA-1 of the subjectPublicKey bits).
 * @module
 */
import * as x509 from '@peculiar/x509';
import { aaguidBytes, batchAttestation } from '../attestation/batchCertificate.js';
import type { Preset } from '../presets/types.js';
import { MdsError } from './mdsError.js';

/**
 * The key identifiers of the attestation certificate a U2F preset's `fido-u2f` builder (and CTAP1
 * registration) puts in `x5c`, read from the certificate's subject key identifier extension.
 * @param preset - a preset whose attestation format is `fido-u2f`
 * @param seed - the seed of the authenticator and its vendor CA
 * @throws MdsError `ERR_MDS_INPUT` when the preset does not attest with `fido-u2f`
 */
export async function attestationKeyIdentifiers(preset: Preset, seed: string): Promise<string[]> {
  if (preset.attestation.format !== 'fido-u2f') {
    throw new MdsError('ERR_MDS_INPUT', `preset '${preset.id}' has the zero aaguid but attests with ${preset.attestation.format}, not fido-u2f; mds entries need an aaguid or u2f key identifiers`);
  }
  // Same certificate as buildFidoU2f and ctap1 register: P-256 batch key, issued by the vendor root.
  const batch = await batchAttestation(preset, aaguidBytes(preset.aaguid), -7, seed, 'root');
  const ids: string[] = [];
  for (const der of batch.x5c.slice(0, 1)) {
    const ski = new x509.X509Certificate(der).getExtension(x509.SubjectKeyIdentifierExtension);
    if (!ski) throw new MdsError('ERR_MDS_INPUT', `the fido-u2f attestation certificate of '${preset.id}' has no subject key identifier`);
    ids.push(ski.keyId.toLowerCase());
  }
  return ids;
}
