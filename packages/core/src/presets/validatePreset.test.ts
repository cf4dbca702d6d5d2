import { describe, expect, it } from 'vitest';
import { PresetError } from './presetError.js';
import { presets } from './presets.js';
import type { Preset } from './types.js';
import { validatePreset, validatePresets } from './validatePreset.js';

/** A deep, writable copy of a built-in preset. */
function copyOf(id: string): Preset {
  const preset = presets[id];
  if (!preset) throw new Error(`test setup: no preset ${id}`);
  return structuredClone(preset);
}

/** Set a field to a value its type forbids (the point of these tests). */
function setRaw(target: object, key: string, value: unknown): void {
  Reflect.set(target, key, value);
}

function fieldOf(value: unknown): string | undefined {
  try {
    validatePreset(value);
  } catch (err) {
    expect(err).toBeInstanceOf(PresetError);
    const e = err as PresetError;
    expect(e.code).toBe('ERR_INVALID_PRESET');
    expect(e.message).toContain(e.field);
    return e.field;
  }
  return undefined;
}

describe('validatePreset', () => {
  it('accepts every built-in preset', () => {
    for (const preset of Object.values(presets)) expect(fieldOf(structuredClone(preset)), preset.id).toBeUndefined();
  });

  it('names the preset and the field in the error', () => {
    const p = copyOf('icloud-keychain');
    p.backup = { eligible: false, state: true };
    try {
      validatePreset(p);
      expect.unreachable();
    } catch (err) {
      const e = err as PresetError;
      expect(e.presetId).toBe('icloud-keychain');
      expect(e.field).toBe('backup.state');
      expect(e.message).toMatch(/^preset 'icloud-keychain': backup\.state /);
    }
  });

  const cases: [string, string, (p: Preset) => void][] = [
    ['BS without BE', 'backup.state', (p) => { p.backup = { eligible: false, state: true }; }],
    ['an unknown format', 'attestation.format', (p) => setRaw(p, 'attestation', { format: 'android-safetynet', type: 'basic' })],
    ['a type the format cannot convey', 'attestation.type', (p) => { p.attestation = { format: 'tpm', type: 'self' }; }],
    ['none format with basic type', 'attestation.type', (p) => { p.attestation = { format: 'none', type: 'basic' }; }],
    ['empty algorithms', 'algorithms', (p) => { p.algorithms = []; }],
    ['an attestation-only algorithm as credential algorithm', 'algorithms', (p) => setRaw(p, 'algorithms', [-65535])],
    ['a duplicate algorithm', 'algorithms', (p) => { p.algorithms = [-7, -7]; }],
    ['an upper-case AAGUID', 'aaguid', (p) => { p.aaguid = p.aaguid.toUpperCase(); }],
    ['the zero AAGUID', 'aaguid', (p) => { p.aaguid = '00000000-0000-0000-0000-000000000000'; }],
    ['a statement alg on self attestation', 'attestation.statementAlg', (p) => { p.attestation = { format: 'packed', type: 'self', statementAlg: -7 }; }],
    ['RS1 outside tpm', 'attestation.statementAlg', (p) => { p.attestation = { format: 'packed', type: 'basic', statementAlg: -65535 }; }],
    ['an unknown vendor', 'vendor', (p) => { p.vendor = 'acme'; }],
    ['an unknown counter mode', 'counter', (p) => setRaw(p, 'counter', 'sometimes')],
    ['a typo in a field name', 'colour', (p) => setRaw(p, 'colour', 'blue')],
    ['a short credential id', 'credentialIdLength', (p) => { p.credentialIdLength = 8; }],
    ['an uncertain path that is no field', 'uncertain.colour', (p) => { p.uncertain = { colour: 'guessed' }; }],
    ['UV by default without UV', 'userVerification.default', (p) => { p.userVerification = { capable: false, methods: [], default: true }; }],
    ['an unknown MDS key protection', 'metadata.keyProtection', (p) => { p.metadata = { ...p.metadata, keyProtection: ['vault'] }; }],
  ];
  for (const [what, field, mutate] of cases) {
    it(`rejects ${what} (${field})`, () => {
      const p = copyOf('yubikey-5-nfc');
      mutate(p);
      expect(fieldOf(p)).toBe(field);
    });
  }

  it('rejects getInfo that disagrees with the preset', () => {
    const rk = copyOf('titan');
    rk.residentKeys = false;
    expect(fieldOf(rk)).toBe('getInfo.options.rk');
    const plat = copyOf('yubikey-5-nfc');
    plat.attachment = 'platform';
    expect(fieldOf(plat)).toBe('getInfo.options.plat');
    const algs = copyOf('yubikey-5-nfc');
    algs.algorithms = [-7];
    expect(fieldOf(algs)).toBe('getInfo.algorithms');
    const transports = copyOf('yubikey-5-nfc');
    transports.transports = ['usb'];
    expect(fieldOf(transports)).toBe('getInfo.transports');
    const idLength = copyOf('windows-hello-hardware');
    idLength.credentialIdLength = (idLength.getInfo.maxCredentialIdLength ?? 0) + 1;
    expect(fieldOf(idLength)).toBe('credentialIdLength');
  });

  it('requires rsaBits exactly when RS256 is offered', () => {
    const missing = copyOf('windows-hello-hardware');
    delete missing.rsaBits;
    expect(fieldOf(missing)).toBe('rsaBits');
    const stray = copyOf('yubikey-5-nfc');
    stray.rsaBits = 2048;
    expect(fieldOf(stray)).toBe('rsaBits');
  });

  it('checks the hybrid profile', () => {
    const p = copyOf('google-password-manager');
    p.hybrid = { transports: ['internal'], attestation: { format: 'none', type: 'none' } };
    expect(fieldOf(p)).toBe('hybrid.transports');
    p.hybrid = { transports: ['hybrid'], attestation: { format: 'none', type: 'self' } };
    expect(fieldOf(p)).toBe('hybrid.attestation.type');
  });

  it('a U2F-only model (versions [U2F_V2]) must have the zero AAGUID, no resident keys, no UV and fido-u2f', () => {
    const u2f = copyOf('feitian-epass-u2f');
    expect(() => validatePreset(u2f)).not.toThrow();
    const broken: [string, (p: Preset) => void][] = [
      ['aaguid', (p) => { p.aaguid = 'ee041bce-25e5-4cdb-8f86-897fd6418464'; }],
      ['residentKeys', (p) => { p.residentKeys = true; }],
      ['userVerification.capable', (p) => { p.userVerification = { capable: true, methods: ['passcode_external'], default: false }; }],
      ['attestation.format', (p) => { p.attestation = { format: 'packed', type: 'basic' }; }],
    ];
    for (const [field, breakIt] of broken) {
      const p = copyOf('feitian-epass-u2f');
      breakIt(p);
      expect(fieldOf(p)).toBe(field);
    }
    // Two U2F-only models may share the zero AAGUID.
    expect(() => validatePresets([u2f, { ...copyOf('feitian-epass-u2f'), id: 'another-u2f-key' }])).not.toThrow();
  });

  it('rejects a non-object and fido-u2f with non-P-256 keys', () => {
    expect(fieldOf('yubikey')).toBe('preset');
    const p = copyOf('yubikey-5-nfc');
    p.attestation = { format: 'fido-u2f', type: 'basic' };
    expect(fieldOf(p)).toBe('algorithms');
  });
});

describe('validatePresets', () => {
  it('rejects duplicate ids and duplicate AAGUIDs', () => {
    const a = copyOf('titan');
    const sameId = { ...copyOf('solokey'), id: 'titan' };
    const sameAaguid = { ...copyOf('solokey'), aaguid: a.aaguid };
    for (const [list, field] of [[[a, sameId], 'id'], [[a, sameAaguid], 'aaguid']] as const) {
      try {
        validatePresets(list);
        expect.unreachable();
      } catch (err) {
        expect((err as PresetError).code).toBe('ERR_INVALID_PRESET');
        expect((err as PresetError).field).toBe(field);
        expect((err as PresetError).message).toContain("'titan'");
      }
    }
  });
});
