/**
 * vfido's TEST metadata-service PKI: root -> intermediate (the test CA of vendor key `mds`) ->
 * BLOB signing certificate, the shape of the real MDS3 chain (FIDO Metadata Service v3.0
 * section 3.1.7: the BLOB's `x5c` holds the signing certificate first, then intermediates, and
 * never the root).
 *
 * This is a test PKI: every subject says "vfido" and "TEST", none names the FIDO Alliance as
 * issuer, and the keys derive from a seed (public by design for {@link DEFAULT_CA_SEED}). The
 * certificates carry no CRL distribution points, so relying parties have nothing to fetch.
 * @module
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createKeyPair, type KeyPair } from '../crypto/keyPair.js';
import { DEFAULT_CA_SEED, derToPem, issueLeaf, vendorCa, type VendorCa } from '../ca/testCa.js';

/** Vendor key of the MDS test CA (its subjects read "vfido TEST Root CA - mds (NOT A REAL MDS CA)"). */
export const MDS_CA_VENDOR = 'mds';

/** Subject of the BLOB signing certificate. */
export const MDS_SIGNER_SUBJECT = 'O=vfido test PKI, OU=vfido-test-mds, CN=vfido TEST MDS BLOB Signer (not FIDO Alliance)';

/** The signing material of a test metadata BLOB. */
export interface MdsSigner {
  /** Root and intermediate of the MDS test CA. */
  ca: VendorCa;
  /** DER of the BLOB signing certificate (issued by `ca.intermediate`). */
  signerDer: Uint8Array;
  /** PEM of the BLOB signing certificate. */
  signerPem: string;
  /** The ES256 key the BLOB is signed with. */
  keyPair: KeyPair;
}

const signerCache = new Map<string, Promise<MdsSigner>>();

async function createSigner(seed: string): Promise<MdsSigner> {
  const ca = await vendorCa(MDS_CA_VENDOR, seed);
  const keyPair = createKeyPair(-7, seed, 'mds/blob-signer');
  const signerDer = await issueLeaf(
    ca,
    {
      subject: MDS_SIGNER_SUBJECT,
      publicKey: keyPair.publicKey,
      // RFC 5280 4.2.1.3: a JWS signing key only needs digitalSignature.
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
    },
    seed,
  );
  const signerPem = derToPem(signerDer);
  return { ca, signerDer, signerPem, keyPair };
}

/**
 * The MDS test signer for `seed`, created once per seed and cached. Same seed, same certificates
 * and key, byte for byte.
 * @param seed - reproducibility seed; undefined uses {@link DEFAULT_CA_SEED}
 * @throws TestCaError `ERR_CA_KEY` only on an internal key failure
 */
export function mdsSigner(seed?: string): Promise<MdsSigner> {
  const s = seed ?? DEFAULT_CA_SEED;
  let signer = signerCache.get(s);
  if (signer === undefined) {
    signer = createSigner(s);
    signerCache.set(s, signer);
    signer.catch(() => signerCache.delete(s));
  }
  return signer;
}

/**
 * PEM of the TEST root a relying party must trust to accept vfido metadata BLOBs made with `seed`
 * (for SimpleWebAuthn: `SettingsService.setRootCertificates({ identifier: 'mds', certificates: [pem] })`).
 * @param seed - the seed given to `mdsBlob`; undefined uses {@link DEFAULT_CA_SEED}
 */
export async function mdsRootPem(seed?: string): Promise<string> {
  return (await vendorCa(MDS_CA_VENDOR, seed ?? DEFAULT_CA_SEED)).root.pem;
}
