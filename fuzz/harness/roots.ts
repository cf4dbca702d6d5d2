/**
 * Trust anchors for the verifier targets: the vendor roots of the real-device samples
 * (test/vectors/real-devices/attestation-roots.json, scoped as realDeviceFixtures.test.ts scopes
 * them) and the roots of the vfido-generated seeds (fuzz/seed-roots.json, written by seed.ts).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrustStore } from '../../packages/rp/src/index.js';
import { FUZZ_DIR, REPO_ROOT } from '../engine/corpus.js';

/** One root written by seed.ts. */
export interface SeedRoot {
  pem: string;
  format?: string;
}

/** Path of the seed roots file. */
export const SEED_ROOTS = join(FUZZ_DIR, 'seed-roots.json');

const VENDOR_SCOPES: Record<string, string> = {
  'Microsoft TPM Root Certificate Authority 2014': 'tpm',
  'Apple WebAuthn Root CA': 'apple',
};

/** A trust store holding every root the seeds chain to. */
export function seedTrustStore(): TrustStore {
  const store = new TrustStore();
  const vendor = JSON.parse(readFileSync(join(REPO_ROOT, 'test/vectors/real-devices/attestation-roots.json'), 'utf8')) as { roots: { name: string; der_b64?: string; pem?: string }[] };
  for (const r of vendor.roots) {
    const text = r.der_b64 ?? r.pem;
    const format = VENDOR_SCOPES[r.name];
    if (text) store.addRoots(text, format ? { format } : {});
  }
  if (existsSync(SEED_ROOTS)) {
    for (const r of JSON.parse(readFileSync(SEED_ROOTS, 'utf8')) as SeedRoot[]) store.addRoots(r.pem, r.format ? { format: r.format } : {});
  }
  return store;
}

/** Origins of the seeds (real devices and vfido-generated). */
export const SEED_ORIGINS = ['https://example.com', 'https://login.example.com', 'http://localhost:8000', 'http://localhost:5000', 'https://dev.dontneeda.pw', 'https://portal.fxon.com', 'https://dev.netpassport.io', 'https://localhost:44329'];
/** RP IDs of the seeds. */
export const SEED_RP_IDS = ['example.com', 'localhost', 'dev.dontneeda.pw', 'portal.fxon.com', 'netpassport.io'];
