/**
 * Access to the real-device attestation samples in `test/vectors/real-devices/` (see its README
 * for provenance). Test-only.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Folder holding the sample JSON files. */
export const REAL_DEVICE_DIR = fileURLToPath(new URL('./real-devices/', import.meta.url));

/** One captured registration, as stored. */
export interface RealDeviceSample {
  source: string;
  device_note: string;
  expectedChallenge: string | null;
  expectedOrigin: string;
  expectedRPID: string | null;
  clientDataJSON: string;
  attestationObject: string;
  decoded_summary: Record<string, unknown>;
}

/** The samples of one file, e.g. `loadRealDevice('tpm-windows-hello')`. */
export function loadRealDevice(name: string): RealDeviceSample[] {
  return (JSON.parse(readFileSync(`${REAL_DEVICE_DIR}${name}.json`, 'utf8')) as { fixtures: RealDeviceSample[] }).fixtures;
}

/**
 * Every sample of every file, named `<file>#<index>` (attestation-roots.json excluded).
 * @typeParam T - the caller's view of a sample (usually a narrowed `decoded_summary`)
 */
export function allRealDeviceSamples<T extends object = RealDeviceSample>(): (T & { name: string })[] {
  return readdirSync(REAL_DEVICE_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'attestation-roots.json')
    .sort()
    .flatMap((f) => loadRealDevice(f.replace(/\.json$/, '')).map((sample, i) => ({ name: `${f}#${i}`, ...(sample as unknown as T) })));
}
