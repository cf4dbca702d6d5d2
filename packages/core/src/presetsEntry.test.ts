import { describe, expect, it } from 'vitest';
import * as data from './data.js';
import * as core from './index.js';
import * as entry from './presetsEntry.js';
import { loadedBy } from '../test-utils/loadedModules.js';

describe('@vfido/core/presets', () => {
  it('exports the same presets, lookup, AAGUID naming and error class as @vfido/core and @vfido/core/data', () => {
    for (const name of ['presets', 'presetIds', 'getPreset', 'aaguidName', 'PresetError'] as const) {
      expect(entry[name], name).toBe(core[name]);
      expect(data[name], name).toBe(core[name]);
    }
    const id = entry.presetIds[0] ?? '';
    const preset = entry.getPreset(id);
    expect(preset).toBe(entry.presets[id]);
    expect(entry.normalizeAaguid(`{${preset.aaguid.toUpperCase()}}`)).toBe(preset.aaguid);
  });

  it('@vfido/core/data exports the decoders @vfido/core exports', () => {
    for (const name of ['parseAuthenticatorData', 'parseCoseKey', 'encodeCbor', 'decodeCbor', 'CborError', 'algorithmName'] as const) {
      expect(data[name], name).toBe(core[name]);
    }
  });

  it('built, it loads the catalog alone: no validator, CBOR, key or crypto module', () => {
    const { files, crypto } = loadedBy('presetsEntry.js');
    expect(files).toContain('presets/checkedCatalog.js');
    expect(files.filter((f) => /validat|presetChecks|loadPresets|cbor\/|cose\/|authData\/|crypto\//.test(f))).toEqual([]);
    expect(crypto).toBe(false);
  });

  it('built, @vfido/core/data loads no COSE key builder, attestation or validator module', () => {
    const { files } = loadedBy('data.js');
    expect(files).toContain('authData/parseAuthenticatorData.js');
    expect(files.filter((f) => /validat|presetChecks|loadPresets|coseKeyFromPublicKey|publicJwk|attestation\//.test(f))).toEqual([]);
  });
});
