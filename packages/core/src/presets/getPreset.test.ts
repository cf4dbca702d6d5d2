import { describe, expect, it } from 'vitest';
import { getPreset } from './getPreset.js';
import { PresetError } from './presetError.js';
import { presetIds, presets } from './presets.js';
import { editDistance, suggestIds } from './suggestIds.js';

function unknownError(id: string): PresetError {
  try {
    getPreset(id);
  } catch (err) {
    if (err instanceof PresetError) return err;
    throw err;
  }
  throw new Error(`getPreset('${id}') did not throw`);
}

describe('getPreset', () => {
  it('returns each built-in preset by id', () => {
    for (const id of presetIds) expect(getPreset(id)).toBe(presets[id]);
  });

  it("suggests 'yubikey-5-nfc' for 'yubikey5nfc'", () => {
    const err = unknownError('yubikey5nfc');
    expect(err.code).toBe('ERR_UNKNOWN_PRESET');
    expect(err.presetId).toBe('yubikey5nfc');
    expect(err.suggestions[0]).toBe('yubikey-5-nfc');
    expect(err.message).toContain("did you mean 'yubikey-5-nfc'");
  });

  it('suggests close ids for typos and partial names', () => {
    expect(unknownError('windows-helo-hardware').suggestions[0]).toBe('windows-hello-hardware');
    expect(unknownError('Titan').suggestions).toContain('titan');
    expect(unknownError('windows-hello').suggestions.every((s) => s.startsWith('windows-hello-'))).toBe(true);
    expect(unknownError('yubikey').suggestions.length).toBeGreaterThan(1);
  });

  it('lists the known ids when nothing is close', () => {
    const err = unknownError('zzzzzzzzzzzzzzzzzzzz');
    expect(err.suggestions).toEqual([]);
    for (const id of presetIds) expect(err.message).toContain(id);
  });

  it('does not resolve inherited object keys', () => {
    expect(unknownError('__proto__').code).toBe('ERR_UNKNOWN_PRESET');
    expect(unknownError('toString').code).toBe('ERR_UNKNOWN_PRESET');
  });
});

describe('suggestIds', () => {
  it('measures Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('ignores case and separators, and caps the number of suggestions', () => {
    expect(suggestIds('YUBIKEY_5_NFC', ['yubikey-5-nfc', 'titan'])).toEqual(['yubikey-5-nfc']);
    expect(suggestIds('a', ['ab', 'abc', 'abcd', 'abcde'], 2)).toHaveLength(2);
    expect(suggestIds('', ['titan'])).toEqual([]);
  });
});
