/**
 * The `--mds` and `--mds-root` flags: read a FIDO MDS3 metadata BLOB (FIDO Metadata Service v3.0
 * section 3.1: a JWS whose `x5c` chains to a root the relying party trusts) and load it into a
 * `@vfido/rp` TrustStore, which verifies it (`TrustStore.addMdsBlob`, MDS 3.0 section 3.1.8).
 * @module
 */
import type { MdsBlobSummary, TrustStore } from '@vfido/rp';
import { CliError, ExitCode, usage } from './errors.js';
import { readText } from './io.js';

const JWT = /[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;
const PEM = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/;

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
  rootPem ??= await (await import('@vfido/core')).mdsRootPem();
  return { jwt, rootPem };
}

/** The CLI error for a `TrustStore.addMdsBlob` failure (codes ERR_MDS_* and ERR_TRUST_ANCHOR_INVALID). */
function mdsError(error: unknown): unknown {
  if (!(error instanceof Error && error.name === 'VerificationError')) return error;
  const { code } = error as Error & { code: string };
  const message = `--mds: ${error.message}`;
  switch (code) {
    case 'ERR_MDS_UNTRUSTED_CHAIN':
      return new CliError('ERR_MDS_UNTRUSTED', message, { exitCode: ExitCode.USAGE, hint: 'pass the root that issued this BLOB with --mds-root (vfido BLOBs: vfido roots --format mds)', cause: error });
    case 'ERR_MDS_SIGNATURE':
      return new CliError('ERR_MDS_UNTRUSTED', message, { exitCode: ExitCode.USAGE, hint: 'the BLOB was altered; download it again', cause: error });
    case 'ERR_TRUST_ANCHOR_INVALID':
      return new CliError('ERR_MDS_INVALID', message, { exitCode: ExitCode.USAGE, hint: 'check --mds-root is the PEM root of the BLOB', cause: error });
    default:
      return new CliError('ERR_MDS_INVALID', message, { exitCode: ExitCode.USAGE, hint: 'pass an MDS3 BLOB as downloaded', cause: error });
  }
}

/**
 * Verify the `--mds` BLOB and load it into `store`: its attestation roots become anchors scoped to
 * each entry's AAGUID, and its metadata statements serve the passkey policy.
 * @param store - the trust store to load into
 * @param file - `--mds` file: the JWT, or JSON with `jwt` (and `rootPem`)
 * @param rootFile - `--mds-root` PEM; default: a PEM in the `--mds` file, else the vfido TEST MDS root
 * @param now - clock for certificate validity (`--now`)
 * @throws CliError `ERR_MDS_INVALID`, `ERR_MDS_UNTRUSTED`
 */
export async function addMdsFile(store: TrustStore, file: string, rootFile?: string, now?: Date): Promise<MdsBlobSummary> {
  const { jwt, rootPem } = await blobAndRoot(file, rootFile);
  try {
    return store.addMdsBlob(jwt, { roots: rootPem, ...(now ? { now } : {}) });
  } catch (error) {
    throw mdsError(error);
  }
}
