/**
 * vfido's per-vendor TEST certificate authorities: root -> intermediate, ES256 (P-256), issuing the
 * attestation certificates that builders put in `x5c` (WebAuthn L3 section 8; RFC 5280 profile).
 *
 * These are test roots, never real vendor CAs: every root and intermediate subject contains
 * "vfido" and "TEST", and the private keys are derived from a seed. Without a seed the fixed
 * {@link DEFAULT_CA_SEED} is used, so the default roots are stable across runs and machines and
 * their private keys are public knowledge by design. Never trust them outside tests.
 *
 * Certificates are reproducible byte for byte: keys come from `createKeyPair(-7, seed, label)`,
 * serials from HKDF over the seed, validity is fixed, and ECDSA signatures use RFC 6979 nonces.
 * @module
 */
import 'reflect-metadata';
import { createHash, type KeyObject, type webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { createKeyPair, spkiOf, type KeyPair } from '../crypto/keyPair.js';
import { deriveBytes } from '../crypto/seed.js';
import { deterministicCrypto, importCaKey } from './deterministicCrypto.js';
import { escapeDnValue, vendorIdentity } from './vendorIdentity.js';
import { TestCaError } from './testCaError.js';

/** Seed used when none is given: makes the default test roots stable (their keys are public). */
export const DEFAULT_CA_SEED = 'vfido-default-test-ca';
/** Start of validity of every test CA and (by default) leaf certificate. */
export const CA_NOT_BEFORE = new Date(Date.UTC(2024, 0, 1, 0, 0, 0));
/** End of validity of every test CA and (by default) leaf certificate (still UTCTime). */
export const CA_NOT_AFTER = new Date(Date.UTC(2049, 11, 31, 23, 59, 59));

/** A certificate with the key pair it certifies. */
export interface IssuedCertificate {
  /** DER encoding. */
  der: Uint8Array;
  /** PEM encoding. */
  pem: string;
  /** Key pair of the certified (subject) key. */
  keyPair: KeyPair;
}

/** A vendor's two-level test CA. */
export interface VendorCa {
  /** Vendor key, as in presets. */
  vendor: string;
  /** Self-signed root (trust anchor for relying-party tests). */
  root: IssuedCertificate;
  /** Intermediate signed by the root; issues every leaf. */
  intermediate: IssuedCertificate;
}

/**
 * A certificate extension as its DER `Extension` (RFC 5280 section 4.1: extnID, critical, extnValue). Every
 * `@peculiar/x509` extension is one; declared here so the public declarations need no DOM/WebCrypto types.
 */
export interface CertificateExtension {
  /** DER of the whole `Extension` SEQUENCE. */
  readonly rawData: ArrayBuffer;
}

/** What to put in a leaf certificate issued by {@link issueLeaf}. */
export interface LeafSpec {
  /** X.500 name string (`C=SE, O=..., OU=..., CN=...`), written in DER order; '' for an empty subject. */
  subject: string;
  /** Public key to certify. */
  publicKey: KeyObject;
  /** Hex serial; derived from the seed, subject and key when absent. */
  serialNumber?: string;
  /** Extra extensions (aaguid, SAN, Android key description, Apple nonce, ...). */
  extensions?: readonly CertificateExtension[];
  /** Leaves always get a critical basicConstraints CA:false. */
  basicConstraintsCA?: false;
  /** Extended key usage OIDs, e.g. `2.23.133.8.3` (tcg-kp-AIKCertificate). */
  extendedKeyUsage?: string[];
  /** Defaults to {@link CA_NOT_BEFORE}. */
  notBefore?: Date;
  /** Defaults to {@link CA_NOT_AFTER}. */
  notAfter?: Date;
  /**
   * Which CA signs: the intermediate (default) or the root directly, for formats whose `x5c`
   * must hold the attestation certificate alone (fido-u2f, WebAuthn L3 8.6).
   */
  issuedBy?: 'intermediate' | 'root';
  /**
   * Add a subject key identifier (RFC 5280 4.2.1.2, method 1: SHA-1 of the subjectPublicKey bits). FIDO MDS3
   * names U2F models by this identifier of their attestation certificate (`attestationCertificateKeyIdentifiers`).
   */
  subjectKeyIdentifier?: boolean;
}

/** Signing material of a CA certificate (root or intermediate), computed once per certificate object. */
interface IssuerInternals {
  signingKey: webcrypto.CryptoKey;
  name: x509.Name;
  keyId: string;
}

const caCache = new Map<string, Promise<VendorCa>>();
const issuerCache = new WeakMap<IssuedCertificate, Promise<IssuerInternals>>();

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** 16-byte positive serial without a leading zero octet (RFC 5280 4.1.2.2: at most 20 octets). */
function derivedSerial(seed: string, label: string): string {
  const bytes = deriveBytes(seed, label, 16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return toHex(bytes);
}

const CA_KEY_USAGE = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;

async function issueCa(
  pair: KeyPair,
  subject: string,
  issuer: { name: string; key: webcrypto.CryptoKey; keyId?: string },
  pathLength: number,
  serialNumber: string,
): Promise<{ cert: x509.X509Certificate; keyId: string }> {
  const ski = await x509.SubjectKeyIdentifierExtension.create(spkiOf(pair), false, deterministicCrypto);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(CA_KEY_USAGE, true),
    ski,
  ];
  if (issuer.keyId !== undefined) extensions.push(new x509.AuthorityKeyIdentifierExtension(issuer.keyId));
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber,
      subject,
      issuer: issuer.name,
      notBefore: CA_NOT_BEFORE,
      notAfter: CA_NOT_AFTER,
      publicKey: spkiOf(pair),
      signingKey: issuer.key,
      extensions,
    },
    deterministicCrypto,
  );
  return { cert, keyId: ski.keyId };
}

