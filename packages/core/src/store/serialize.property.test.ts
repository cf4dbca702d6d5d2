/**
 * Property tests of the credential JSON form (file store format and export): for arbitrary valid
 * records, credentialToJSON -> JSON text -> credentialFromJSON is the identity, byte fields are
 * unpadded base64url, and arbitrary JSON is either a valid record or CredentialStoreError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CredentialStoreError, credentialFromJSON, credentialToJSON } from './serialize.js';
import type { StoredCredential } from './types.js';

const bytes = (min: number, max: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: min, maxLength: max });
const text = fc.string({ unit: 'binary', maxLength: 30 });

const credential: fc.Arbitrary<StoredCredential> = fc
  .record(
    {
      id: bytes(1, 1023),
      rpId: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
      rpName: text,
      userHandle: bytes(1, 64),
      userName: text,
      userDisplayName: text,
      alg: fc.constantFrom(-7 as const, -8 as const, -35 as const, -257 as const),
      privateKey: bytes(0, 200),
      signCount: fc.integer({ min: 0, max: 0xffffffff }),
      discoverable: fc.boolean(),
      backupEligible: fc.boolean(),
      backupState: fc.boolean(),
      createdAt: fc.integer({ min: 0, max: 2 ** 45 }),
      preset: text,
      transports: fc.array(fc.constantFrom('usb', 'nfc', 'ble', 'internal', 'hybrid'), { maxLength: 5 }),
      credProtect: fc.constantFrom(1 as const, 2 as const, 3 as const),
      credBlob: bytes(0, 32),
      largeBlobKey: bytes(32, 32),
      hmacSecret: fc.record({ withUv: bytes(32, 32), withoutUv: bytes(32, 32) }),
    },
    { requiredKeys: ['id', 'rpId', 'alg', 'privateKey', 'signCount', 'discoverable', 'backupEligible', 'backupState', 'createdAt'] },
  )
  .map((c) => ({ ...c, backupEligible: c.backupEligible || c.backupState })); // BS needs BE

describe('credential JSON properties', () => {
  it('credentialFromJSON(JSON.parse(JSON.stringify(credentialToJSON(c)))) is c', () => {
    fc.assert(
      fc.property(credential, (c) => {
        const json = credentialToJSON(c);
        const back = credentialFromJSON(JSON.parse(JSON.stringify(json)));
        expect(back).toEqual(c);
        expect(credentialToJSON(back)).toEqual(json);
        for (const field of [json.id, json.privateKey, json.userHandle, json.credBlob, json.largeBlobKey]) {
          if (field !== undefined) expect(field).toMatch(/^[A-Za-z0-9_-]*$/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('arbitrary JSON objects are a credential or CredentialStoreError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), credential.map((c) => ({ ...credentialToJSON(c) }) as unknown)), fc.string(), fc.jsonValue(), (value, key, replacement) => {
        const input = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as object), [key]: replacement } : value;
        try {
          const c = credentialFromJSON(input);
          expect(credentialFromJSON(credentialToJSON(c))).toEqual(c);
        } catch (e) {
          expect(e).toBeInstanceOf(CredentialStoreError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
