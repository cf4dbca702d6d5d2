// Cross-checks the presets against the shared reference data, read at test time from
// ../shared/reference beside the repository: the FIDO MDS3 excerpt (BLOB no. 78), the
// passkey-authenticator-aaguids name table, Yubico's AAGUID-by-firmware list and real-device
// registration fixtures. Nothing expected here is typed in by hand: it is derived from those files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import { presets } from './presets.js';
import { ZERO_AAGUID } from './presetVocabulary.js';
import type { Preset } from './types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const referenceDir = path.resolve(repoRoot, '../shared/reference');
const readJson = <T>(name: string): T => JSON.parse(readFileSync(path.join(referenceDir, name), 'utf8')) as T;

interface MdsEntry {
  description: string;
  attestationTypes: string[];
  userVerificationDetails: { userVerificationMethod: string }[][];
  keyProtection: string[];
  attachmentHint: string[];
  status: [string, string, unknown][];
  authenticatorGetInfo?: Record<string, unknown> & { algorithms?: { alg: number }[]; options?: Record<string, boolean> };
}
interface Fixture {
  attestationObject: string;
  device_note: string;
  decoded_summary: {
    fmt: string; aaguid: string; flags: Record<'UP' | 'UV' | 'BE' | 'BS', boolean>; signCount: number;
    coseKey: { alg: number; rsa_n_bits: number | null }; attStmtAlg?: number; x5c?: { subject: string }[];
  };
}

const mds = readJson<{ entries: Record<string, MdsEntry> }>('mds3-excerpt-no78.json').entries;
const names = readJson<Record<string, string>>('aaguid-names.json');
const yubikeyRows = readJson<{ rows: { model: string; firmware: string; aaguid: string }[] }>('yubikey-aaguid-firmware.json').rows;
const fixtures: (Fixture & { file: string })[] = readdirSync(path.join(referenceDir, 'fixtures'))
  .filter((file) => file.endsWith('.json') && file !== 'attestation-roots.json')
  .flatMap((file) => readJson<{ fixtures: Fixture[] }>(`fixtures/${file}`).fixtures.map((f) => ({ ...f, file })));

const all = Object.values(presets);
const inMds = all.filter((p) => Object.hasOwn(mds, p.aaguid));
/** True when the preset marks `field` (or a parent or child path of it) as an informed guess. */
const guessed = (p: Preset, field: string): boolean =>
  Object.keys(p.uncertain ?? {}).some((k) => k === field || field.startsWith(`${k}.`) || k.startsWith(`${field}.`));
/** MDS3 attestationTypes -> WebAuthn attestation type (basic_surrogate is self attestation). */
const MDS_TYPE: Record<string, string> = { basic_full: 'basic', basic_surrogate: 'self', attca: 'attca', anonca: 'anonca' };

describe('presets vs the AAGUID name table', () => {
  it('uses the table name for every preset listed there', () => {
    for (const p of all.filter((x) => Object.hasOwn(names, x.aaguid))) expect(p.name, p.id).toBe(names[p.aaguid]);
  });
});