/**
 * OpenSSL-style PEM (RFC 7468: 64-character lines, trailing newline), the form RP libraries
 * compare certificates in (SimpleWebAuthn matches android-key roots as PEM strings).
 */
export function derToPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

const issued = (cert: x509.X509Certificate, keyPair: KeyPair): IssuedCertificate => ({
  der: new Uint8Array(cert.rawData),
  pem: derToPem(new Uint8Array(cert.rawData)),
  keyPair,
});

async function createVendorCa(vendor: string, seed: string): Promise<VendorCa> {
  const who = escapeDnValue(vendorIdentity(vendor).display);
  const rootName = `O=vfido test PKI, OU=vfido-test-root, CN=vfido TEST Root CA - ${who} (NOT A REAL ${who.toUpperCase()} CA)`;
  const interName = `O=vfido test PKI, OU=vfido-test-intermediate, CN=vfido TEST Attestation CA 1 - ${who} (NOT A REAL ${who.toUpperCase()} CA)`;
  const rootPair = createKeyPair(-7, seed, `ca/${vendor}/root`);
  const interPair = createKeyPair(-7, seed, `ca/${vendor}/intermediate`);
  const rootKey = await importCaKey(rootPair);
  const root = await issueCa(rootPair, rootName, { name: rootName, key: rootKey }, 1, derivedSerial(seed, `ca/${vendor}/root/serial`));
  const inter = await issueCa(
    interPair,
    interName,
    { name: rootName, key: rootKey, keyId: root.keyId },
    0,
    derivedSerial(seed, `ca/${vendor}/intermediate/serial`),
  );
  const ca: VendorCa = { vendor, root: issued(root.cert, rootPair), intermediate: issued(inter.cert, interPair) };
  issuerCache.set(ca.root, Promise.resolve({ signingKey: rootKey, name: root.cert.subjectName, keyId: root.keyId }));
  issuerCache.set(ca.intermediate, importCaKey(interPair).then((signingKey) => ({ signingKey, name: inter.cert.subjectName, keyId: inter.keyId })));
  return ca;
}

/**
 * The test CA of `vendor` for `seed`, created once per (vendor, seed) and cached.
 * @param vendor - vendor key from a preset, e.g. `yubico`
 * @param seed - reproducibility seed; undefined uses {@link DEFAULT_CA_SEED}
 * @throws TestCaError `ERR_CA_KEY` only on an internal key failure
 */
export function vendorCa(vendor: string, seed?: string): Promise<VendorCa> {
  const s = seed ?? DEFAULT_CA_SEED;
  const key = `${vendor}\u0000${s}`;
  let ca = caCache.get(key);
  if (ca === undefined) {
    ca = createVendorCa(vendor, s);
    caCache.set(key, ca);
    ca.catch(() => caCache.delete(key));
  }
  return ca;
}

