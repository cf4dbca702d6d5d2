/**
 * Vitest setupFiles entry of the non-isolated projects (vitest.config.ts): files that run one after another in one
 * worker process must not see each other's process-wide settings. @simplewebauthn/server keeps two: its attestation
 * root certificates (`SettingsService`, which many files set for their own authenticators) and its metadata service
 * (`MetadataService`, which a file initializes with a test BLOB in strict mode, so that any later verification of an
 * AAGUID not in that BLOB would throw). After every file both go back to what the library started with (e.g. no
 * `packed` roots, so Chromium's self-signed batch certificate is judged as in a fresh process; metadata disabled).
 * @module
 */
import { afterAll } from 'vitest';
import { MetadataService, SettingsService } from '@simplewebauthn/server';

type RootCertIdentifier = Parameters<typeof SettingsService.getRootCertificates>[0]['identifier'];

/** Every identifier SettingsService keeps roots for: the attestation formats and the MDS BLOB. */
const IDENTIFIERS: RootCertIdentifier[] = ['fido-u2f', 'packed', 'android-safetynet', 'android-key', 'tpm', 'apple', 'none', 'mds'];

/** MetadataService's own fields (caches, state, verification mode, logger), copied one level deep. */
type Fields = Record<string, unknown>;
const copy = (fields: Fields): Fields => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v && typeof v === 'object' ? { ...v } : v]));

const PRISTINE = Symbol.for('vfido.swaPristineState');
const g = globalThis as typeof globalThis & { [PRISTINE]?: { roots: Map<RootCertIdentifier, string[]>; metadata: Fields } };
// The first file in this process runs this before anything could change them: that is the library's own state.
g[PRISTINE] ??= {
  roots: new Map(IDENTIFIERS.map((identifier) => [identifier, [...SettingsService.getRootCertificates({ identifier })]])),
  metadata: copy({ ...(MetadataService as unknown as Fields) }),
};
const pristine = g[PRISTINE];

afterAll(() => {
  for (const [identifier, certificates] of pristine.roots) SettingsService.setRootCertificates({ identifier, certificates });
  Object.assign(MetadataService, copy(pristine.metadata));
});
