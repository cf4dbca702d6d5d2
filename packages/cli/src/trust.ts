/**
 * The `--trust` and `--mds` flags of `vfido verify`: attestation roots as a `@vfido/rp` TrustStore.
 * @module
 */
import { TrustStore } from '@vfido/rp';
import { usage } from './errors.js';
import { readText } from './io.js';
import { loadMdsBlob } from './mds.js';

/** Trust flags of `vfido verify`. */
export interface TrustFlags {
  trust?: string[];
  mds?: string;
  mdsRoot?: string;
}

/**
 * Build the trust store, or undefined when no trust flag is given (attestation then verifies its
 * signature only and reports `trusted: false`).
 * @throws CliError `ERR_BAD_TRUST`, and the MDS errors of {@link loadMdsBlob}
 */
export async function trustStoreFrom(flags: TrustFlags): Promise<TrustStore | undefined> {
  if (!flags.trust?.length && flags.mds === undefined) return undefined;
  const store = new TrustStore();
  for (const file of flags.trust ?? []) {
    const text = readText(file, '--trust');
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw usage('ERR_BAD_TRUST', `--trust ${file} holds no PEM certificate`, "pass PEM root certificates, e.g. from 'vfido roots --preset ID > roots.pem'");
    store.addRoots(text);
  }
  if (flags.mds !== undefined) {
    const entries = await loadMdsBlob(flags.mds, flags.mdsRoot);
    for (const entry of entries) if (entry.roots.length > 0) store.addRoots(entry.roots, { aaguid: entry.aaguid });
  }
  return store;
}