describe('presets vs FIDO MDS3 (BLOB no. 78)', () => {
  it('covers the MDS-listed models', () => {
    expect(inMds.length).toBeGreaterThanOrEqual(10);
  });

  it.each(inMds.map((p) => [p.id, p] as const))('%s: description, versions and algorithms match MDS', (_, p) => {
    const entry = mds[p.aaguid] as MdsEntry;
    const info = entry.authenticatorGetInfo ?? {};
    expect(p.description).toBe(entry.description);
    expect(p.getInfo.versions).toEqual(info['versions']);
    if (info.algorithms) {
      expect(p.getInfo.algorithms).toEqual(info.algorithms.map((a) => a.alg));
      expect([...p.algorithms].sort()).toEqual(info.algorithms.map((a) => a.alg).sort());
    }
  });

  it.each(inMds.map((p) => [p.id, p] as const))('%s: every other getInfo field is MDS unless marked uncertain', (_, p) => {
    const info = (mds[p.aaguid] as MdsEntry).authenticatorGetInfo ?? {};
    const ours = p.getInfo as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(info)) {
      if (key === 'aaguid' || key === 'algorithms' || (guessed(p, `getInfo.${key}`) && key !== 'options')) continue;
      if (key === 'options') {
        for (const [option, flag] of Object.entries(value as Record<string, boolean>)) {
          if (guessed(p, `getInfo.options.${option}`)) expect(p.getInfo.options?.[option], `${p.id} ${option}`).not.toBe(flag);
          else expect(p.getInfo.options?.[option], `${p.id} getInfo.options.${option}`).toBe(flag);
        }
      } else {
        expect(ours[key], `${p.id} getInfo.${key}`).toEqual(value);
      }
    }
    for (const key of Object.keys(ours)) {
      if (!guessed(p, `getInfo.${key}`)) expect(Object.keys(info), `${p.id} getInfo.${key} not in MDS`).toContain(key);
    }
  });

  it.each(inMds.map((p) => [p.id, p] as const))('%s: metadata, attestation type and UV methods follow MDS', (_, p) => {
    const entry = mds[p.aaguid] as MdsEntry;
    const uvMethods = [...new Set(entry.userVerificationDetails.flat().map((m) => m.userVerificationMethod))];
    expect(p.metadata.keyProtection).toEqual(entry.keyProtection);
    expect(p.metadata.attachmentHint).toEqual(entry.attachmentHint);
    expect(p.metadata.certificationStatus).toBe(entry.status[0]?.[0]);
    expect([...p.metadata.userVerificationMethods].sort()).toEqual([...uvMethods].sort());
    expect(entry.attestationTypes.map((t) => MDS_TYPE[t])).toContain(p.attestation.type);
    for (const method of p.userVerification.methods) expect(uvMethods, `${p.id} ${method}`).toContain(method);
  });
});

describe('YubiKey presets vs the AAGUID-by-firmware list', () => {
  const yubico = all.filter((p) => p.vendor === 'yubico');

  it('every Yubico AAGUID is listed for the firmware getInfo reports', () => {
    expect(yubico.length).toBeGreaterThanOrEqual(2);
    for (const p of yubico) {
      const rows = yubikeyRows.filter((r) => r.aaguid === p.aaguid);
      expect(rows.length, p.id).toBeGreaterThan(0);
      const fw = p.getInfo.firmwareVersion ?? 0;
      const majorMinor = `${fw >> 16}.${(fw >> 8) & 0xff}`; // hex-packed 0x050701 -> 5.7
      expect(rows.some((r) => r.firmware.includes(majorMinor)), `${p.id} fw ${majorMinor}`).toBe(true);
    }
  });

  it('yubikey-5-nfc is the NFC model on firmware 5.7', () => {
    const p = presets['yubikey-5-nfc'];
    const rows = yubikeyRows.filter((r) => r.aaguid === p?.aaguid);
    expect(rows.some((r) => /NFC/.test(r.model) && r.firmware.startsWith('5.7'))).toBe(true);
    expect(p?.transports).toContain('nfc');
  });
});

