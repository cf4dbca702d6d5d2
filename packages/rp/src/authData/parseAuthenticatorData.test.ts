/**
 * Authenticator data parsing (L3 6.1, 6.5.1): expected fields are the ones the test builder wrote.
 */
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../test-utils/cbor.js';
import { coseKey, generateKey } from '../../test-utils/keys.js';
import { AAGUID, authenticatorData, Flag, RP_ID, sha256 } from '../../test-utils/ceremony.js';
import { expectCode } from '../../test-utils/expectCode.js';
import { parseAuthenticatorData } from './parseAuthenticatorData.js';

const parse = async (bytes: Uint8Array) => parseAuthenticatorData(bytes);

describe('parseAuthenticatorData', () => {
  const key = generateKey(-7);
  const credentialId = new Uint8Array([1, 2, 3, 4]);

  it('parses rpIdHash, flags, counter, attested credential data and extensions', () => {
    const publicKey = coseKey(key);
    const bytes = authenticatorData({
      flags: Flag.UP | Flag.UV | Flag.BE | Flag.AT | Flag.ED,
      signCount: 0x01020304,
      attested: { credentialId, publicKey },
      extensions: new Map([['credProtect', 2]]),
    });
    const a = parseAuthenticatorData(bytes);
    expect(Buffer.from(a.rpIdHash).equals(Buffer.from(sha256(RP_ID)))).toBe(true);
    expect(a.flags).toMatchObject({ up: true, uv: true, be: true, bs: false, at: true, ed: true, byte: 0xcd });
    expect(a.signCount).toBe(0x01020304);
    expect([...a.attestedCredentialData!.aaguid]).toEqual([...AAGUID]);
    expect([...a.attestedCredentialData!.credentialId]).toEqual([...credentialId]);
    expect(Buffer.from(a.attestedCredentialData!.credentialPublicKey).equals(Buffer.from(publicKey))).toBe(true);
    expect(a.extensions).toEqual(new Map([['credProtect', 2]]));
  });

  it('parses assertion authenticator data (37 bytes, no AT)', () => {
    const a = parseAuthenticatorData(authenticatorData({ flags: Flag.UP, signCount: 9 }));
    expect(a.attestedCredentialData).toBeUndefined();
    expect(a.signCount).toBe(9);
  });

  it.each([
    ['shorter than 37 bytes', new Uint8Array(36)],
    ['AT set but no attested data', authenticatorData({ flags: Flag.UP | Flag.AT })],
    ['credential id length past the end', Buffer.concat([authenticatorData({ flags: Flag.UP | Flag.AT }), new Uint8Array(16), Uint8Array.of(0xff, 0xff)])],
    ['credential public key not CBOR', authenticatorData({ flags: Flag.UP | Flag.AT, attested: { credentialId, publicKey: Uint8Array.of(0xa1) } })],
    ['credential public key not a map', authenticatorData({ flags: Flag.UP | Flag.AT, attested: { credentialId, publicKey: encodeCbor([1]) } })],
    ['ED set, no extensions', authenticatorData({ flags: Flag.UP })],
    ['extensions not a map', Buffer.concat([authenticatorData({ flags: Flag.UP | Flag.ED }), encodeCbor('x')])],
    ['extensions present but ED clear', Buffer.concat([authenticatorData({ flags: Flag.UP }), encodeCbor(new Map())])],
  ])('rejects %s', async (what, bytes) => {
    const input = what === 'ED set, no extensions' ? Uint8Array.from(bytes, (b, i) => (i === 32 ? b | Flag.ED : b)) : new Uint8Array(bytes);
    await expectCode(parse(input), 'ERR_AUTHDATA_MALFORMED');
  });
});
