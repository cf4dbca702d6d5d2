import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPresets, PACKAGE_DATA_URL, parseAaguidFile } from './loadPresets.js';
import { PresetError } from './presetError.js';
import { presetIds, presets } from './presets.js';
import { validatePreset, validatePresets } from './validatePreset.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const rootFile = path.join(repoRoot, 'aaguids.json');
const rootData = JSON.parse(readFileSync(rootFile, 'utf8')) as { presets: unknown[]; names: Record<string, string>; about: unknown };

describe('aaguids.json presets', () => {
  it('every preset in the repository file validates, and ids and AAGUIDs are unique', () => {
    for (const preset of rootData.presets) expect(() => validatePreset(preset)).not.toThrow();
    expect(() => validatePresets(rootData.presets)).not.toThrow();
  });

  it('has the presets the project promises', () => {
    const required = [
      'windows-hello-hardware', 'windows-hello-vbs', 'windows-hello-software', 'ms-authenticator-ios',
      'ms-authenticator-android', 'yubikey-5-nfc', 'icloud-keychain', 'icloud-keychain-managed',
      'google-password-manager', '1password', 'bitwarden', 'chrome-mac', 'samsung-pass', 'feitian', 'solokey',
      'titan', 'android-key', 'generic',
    ];
    expect(presetIds).toEqual(expect.arrayContaining(required));
    expect(presetIds.some((id) => id.startsWith('yubikey-5') && id !== 'yubikey-5-nfc')).toBe(true);
  });

  it('exposes the file contents in file order, deeply frozen', () => {
    expect(presetIds).toEqual(rootData.presets.map((p) => (p as { id: string }).id));
    const yubikey = presets['yubikey-5-nfc'];
    expect(yubikey).toBeDefined();
    expect(Object.isFrozen(presets)).toBe(true);
    expect(Object.isFrozen(yubikey?.getInfo.options)).toBe(true);
    expect(Object.isFrozen(yubikey?.algorithms)).toBe(true);
  });

  it('the checked package copy read at runtime is identical to the repository file (else run npm run build)', () => {
    const copy = readFileSync(PACKAGE_DATA_URL, 'utf8');
    expect(copy === readFileSync(rootFile, 'utf8'), 'packages/core/aaguids.json is stale: run npm run build (scripts/check-presets.mjs)').toBe(true);
  });

  it('the runtime catalog (trusted, not validated at load) equals the repository file validated afresh', () => {
    const validated = parseAaguidFile(readFileSync(rootFile, 'utf8'), rootFile);
    expect(loadPresets()).toEqual(validated);
    expect(presetIds).toEqual(validated.ids);
    expect(presets).toEqual(validated.presets);
  });

  it('records provenance and the name-table license caveat', () => {
    const about = JSON.stringify(rootData.about);
    expect(about).toMatch(/passkey-authenticator-aaguids/);
    expect(about).toMatch(/license/i);
    expect(about).toMatch(/MDS/);
  });

  it('every preset cites sources, and guesses name real fields with a reason', () => {
    for (const id of presetIds) {
      const preset = presets[id];
      expect(preset?.sources.length, id).toBeGreaterThan(0);
      for (const [field, why] of Object.entries(preset?.uncertain ?? {})) {
        expect(why.length, `${id} uncertain.${field}`).toBeGreaterThan(10);
      }
    }
  });

  it('the generic preset is vfido-owned: own AAGUID, packed self, ES256/EdDSA/RS256, per-credential counter', () => {
    const generic = presets['generic'];
    expect(generic?.vendor).toBe('vfido');
    expect(Buffer.from(generic?.aaguid.replace(/-/g, '').slice(0, 10) ?? '', 'hex').toString('latin1')).toBe('vfido');
    expect(rootData.names[generic?.aaguid ?? '']).toBeUndefined();
    expect(generic?.attestation).toEqual({ format: 'packed', type: 'self' });
    expect([...(generic?.algorithms ?? [])].sort()).toEqual([-257, -7, -8].sort());
    expect(generic?.counter).toBe('per-credential');
  });
});

describe('loadPresets', () => {
  it('returns the cached catalog without arguments and reads a given file afresh', () => {
    expect(loadPresets()).toBe(loadPresets());
    const fresh = loadPresets(rootFile);
    expect(fresh).not.toBe(loadPresets());
    expect(fresh.ids).toEqual(presetIds);
  });

  it('reports a missing file as ERR_PRESET_DATA', () => {
    const err = catchError(() => loadPresets(path.join(repoRoot, 'no-such-aaguids.json')));
    expect(err).toBeInstanceOf(PresetError);
    expect(err?.code).toBe('ERR_PRESET_DATA');
    expect(err?.message).toContain('no-such-aaguids.json');
  });

  it('reports malformed data as ERR_PRESET_DATA and a bad preset as ERR_INVALID_PRESET', () => {
    expect(catchError(() => parseAaguidFile('{nope'))?.code).toBe('ERR_PRESET_DATA');
    expect(catchError(() => parseAaguidFile('{"presets": {}}'))?.code).toBe('ERR_PRESET_DATA');
    expect(catchError(() => parseAaguidFile('{"presets": [], "names": {"X": "y"}}'))?.code).toBe('ERR_PRESET_DATA');
    const bad = { presets: [{ ...(rootData.presets[0] as object), counter: 'sometimes' }], names: {} };
    const err = catchError(() => parseAaguidFile(JSON.stringify(bad)));
    expect(err?.code).toBe('ERR_INVALID_PRESET');
    expect(err?.field).toBe('counter');
  });
});

function catchError(fn: () => unknown): PresetError | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof PresetError) return err;
    throw err;
  }
  return undefined;
}
