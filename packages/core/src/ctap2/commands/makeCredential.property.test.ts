/**
 * Property test of authenticatorMakeCredential (CTAP 2.1 6.1) and the credential store: whatever
 * rp and user members a request carries, the request either fails with a CTAP status and stores
 * nothing, or stores a credential that survives the store's JSON form (what FileCredentialStore
 * writes and reads back). Found by fuzz/targets/ctap2-make-credential.ts: an empty rp.id was
 * accepted and stored, and a FileCredentialStore then refused to load its own file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../cbor/index.js';
import { credentialFromJSON, credentialToJSON } from '../../store/serialize.js';
import { VirtualAuthenticator } from '../../virtualAuthenticator.js';

describe('makeCredential stores only credentials its store can write and read back', () => {
  it('for arbitrary rp.id, rp.name, user.id, user.name and rk', async () => {
    const authenticator = new VirtualAuthenticator({ preset: 'generic', seed: 'property' });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(''), fc.string({ unit: 'binary', maxLength: 40 }), fc.domain()),
        fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        fc.uint8Array({ maxLength: 70 }),
        fc.option(fc.string({ unit: 'binary', maxLength: 20 }), { nil: undefined }),
        fc.boolean(),
        async (rpId, rpName, userId, userName, rk) => {
          authenticator.store.clear();
          const rp = new Map<string, string>([['id', rpId], ...(rpName === undefined ? [] : [['name', rpName] as [string, string]])]);
          const user = new Map<string, unknown>([['id', userId], ...(userName === undefined ? [] : [['name', userName] as [string, unknown]])]);
          const params = new Map<number, unknown>([[1, new Uint8Array(32)], [2, rp], [3, user], [4, [new Map<string, unknown>([['alg', -7], ['type', 'public-key']])]], [7, new Map([['rk', rk], ['uv', rk]])]]);
          const outcome = await authenticator.request(Uint8Array.of(0x01, ...encodeCbor(params as never)));
          if (outcome.status !== 0) {
            expect(authenticator.store.list()).toHaveLength(0);
            return;
          }
          for (const c of authenticator.store.list()) {
            expect(credentialToJSON(credentialFromJSON(JSON.parse(JSON.stringify(credentialToJSON(c)))))).toEqual(credentialToJSON(c));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
