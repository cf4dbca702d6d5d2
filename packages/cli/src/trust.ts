/**
 * The `--trust` and `--mds` flags of `vfido verify` and `vfido policy check`: attestation roots
 * and FIDO MDS3 metadata as a `@vfido/rp` TrustStore.
 * @module
 */
import { TrustStore } from '@vfido/rp';
import { usage } from './errors.js';
import { readText } from './io.js';
import { addMdsFile } from './mds.js';

/** Trust flags of `vfido verify` and `vfido policy check`. */
export interface TrustFlags {
  trust?: string[];
  mds?: string;
  mdsRoot?: string;
}

/**
 * Build the trust store, or undefined when no trust flag is given (attestation then verifies its
 * signature only and reports `trusted: false`).
 * @param flags - `--trust`, `--mds`, `--mds-root`
 * @param now - clock for the MDS BLOB's certificate validity (`--now`)
 * @throws CliError `ERR_BAD_TRUST`, and the MDS errors of {@link addMdsFile}
 */
export async function trustStoreFrom(flags: TrustFlags, now?: Date): Promise<TrustStore | undefined> {
  if (!flags.trust?.length && flags.mds === undefined) return undefined;
  const store = new TrustStore();
  for (const file of flags.trust ?? []) {
    const text = readText(file, '--trust');
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw usage('ERR_BAD_TRUST', `--trust ${file} holds no PEM certificate`, "pass PEM root certificates, e.g. from 'vfido roots --preset ID > roots.pem'");
    store.addRoots(text);
  }
  if (flags.mds !== undefined) await addMdsFile(store, flags.mds, flags.mdsRoot, now);
  return store;
}

/**
 * A trust store holding the vfido TEST MDS BLOB of every preset (`mdsBlob()` of @vfido/core): what
 * a relying party that trusts vfido's metadata sees.
 * @param seed - the `--seed` given to vfido create, if any (the roots depend on it)
 */
export async function vfidoMdsTrustStore(seed?: string): Promise<TrustStore> {
  const { mdsBlob } = await import('@vfido/core');
  const blob = await mdsBlob(seed === undefined ? {} : { seed });
  const store = new TrustStore();
  store.addMdsBlob(blob.jwt, { roots: blob.rootPem });
  return store;
}
