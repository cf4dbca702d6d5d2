/**
 * `apple` anonymous attestation statement format (WebAuthn L3 8.8): a certificate per credential,
 * certifying the credential key itself, whose extension 1.2.840.113635.100.8.2 carries
 * nonce = SHA-256(authenticatorData || clientDataHash). attStmt is `{ x5c: [credCert, intermediate] }`
 * (no alg, no sig), as recent Apple devices send (older ones also sent `alg: -7`).
 *
 * Certificate shape follows the real sample in fixtures/apple.json: subject
 * `CN=<hex SHA-256 of the uncompressed public key>, OU=AAA Certification, O=..., ST=California`,
 * critical basicConstraints CA:false, critical keyUsage 0xf0. Unlike Apple's one-day validity the
 * validity is the test CA's fixed range, so certificates are reproducible. Issued by the vendor's
 * vfido TEST CA, never Apple's.
 * @module
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { CborMap, CborValue } from '../cbor/types.js';
import { issueLeaf, vendorCa } from '../ca/testCa.js';
import { escapeDnValue, vendorIdentity } from '../ca/vendorIdentity.js';
import { attToBeSigned } from './packed.js';
import type { AttestationBuilder, AttestationRequest } from './types.js';
import { publicJwkOf } from '../crypto/publicJwk.js';

/** Attestation statement format identifier. */
export const FORMAT = 'apple';

/** OID of Apple's anonymous attestation nonce extension (WebAuthn L3 8.8). */
export const APPLE_NONCE_OID = '1.2.840.113635.100.8.2';

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

/**
 * The nonce extension: non-critical, value DER `SEQUENCE { [1] EXPLICIT OCTET STRING nonce }`
 * (30 24 a1 22 04 20 || nonce), the structure verifiers decode (WebAuthn L3 8.8 verification step 3).
 * @param nonce - 32-byte SHA-256(authData || clientDataHash)
 */
export function appleNonceExtension(nonce: Uint8Array): x509.Extension {
  const value = new Uint8Array(6 + nonce.length);
  value.set([0x30, 4 + nonce.length, 0xa1, 2 + nonce.length, 0x04, nonce.length]);
  value.set(nonce, 6);
  return new x509.Extension(APPLE_NONCE_OID, false, value);
}

/** Hex SHA-256 of the credential key: of 0x04||x||y for EC keys (as Apple does), else of the SPKI. */
function subjectKeyHash(request: AttestationRequest): string {
  const spki = new Uint8Array(request.credentialKey.publicKey.export({ format: 'der', type: 'spki' }));
  const jwk = publicJwkOf(request.credentialKey.publicKey);
  if (jwk.kty === 'EC' && jwk.x !== undefined && jwk.y !== undefined) {
    const x = Buffer.from(jwk.x, 'base64url');
    const y = Buffer.from(jwk.y, 'base64url');
    return Buffer.from(sha256(new Uint8Array(Buffer.concat([Buffer.from([0x04]), x, y])))).toString('hex');
  }
  return Buffer.from(sha256(spki)).toString('hex');
}

const APPLE_LEAF_KEY_USAGE =
  x509.KeyUsageFlags.digitalSignature |
  x509.KeyUsageFlags.nonRepudiation |
  x509.KeyUsageFlags.keyEncipherment |
  x509.KeyUsageFlags.dataEncipherment;

/**
 * Build an `apple` statement: issues a fresh credential certificate (one ECDSA signature by the
 * vendor intermediate) for the credential key.
 * @throws AttestationBuildError `ERR_ATTESTATION_MALFORMED` on malformed request data
 */
export const buildApple: AttestationBuilder = async (request) => {
  const nonce = sha256(attToBeSigned(request));
  const ca = await vendorCa(request.preset.vendor, request.seed);
  const org = escapeDnValue(`vfido test: ${vendorIdentity(request.preset.vendor).legalName}`);
  const credCert = await issueLeaf(
    ca,
    {
      subject: `CN=${subjectKeyHash(request)}, OU=AAA Certification, O=${org}, ST=California`,
      publicKey: request.credentialKey.publicKey,
      extensions: [new x509.KeyUsagesExtension(APPLE_LEAF_KEY_USAGE, true), appleNonceExtension(nonce)],
    },
    request.seed,
  );
  const attStmt: CborMap = new Map<string, CborValue>([['x5c', [credCert, ca.intermediate.der]]]);
  return { fmt: FORMAT, attStmt };
};
