import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as data from './data.js';
import * as core from './index.js';
import * as entry from './presetsEntry.js';

/** Files (below packages/core/dist/) and builtins a fresh node process loads to import a built entry. */
function loadedBy(entryFile: string): { files: string[]; crypto: boolean } {
  const built = new URL(`../dist/${entryFile}`, import.meta.url);
  if (!existsSync(built)) throw new Error(`${fileURLToPath(built)} is missing: run 'npm run build' before this test`);
  const probe = `const { register } = await import('node:module');
const seen = [];
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => seen.push(url)); port1.unref();
register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(d) { port = d.port; } export async function load(url, c, next) { port.postMessage(url); return next(url, c); }'), { data: { port: port2 }, transferList: [port2] });
const before = new Set(process.moduleLoadList);
await import(process.argv[1]);
await new Promise((r) => setTimeout(r, 50));
console.log(JSON.stringify({ files: seen.filter((u) => u.includes('/packages/core/dist/')).map((u) => u.slice(u.indexOf('/dist/') + 6)), crypto: process.moduleLoadList.some((m) => !before.has(m) && m.includes('crypto')) }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe, built.href], { encoding: 'utf8' })) as { files: string[]; crypto: boolean };
}

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
