/**
 * credentialRecordToJSON / credentialRecordFromJSON: the round trip through JSON text and the checks on the way in.
 */
import { describe, expect, it } from 'vitest';
import { expectThrowCode } from '../../test-utils/expectCode.js';
import { encodeCbor } from '../../test-utils/cbor.js';
import { coseKey, generateKey } from '../../test-utils/keys.js';
import {
  CREDENTIAL_RECORD_VERSION, credentialRecordFromJSON, credentialRecordToJSON,
  type CredentialRecord, type CredentialRecordJSON,
} from '../index.js';

const record: CredentialRecord = {
  id: 'q83vEjRWeJA',
  publicKey: coseKey(generateKey(-7)),
  signCount: 41,
  algorithm: -7,
  transports: ['usb', 'nfc'],
  uvInitialized: true,
  backupEligible: false,
  backupState: false,
  aaguid: 'CB69481E-8FF7-4039-93EC-0A2729A154A8',
};

const expectInvalid = (fn: () => unknown, mentions: string) => expectThrowCode(fn, 'ERR_CREDENTIAL_RECORD_INVALID', mentions);

describe('credential record JSON', () => {
  it('round-trips through JSON text: bytes as base64url, a version, the AAGUID normalised', () => {
    const json = credentialRecordToJSON(record);
    expect(json).toEqual({
      version: CREDENTIAL_RECORD_VERSION,
      type: 'public-key',
      id: record.id,
      publicKey: Buffer.from(record.publicKey).toString('base64url'),
      signCount: 41,
      algorithm: -7,
      transports: ['usb', 'nfc'],
      uvInitialized: true,
      backupEligible: false,
      backupState: false,
      aaguid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
    });
    const back = credentialRecordFromJSON(JSON.stringify(json));
    expect(back).toEqual({ ...record, aaguid: json.aaguid });
    expect(back.publicKey).toBeInstanceOf(Uint8Array);
    expect(credentialRecordFromJSON(JSON.parse(JSON.stringify(json)))).toEqual(back);
  });

  it('keeps only record members, fills the algorithm from the key, and ignores unknown members on the way in', () => {
    const minimal = credentialRecordToJSON({ id: record.id, publicKey: record.publicKey, signCount: 0, extra: 'x' } as CredentialRecord);
    expect(minimal).toEqual({ version: 1, type: 'public-key', id: record.id, publicKey: Buffer.from(record.publicKey).toString('base64url'), signCount: 0, algorithm: -7 });
    expect(credentialRecordFromJSON({ ...minimal, nickname: 'blue key' })).toEqual({ id: record.id, publicKey: record.publicKey, signCount: 0, algorithm: -7 });
  });

  const good = credentialRecordToJSON(record);
  it.each<[string, unknown, string]>([
    ['text that is not JSON', '{"version":1,', 'is not valid JSON'],
    ['an array', [good], 'must be a JSON object'],
    ['no version', { ...good, version: undefined }, 'version undefined is not supported'],
    ['version 2', { ...good, version: 2 }, 'version 2 is not supported'],
    ['another type', { ...good, type: 'password' }, '.type'],
    ['no id', { ...good, id: undefined }, '.id'],
    ['an id that is not base64url', { ...good, id: 'q83v+EjRW' }, '.id is not base64url'],
    ['a 1024-byte id', { ...good, id: Buffer.alloc(1024).toString('base64url') }, 'at most 1023'],
    ['no public key', { ...good, publicKey: undefined }, '.publicKey'],
    ['a public key that is not base64url', { ...good, publicKey: 'pQECAyYg!' }, '.publicKey is not base64url'],
    ['a public key cut short', { ...good, publicKey: good.publicKey.slice(0, 40) }, '.publicKey is not a COSE public key'],
    ['a public key that is not a map', { ...good, publicKey: Buffer.from(encodeCbor([1, 2])).toString('base64url') }, '.publicKey is not a COSE public key'],
    ['an algorithm that is not the key\'s', { ...good, algorithm: -257 }, 'differs from the public key'],
    ['a negative signCount', { ...good, signCount: -1 }, '.signCount'],
    ['a signCount over 2^32-1', { ...good, signCount: 2 ** 32 }, '.signCount'],
    ['a signCount as text', { ...good, signCount: '41' }, '.signCount'],
    ['transports not strings', { ...good, transports: ['usb', 7] }, '.transports'],
    ['uvInitialized as text', { ...good, uvInitialized: 'true' }, '.uvInitialized'],
    ['backupState without backupEligible', { ...good, backupEligible: false, backupState: true }, 'backupState true but backupEligible false'],
    ['an AAGUID that is not a UUID', { ...good, aaguid: 'yubikey' }, '.aaguid'],
  ])('refuses %s with ERR_CREDENTIAL_RECORD_INVALID', (_name, input, mentions) => {
    expectInvalid(() => credentialRecordFromJSON(input as CredentialRecordJSON), mentions);
  });

  it('refuses to write a record whose key is not COSE bytes', () => {
    expectInvalid(() => credentialRecordToJSON({ ...record, publicKey: 'pQEC' as unknown as Uint8Array }), '.publicKey must be a Uint8Array');
    expectInvalid(() => credentialRecordToJSON({ ...record, publicKey: new Uint8Array([1, 2, 3]) }), 'not a COSE public key');
    expectInvalid(() => credentialRecordToJSON({ ...record, signCount: Number.NaN }), '.signCount');
  });
});
