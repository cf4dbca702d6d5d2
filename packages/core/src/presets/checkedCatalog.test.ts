import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogOf, checkedCatalog } from './checkedCatalog.js';
import { parseAaguidFile } from './loadPresets.js';
import { PresetError } from './presetError.js';
import { loadedBy } from '../../test-utils/loadedModules.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const rootFile = path.join(repoRoot, 'aaguids.json');
const script = path.join(repoRoot, 'scripts/check-presets.mjs');
const rootText = readFileSync(rootFile, 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'vfido-check-presets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run scripts/check-presets.mjs (it loads the built validator from packages/core/dist). */
function checkPresets(from: string, to: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [script, '--from', from, '--to', to], { encoding: 'utf8' });
}

describe('scripts/check-presets.mjs (the build-time check the runtime trusts)', () => {
  it('writes a valid aaguids.json unchanged', () => {
    const to = path.join(dir, 'good.json');
    const run = checkPresets(rootFile, to);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/checked/);
    expect(readFileSync(to, 'utf8') === rootText).toBe(true);
  });

  it('refuses a file with an invalid preset, names the preset and field, and removes the old copy', () => {
    const data = JSON.parse(rootText) as { presets: Record<string, unknown>[] };
    const first = data.presets[0] as Record<string, unknown>;
    data.presets[0] = { ...first, backup: { eligible: false, state: true } };
    const from = path.join(dir, 'bad.json');
    writeFileSync(from, JSON.stringify(data));
    const to = path.join(dir, 'stale.json');
    writeFileSync(to, rootText);
    const run = checkPresets(from, to);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`ERR_INVALID_PRESET: preset '${String(first['id'])}': backup.state`);
    expect(existsSync(to)).toBe(false);
  });

  it('refuses a names entry that is not a lowercase UUID', () => {
    const data = JSON.parse(rootText) as { names: Record<string, string> };
    data.names['NOT-A-UUID'] = 'x';
    const from = path.join(dir, 'bad-names.json');
    writeFileSync(from, JSON.stringify(data));
    const to = path.join(dir, 'names.json');
    const run = checkPresets(from, to);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("ERR_PRESET_DATA");
    expect(run.stderr).toContain("'NOT-A-UUID'");
    expect(existsSync(to)).toBe(false);
  });
});

describe('checkedCatalog', () => {
  it('is the validated repository file, read once', () => {
    expect(checkedCatalog()).toBe(checkedCatalog());
    expect(checkedCatalog()).toEqual(parseAaguidFile(rootText, rootFile));
  });

  it('a built process loads the catalog without any validator module', () => {
    const loaded = loadedBy('presets/presets.js', 'm.presetIds.length');
    const out = { ids: loaded.value, modules: loaded.files.filter((f) => f.startsWith('presets/')).map((f) => f.slice(f.lastIndexOf('/') + 1)) };
    expect(out.ids).toBe(JSON.parse(rootText).presets.length);
    expect(out.modules).toContain('checkedCatalog.js');
    for (const validator of ['validatePreset.js', 'validateGetInfo.js', 'presetChecks.js', 'loadPresets.js']) expect(out.modules).not.toContain(validator);
  });

  it('catalogOf refuses data that is not the catalog shape', () => {
    for (const bad of [null, [], { presets: {} }, { presets: [], names: [] }]) {
      expect(() => catalogOf(bad, 'x.json')).toThrow(PresetError);
    }
  });
});