/** Signing material of a CA certificate, also for a VendorCa built by hand rather than by {@link vendorCa}. */
function issuerOf(issuer: IssuedCertificate): Promise<IssuerInternals> {
  let internals = issuerCache.get(issuer);
  if (internals === undefined) {
    internals = (async () => {
      const cert = new x509.X509Certificate(issuer.der);
      const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
      const keyId = ski?.keyId ?? (await x509.SubjectKeyIdentifierExtension.create(spkiOf(issuer.keyPair), false, deterministicCrypto)).keyId;
      return { signingKey: await importCaKey(issuer.keyPair), name: cert.subjectName, keyId };
    })();
    issuerCache.set(issuer, internals);
  }
  return internals;
}

/**
 * Issue a leaf certificate signed by `ca.intermediate` (or by `ca.root` when `spec.issuedBy` is
 * `root`). The same (ca, spec, seed) always yields
 * the same DER. Leaves carry a critical basicConstraints CA:false and an authority key identifier.
 * @param ca - issuing vendor CA
 * @param spec - subject, key and extensions of the leaf
 * @param seed - seed for the derived serial; undefined uses {@link DEFAULT_CA_SEED}
 * @returns the DER-encoded certificate
 */
export async function issueLeaf(ca: VendorCa, spec: LeafSpec, seed?: string): Promise<Uint8Array> {
  const issuer = await issuerOf(spec.issuedBy === 'root' ? ca.root : ca.intermediate);
  const spki = new Uint8Array(spec.publicKey.export({ format: 'der', type: 'spki' }));
  const keyHash = createHash('sha256').update(spki).digest('hex');
  const serialNumber = spec.serialNumber ?? derivedSerial(seed ?? DEFAULT_CA_SEED, `ca/${ca.vendor}/leaf/${spec.issuedBy ?? 'intermediate'}/${spec.subject}/${keyHash}`);
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(false, undefined, true)];
  if (spec.extendedKeyUsage && spec.extendedKeyUsage.length > 0) {
    extensions.push(new x509.ExtendedKeyUsageExtension(spec.extendedKeyUsage, false));
  }
  extensions.push(...(spec.extensions ?? []).map((extension) => new x509.Extension(extension.rawData)), new x509.AuthorityKeyIdentifierExtension(issuer.keyId));
  if (spec.subjectKeyIdentifier === true) extensions.push(await x509.SubjectKeyIdentifierExtension.create(spki, false, deterministicCrypto));
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber,
      subject: spec.subject === '' ? new x509.Name([]) : spec.subject,
      issuer: issuer.name,
      notBefore: spec.notBefore ?? CA_NOT_BEFORE,
      notAfter: spec.notAfter ?? CA_NOT_AFTER,
      publicKey: spki,
      signingKey: issuer.signingKey,
      extensions,
    },
    deterministicCrypto,
  );
  return new Uint8Array(cert.rawData);
}

/**
 * PEM trust anchors for `vendor`'s test attestation certificates, for relying-party tests.
 * @param vendor - vendor key from a preset
 * @param seed - the seed the authenticator uses; undefined uses {@link DEFAULT_CA_SEED}
 * @returns `[root PEM]`
 */
export async function attestationRootsPem(vendor: string, seed?: string): Promise<string[]> {
  return [(await vendorCa(vendor, seed)).root.pem];
}

/** OID of id-fido-gen-ce-aaguid (WebAuthn L3 8.2.1). */
export const FIDO_AAGUID_OID = '1.3.6.1.4.1.45724.1.1.4';

/**
 * The id-fido-gen-ce-aaguid extension: non-critical, value an OCTET STRING wrapping the 16 AAGUID
 * bytes (WebAuthn L3 8.2.1).
 * @param aaguid - 16 AAGUID bytes
 * @throws TestCaError `ERR_CA_INPUT` when `aaguid` is not 16 bytes
 */
export function aaguidExtension(aaguid: Uint8Array): CertificateExtension {
  if (aaguid.length !== 16) throw new TestCaError('ERR_CA_INPUT', `aaguid must be 16 bytes, got ${aaguid.length}`);
  const value = new Uint8Array(18);
  value[0] = 0x04; // OCTET STRING
  value[1] = 0x10; // length 16
  value.set(aaguid, 2);
  return new x509.Extension(FIDO_AAGUID_OID, false, value);
}
