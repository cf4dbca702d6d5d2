/**
 * Attestation trust for the demo RP: a FIDO MDS3 metadata BLOB (FIDO Metadata Service v3.0 section 3.1.8) and the
 * root it is signed under, loaded into a @vfido/rp TrustStore. The demo writes a vfido TEST BLOB (every vfido
 * preset, signed by a vfido test key) into the data dir on first start and then loads the file like any BLOB; a real
 * deployment downloads the FIDO Alliance BLOB from https://mds3.fidoalliance.org/ and trusts the FIDO MDS root.
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mdsBlob } from '@vfido/core';
import { TrustStore } from '@vfido/rp';

/** Where a real relying party gets its BLOB, shown on the pages. */
export const REAL_MDS_URL = 'https://mds3.fidoalliance.org/';

/**
 * Loads `mds-blob.jwt` and `mds-root.pem` from the data dir into a TrustStore, writing a vfido TEST BLOB there
 * first when the files do not exist (the vfido default test CA seed, so it matches authenticators made without a seed).
 * @param {string} dataDir
 * @returns {Promise<{ trust: TrustStore, summary: { no: number, nextUpdate: string, entries: number, stale: boolean }, blobPath: string, rootPath: string, generated: boolean }>}
 */
export async function loadDemoTrust(dataDir) {
  const blobPath = join(dataDir, 'mds-blob.jwt');
  const rootPath = join(dataDir, 'mds-root.pem');
  let generated = false;
  if (!existsSync(blobPath) || !existsSync(rootPath)) {
    const blob = await mdsBlob();
    writeFileSync(blobPath, `${blob.jwt}\n`);
    writeFileSync(rootPath, blob.rootPem);
    generated = true;
  }
  const trust = new TrustStore();
  const summary = trust.addMdsBlob(readFileSync(blobPath, 'utf8').trim(), { roots: readFileSync(rootPath, 'utf8') });
  return { trust, summary, blobPath, rootPath, generated };
}
