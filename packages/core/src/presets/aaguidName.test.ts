import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aaguidName, normalizeAaguid } from './aaguidName.js';
import { aaguidNames, presets } from './presets.js';
import { ZERO_AAGUID } from './presetVocabulary.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const reference = JSON.parse(readFileSync(path.resolve(repoRoot, '../shared/reference/aaguid-names.json'), 'utf8')) as Record<string, string>;

describe('aaguidName', () => {
  it('names every AAGUID of the reference table exactly as the table does', () => {
    for (const [aaguid, name] of Object.entries(reference)) expect(aaguidName(aaguid), aaguid).toBe(name);
  });

  it('names every preset AAGUID; presets missing from the table fall back to their own name', () => {
    const notInTable: string[] = [];
    for (const preset of Object.values(presets)) {
      const name = aaguidName(preset.aaguid);
      // The all-zero AAGUID (U2F-only models) names no model.
      if (preset.aaguid === ZERO_AAGUID) {
        expect(name, preset.id).toBeUndefined();
        continue;
      }
      expect(name, preset.id).toBeDefined();
      if (!Object.hasOwn(reference, preset.aaguid)) {
        notInTable.push(preset.id);
        expect(name).toBe(preset.name);
      }
    }
    expect(notInTable.sort()).toEqual(['generic', 'ms-authenticator-android', 'ms-authenticator-ios']);
  });

  it('accepts upper case, braces and missing hyphens', () => {
    const [aaguid, name] = Object.entries(reference)[0] ?? ['', ''];
    expect(aaguidName(aaguid.toUpperCase())).toBe(name);
    expect(aaguidName(`{${aaguid}}`)).toBe(name);
    expect(aaguidName(aaguid.replace(/-/g, ''))).toBe(name);
  });

  it('gives undefined for the zero AAGUID, unknown and malformed input', () => {
    expect(aaguidName('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(aaguidName('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBeUndefined();
    expect(aaguidName('not-an-aaguid')).toBeUndefined();
    expect(aaguidName('__proto__')).toBeUndefined();
  });

  it('keeps the name table separate from preset names', () => {
    expect(aaguidNames).toEqual(reference);
  });
});

describe('normalizeAaguid', () => {
  it('formats 32 hex digits as a lowercase hyphenated UUID', () => {
    expect(normalizeAaguid('  {ABCDEF01-2345-6789-ABCD-EF0123456789} ')).toBe('abcdef01-2345-6789-abcd-ef0123456789');
    expect(normalizeAaguid('abcdef0123456789abcdef0123456789')).toBe('abcdef01-2345-6789-abcd-ef0123456789');
    expect(normalizeAaguid('abcdef01')).toBeUndefined();
  });
});
