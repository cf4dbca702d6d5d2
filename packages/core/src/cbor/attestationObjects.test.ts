/**
 * Real authenticators' attestationObjects (WebAuthn L3 6.5.4) through the codec. Data: the
 * project's reference fixtures (SimpleWebAuthn and py_webauthn test files, provenance in each
 * entry's `source`).
 */
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, isCanonical, type CborValue } from './index.js';
import { allRealDeviceSamples } from '../../../../test/vectors/realDevices.js';


interface Fixture {
  source: string;
  device_note: string;
  attestationObject: string;
  decoded_summary: { fmt: string; attStmtKeys: string[] };
}

const fixtures = allRealDeviceSamples<Fixture>();

describe('real attestationObjects', () => {
  it('has fixtures to test', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  for (const fx of fixtures) {
    it(`decodes ${fx.name} (${fx.device_note.slice(0, 50)}) and re-encodes it byte for byte`, () => {
      const bytes = new Uint8Array(Buffer.from(fx.attestationObject, 'base64url'));
      const ao = decodeCbor(bytes, { strict: true }) as Map<string, CborValue>;
      expect(ao).toBeInstanceOf(Map);
      expect([...ao.keys()]).toEqual(['fmt', 'attStmt', 'authData']); // canonical order: 3 < 7 < 8 bytes
      expect(ao.get('fmt')).toBe(fx.decoded_summary.fmt);
      expect([...(ao.get('attStmt') as Map<string, CborValue>).keys()].sort()).toEqual([...fx.decoded_summary.attStmtKeys].sort());
      expect(ao.get('authData')).toBeInstanceOf(Uint8Array);
      expect(isCanonical(bytes)).toBe(true);
      expect(Buffer.from(encodeCbor(ao)).equals(Buffer.from(bytes))).toBe(true);
    });
  }
});
