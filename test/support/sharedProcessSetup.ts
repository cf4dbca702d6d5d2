/**
 * Vitest setupFiles entry of the non-isolated projects (vitest.config.ts): files that run one after another in one
 * worker process must not see each other's process-wide settings. @simplewebauthn/server keeps its attestation root
 * certificates in a process-wide `SettingsService`, which many files set for their own authenticators; after every
 * file the roots go back to what the library started with (e.g. no `packed` roots, so Chromium's self-signed batch
 * certificate is judged as in a fresh process, and Apple's real root for `apple`).
 * @module
 */
import { afterAll } from 'vitest';
import { SettingsService } from '@simplewebauthn/server';

type RootCertIdentifier = Parameters<typeof SettingsService.getRootCertificates>[0]['identifier'];

/** Every identifier SettingsService keeps roots for: the attestation formats and the MDS BLOB. */
const IDENTIFIERS: RootCertIdentifier[] = ['fido-u2f', 'packed', 'android-safetynet', 'android-key', 'tpm', 'apple', 'none', 'mds'];

const PRISTINE = Symbol.for('vfido.swaPristineRoots');
const g = globalThis as typeof globalThis & { [PRISTINE]?: Map<RootCertIdentifier, string[]> };
// The first file in this process runs this before anything could change the roots: that is the library's state.
g[PRISTINE] ??= new Map(IDENTIFIERS.map((identifier) => [identifier, [...SettingsService.getRootCertificates({ identifier })]]));
const pristine = g[PRISTINE];

afterAll(() => {
  for (const [identifier, certificates] of pristine) SettingsService.setRootCertificates({ identifier, certificates });
});
