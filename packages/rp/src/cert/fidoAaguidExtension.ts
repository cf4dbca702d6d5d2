/**
 * The FIDO AAGUID certificate extension `id-fido-gen-ce-aaguid` (1.3.6.1.4.1.45724.1.1.4;
 * WebAuthn L3 8.2.1): the 16-byte AAGUID as an OCTET STRING inside the extnValue OCTET STRING.
 * @module
 */
import { DerTag, readOnlyDer } from './der.js';
import { findExtension, type ParsedCertificate } from './parseCertificate.js';

/** OID of `id-fido-gen-ce-aaguid`. */
export const ID_FIDO_GEN_CE_AAGUID = '1.3.6.1.4.1.45724.1.1.4';

/** The AAGUID a certificate claims, with the extension's criticality. */
export interface CertificateAaguid {
  aaguid: Uint8Array;
  critical: boolean;
}

/**
 * Reads the AAGUID extension, or `undefined` when the certificate has none.
 * @throws DerError when the extension is present but not a 16-byte OCTET STRING
 */
export function certificateAaguid(cert: ParsedCertificate): CertificateAaguid | undefined {
  const ext = findExtension(cert, ID_FIDO_GEN_CE_AAGUID);
  if (!ext) return undefined;
  const aaguid = readOnlyDer(ext.value, DerTag.OCTET_STRING);
  if (aaguid.byteLength !== 16) throw new RangeError(`aaguid extension holds ${aaguid.byteLength} bytes; 16 expected`);
  return { aaguid, critical: ext.critical };
}