describe('presets vs real-device fixtures', () => {
  const decoded = fixtures.map((f) => {
    const object = decode(Buffer.from(f.attestationObject, 'base64url')) as { fmt: string; authData: Uint8Array; attStmt: Record<string, unknown> };
    const authData = Buffer.from(object.authData);
    // WebAuthn L3 6.1: rpIdHash(32) flags(1) signCount(4) | aaguid(16) credentialIdLength(2) credentialId
    const aaguidHex = authData.subarray(37, 53).toString('hex');
    const aaguid = `${aaguidHex.slice(0, 8)}-${aaguidHex.slice(8, 12)}-${aaguidHex.slice(12, 16)}-${aaguidHex.slice(16, 20)}-${aaguidHex.slice(20)}`;
    return { ...f, object, aaguid, credentialIdLength: authData.readUInt16BE(53), flags: authData[32] ?? 0, signCount: authData.readUInt32BE(33) };
  });

  it('decodes every fixture consistently with its summary', () => {
    expect(decoded.length).toBeGreaterThan(5);
    for (const f of decoded) {
      expect(f.aaguid).toBe(f.decoded_summary.aaguid);
      expect(f.object.fmt).toBe(f.decoded_summary.fmt);
      expect(f.signCount).toBe(f.decoded_summary.signCount);
    }
  });

  // The all-zero AAGUID names no model (U2F keys, anonymized or 'none' attestation: WebAuthn L3 6.5.1), so
  // fixtures carrying it match no preset (the U2F-only preset has it too).
  const byAaguid = decoded.flatMap((f) => (f.aaguid === ZERO_AAGUID ? [] : all.filter((p) => p.aaguid === f.aaguid).map((p) => [p.id, f.device_note, p, f] as const)));

  it('matches fixtures to the Windows Hello, Android and Chrome presets by AAGUID', () => {
    const matched = new Set(byAaguid.map(([id]) => id));
    for (const id of ['windows-hello-hardware', 'windows-hello-software', 'android-key', 'chrome-mac']) expect(matched).toContain(id);
  });

  it.each(byAaguid)('%s matches fixture "%s"', (_, __, p, f) => {
    const s = f.decoded_summary;
    if (s.fmt !== 'none') expect(s.fmt).toBe(p.attestation.format);
    expect(s.flags.BE).toBe(p.backup.eligible);
    expect(s.flags.BS).toBe(p.backup.state);
    if (s.flags.UV) expect(p.userVerification.capable).toBe(true);
    expect(p.algorithms).toContain(s.coseKey.alg);
    if (s.coseKey.rsa_n_bits !== null) expect(p.rsaBits).toBe(s.coseKey.rsa_n_bits);
    if (s.attStmtAlg !== undefined && s.fmt === p.attestation.format) {
      expect(s.attStmtAlg).toBe(p.attestation.statementAlg ?? s.coseKey.alg);
    }
    if (!guessed(p, 'credentialIdLength')) expect(p.credentialIdLength).toBe(f.credentialIdLength);
    if (p.counter === 'zero') expect(f.signCount).toBe(0);
    // A Unix-seconds counter falls between 2015 and the test run.
    if (p.counter === 'timestamp') expect(f.signCount).toBeGreaterThan(1_420_070_400);
    if (p.counter === 'timestamp') expect(f.signCount).toBeLessThan(Date.now() / 1000);
  });

  it('Yubico presets follow the Yubico packed fixtures (statement alg, credential id length)', () => {
    const yubicoPacked = decoded.filter((f) => f.decoded_summary.fmt === 'packed' && f.decoded_summary.x5c?.some((c) => /Yubico/.test(c.subject)));
    expect(yubicoPacked.length).toBeGreaterThan(0);
    for (const p of all.filter((x) => x.vendor === 'yubico')) {
      for (const f of yubicoPacked) {
        expect(p.attestation.format).toBe('packed');
        expect(p.attestation.statementAlg).toBe(f.decoded_summary.attStmtAlg);
        expect(p.credentialIdLength).toBe(f.credentialIdLength);
      }
    }
  });

  it('presets using the apple format match the apple fixtures', () => {
    const apple = decoded.filter((f) => f.decoded_summary.fmt === 'apple');
    const applePresets = all.filter((p) => p.attestation.format === 'apple');
    expect(apple.length * applePresets.length).toBeGreaterThan(0);
    for (const p of applePresets) {
      for (const f of apple) {
        expect(p.algorithms).toContain(f.decoded_summary.coseKey.alg);
        expect(p.backup.eligible).toBe(f.decoded_summary.flags.BE);
        expect(p.credentialIdLength).toBe(f.credentialIdLength);
      }
    }
  });
});
