/**
 * Load a FIDO MDS3 metadata BLOB for `vfido verify --mds` (FIDO Metadata Service v3.0 section 3.1:
 * a JWS whose `x5c` chains to a root the relying party trusts), and list each entry's
 * attestation roots.
 * @module
 */
import 'reflect-metadata';
import { constants, createPublicKey, verify as verifySignature } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';
import { mdsRootPem } from '@vfido/core';
import { CliError, ExitCode, usage } from './errors.js';
import { readText } from './io.js';

/** One BLOB entry's trust facts. */
export interface MdsTrustEntry {
  /** AAGUID of the entry. */
  aaguid: string;
  /** `attestationRootCertificates` (base64 DER). */
  roots: string[];
}

const JWT = /[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;
const PEM = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/;
const HASH: Record<string, { hash: string; ec?: boolean; pss?: boolean }> = {
  ES256: { hash: 'sha256', ec: true },
  ES384: { hash: 'sha384', ec: true },
  RS256: { hash: 'sha256' },
  PS256: { hash: 'sha256', pss: true },
};

const bad = (message: string, hint: string): CliError => new CliError('ERR_MDS_INVALID', message, { exitCode: ExitCode.USAGE, hint });

/** The JWT and root PEM from `--mds` (a BLOB, or `vfido roots --format mds` output) and `--mds-root`. */
async function blobAndRoot(file: string, rootFile: string | undefined): Promise<{ jwt: string; rootPem: string }> {
  const text = readText(file, '--mds');
  let jwt: string | undefined;
  let rootPem: string | undefined;
  if (text.trimStart().startsWith('{')) {
    try {
      const o = JSON.parse(text) as { jwt?: unknown; rootPem?: unknown };
      if (typeof o.jwt === 'string') jwt = o.jwt;
      if (typeof o.rootPem === 'string') rootPem = o.rootPem;
    } catch {
      /* not JSON: read as text below */
    }
  }
  jwt ??= JWT.exec(text)?.[0];
  rootPem ??= PEM.exec(text)?.[0];
  if (jwt === undefined) throw usage('ERR_MDS_INVALID', `--mds ${file} holds no metadata BLOB (JWS compact serialization)`, "pass the BLOB, e.g. from 'vfido roots --format mds --json > mds.json'");
  if (rootFile !== undefined) rootPem = readText(rootFile, '--mds-root');
  rootPem ??= await mdsRootPem();
  return { jwt, rootPem };
}

/**
 * Verify a BLOB's signature and chain, and return its entries' attestation roots.
 * @param file - `--mds` file: the JWT, or JSON with `jwt` (and `rootPem`)
 * @param rootFile - `--mds-root` PEM; default: a PEM in the `--mds` file, else the vfido TEST MDS root
 * @throws CliError `ERR_MDS_INVALID`, `ERR_MDS_UNTRUSTED`
 */
export async function loadMdsBlob(file: string, rootFile?: string): Promise<MdsTrustEntry[]> {
  const { jwt, rootPem } = await blobAndRoot(file, rootFile);
  const [h, p, s] = jwt.split('.') as [string, string, string];
  let header: { alg?: string; x5c?: string[] };
  let payload: { entries?: { aaguid?: string; metadataStatement?: { attestationRootCertificates?: string[] } }[] };
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new CliError('ERR_MDS_INVALID', `--mds: the BLOB header or payload is not JSON`, { hint: 'pass an MDS3 BLOB as downloaded', cause });
  }
  const alg = HASH[header.alg ?? ''];
  if (!alg) throw bad(`--mds: unsupported BLOB alg '${String(header.alg)}'`, 'MDS3 BLOBs are signed ES256, ES384, RS256 or PS256');
  if (!Array.isArray(header.x5c) || header.x5c.length === 0) throw bad('--mds: the BLOB header has no x5c', 'pass an MDS3 BLOB as downloaded');
  let chain: X509Certificate[];
  let root: X509Certificate;
  try {
    chain = header.x5c.map((b64) => new X509Certificate(Buffer.from(b64, 'base64')));
    root = new X509Certificate(rootPem);
  } catch (cause) {
    throw new CliError('ERR_MDS_INVALID', '--mds: a certificate in x5c or --mds-root cannot be parsed', { hint: 'check --mds-root is the PEM root of the BLOB', cause });
  }
  const leafKey = createPublicKey(chain[0]!.toString('pem'));
  const ok = verifySignature(alg.hash, Buffer.from(`${h}.${p}`), { key: leafKey, ...(alg.ec ? { dsaEncoding: 'ieee-p1363' as const } : {}), ...(alg.pss ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : {}) }, Buffer.from(s, 'base64url'));
  if (!ok) throw new CliError('ERR_MDS_UNTRUSTED', '--mds: the BLOB signature does not verify', { hint: 'the BLOB was altered; download it again' });
  const path = [...chain, root];
  for (let i = 0; i < path.length - 1; i++) {
    const verified = await path[i]!.verify({ publicKey: path[i + 1]!.publicKey, signatureOnly: true }).catch(() => false);
    if (!verified) {
      throw new CliError('ERR_MDS_UNTRUSTED', `--mds: the BLOB chain does not reach the root (${path[i]!.subject} is not signed by ${path[i + 1]!.subject})`, {
        hint: 'pass the root that issued this BLOB with --mds-root (vfido BLOBs: vfido roots --format mds)',
      });
    }
  }
  return (payload.entries ?? [])
    .filter((e): e is { aaguid: string; metadataStatement?: { attestationRootCertificates?: string[] } } => typeof e.aaguid === 'string')
    .map((e) => ({ aaguid: e.aaguid, roots: e.metadataStatement?.attestationRootCertificates ?? [] }));
}
