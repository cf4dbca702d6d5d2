/**
 * Describe X.509 attestation certificates (RFC 5280) with the FIDO extensions spelled out:
 * id-fido-gen-ce-aaguid (WebAuthn L3 8.2.1), id-fido-u2f-ce-transports (FIDO U2F
 * Authenticator Transports Extension), TPM and Android/Apple attestation markers.
 * @module
 */
import { createRequire } from 'node:module';
import type * as X509 from '@peculiar/x509';
import { aaguidName } from '@vfido/core/data';
import { hex } from '../io.js';

let x509: typeof X509 | undefined;
/**
 * @peculiar/x509 (with the reflect-metadata polyfill it needs), loaded on the first certificate:
 * it is most of what importing the decoder costs, and most inputs (clientDataJSON,
 * authenticatorData, COSE keys, attestation objects without x5c) hold no certificate.
 */
function lib(): typeof X509 {
  if (!x509) {
    const require = createRequire(import.meta.url);
    require('reflect-metadata');
    x509 = require('@peculiar/x509') as typeof X509;
  }
  return x509;
}

/** Well-known OIDs seen in attestation certificates. */
const OID_NAMES: Record<string, string> = {
  '1.3.6.1.4.1.45724.1.1.4': 'id-fido-gen-ce-aaguid',
  '1.3.6.1.4.1.45724.2.1.1': 'id-fido-u2f-ce-transports',
  '1.3.6.1.4.1.11129.2.1.17': 'android key attestation',
  '1.2.840.113635.100.8.2': 'apple anonymous attestation nonce',
  '2.23.133.8.3': 'tcg-kp-AIKCertificate',
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.19': 'basicConstraints',
  '2.5.29.15': 'keyUsage',
  '2.5.29.37': 'extKeyUsage',
  '2.5.29.17': 'subjectAltName',
  '2.5.29.31': 'cRLDistributionPoints',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
  '2.5.29.32': 'certificatePolicies',
};

/** KeyUsage flag names in @peculiar/x509's bit order (RFC 5280 4.2.1.3). */
const KEY_USAGES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

/** FIDO U2F transports BIT STRING bits, most significant first. */
const U2F_TRANSPORTS = ['bluetoothRadio', 'bluetoothLowEnergy', 'usb', 'nfc', 'usbInternal'];

/** 16 bytes as a dashed UUID. */
export function uuidOf(bytes: Uint8Array): string {
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An AAGUID with its model name, e.g. `cb69481e-... (YubiKey 5 Series with NFC)`. */
export function namedAaguid(aaguid: string): string {
  if (/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(aaguid)) return `${aaguid} (zero: no model disclosed)`;
  const name = aaguidName(aaguid);
  return name ? `${aaguid} (${name})` : `${aaguid} (unknown model)`;
}

function extensionValue(ext: X509.Extension): unknown {
  const { BasicConstraintsExtension, KeyUsagesExtension, ExtendedKeyUsageExtension, SubjectAlternativeNameExtension } = lib();
  const value = new Uint8Array(ext.value);
  if (ext instanceof BasicConstraintsExtension) return { ca: ext.ca, ...(ext.pathLength === undefined ? {} : { pathLength: ext.pathLength }) };
  if (ext instanceof KeyUsagesExtension) return KEY_USAGES.filter((_, i) => (ext.usages >> i) & 1);
  if (ext instanceof ExtendedKeyUsageExtension) return ext.usages.map((u) => (OID_NAMES[String(u)] ? `${String(u)} (${OID_NAMES[String(u)]})` : String(u)));
  if (ext instanceof SubjectAlternativeNameExtension) return ext.names.items.map((n) => `${n.type}: ${n.value}`);
  if (ext.type === '1.3.6.1.4.1.45724.1.1.4') {
    // extnValue is an OCTET STRING holding the 16-byte AAGUID (WebAuthn L3 8.2.1).
    return value.length === 18 && value[0] === 0x04 && value[1] === 0x10 ? namedAaguid(uuidOf(value.slice(2))) : `malformed (${hex(value)})`;
  }
  if (ext.type === '1.3.6.1.4.1.45724.2.1.1' && value[0] === 0x03 && value.length >= 4) {
    const unused = value[2] ?? 0;
    const bits = Number(BigInt(`0x${hex(value.slice(3))}`) >> BigInt(unused));
    const width = (value.length - 3) * 8 - unused;
    return U2F_TRANSPORTS.filter((_, i) => i < width && (bits >> (width - 1 - i)) & 1);
  }
  return `${value.length} bytes`;
}

/** A certificate described for people and JSON. */
export interface CertificateDescription {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  publicKey: string;
  signatureAlgorithm: string;
  selfSigned: boolean;
  extensions: Record<string, unknown>;
}

/**
 * Describe one certificate.
 * @param der - DER bytes (or PEM text)
 * @throws Error when the input is not a certificate
 */
export function describeCertificate(der: Uint8Array | string): CertificateDescription {
  const cert = new (lib().X509Certificate)(typeof der === 'string' ? der : Buffer.from(der));
  const alg = cert.publicKey.algorithm as { name: string; namedCurve?: string; modulusLength?: number };
  const sig = cert.signatureAlgorithm as { name: string; hash?: { name: string } };
  const extensions: Record<string, unknown> = {};
  for (const ext of cert.extensions) {
    const label = `${OID_NAMES[ext.type] ?? ext.type}${OID_NAMES[ext.type] ? ` (${ext.type})` : ''}${ext.critical ? ' [critical]' : ''}`;
    extensions[label] = extensionValue(ext);
  }
  return {
    subject: cert.subject || '(empty: see subjectAltName)',
    issuer: cert.issuer || '(empty)',
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    publicKey: [alg.name, alg.namedCurve, alg.modulusLength ? `${alg.modulusLength} bits` : undefined].filter(Boolean).join(' '),
    signatureAlgorithm: [sig.name, sig.hash?.name].filter(Boolean).join(' '),
    selfSigned: cert.subject === cert.issuer,
    extensions,
  };
}
