import { describe, expect, it } from 'vitest';
import { createPublicKey, verify } from 'node:crypto';
import { createKeyPair, signWith, spkiOf, pkcs8Of, keyPairFromPkcs8, publicJwkOfPair, type KeyPair } from './keyPair.js';
import { privateJwkOf } from './publicJwk.js';

describe('createKeyPair', () => {
  for (const alg of [-7, -8, -35, -257, -65535] as const) {
    it(`derives the same ${alg} key from the same seed and a valid signature`, () => {
      const a = createKeyPair(alg, 'seed-1', 'label');
      const b = createKeyPair(alg, 'seed-1', 'label');
      const c = createKeyPair(alg, 'seed-1', 'other');
      expect(Buffer.from(spkiOf(a))).toEqual(Buffer.from(spkiOf(b)));
      expect(Buffer.from(spkiOf(a))).not.toEqual(Buffer.from(spkiOf(c)));
      const data = Buffer.from('hello');
      const sig = signWith(a, data);
      const hash = alg === -7 ? 'sha256' : alg === -35 ? 'sha384' : alg === -8 ? null : alg === -257 ? 'sha256' : 'sha1';
      expect(verify(hash, data, a.publicKey, sig)).toBe(true);
      const back = keyPairFromPkcs8(alg, pkcs8Of(a));
      expect(Buffer.from(spkiOf(back))).toEqual(Buffer.from(spkiOf(a)));
    });
  }
  it('gives random keys without a seed', () => {
    expect(Buffer.from(spkiOf(createKeyPair(-7, undefined, 'x')))).not.toEqual(Buffer.from(spkiOf(createKeyPair(-7, undefined, 'x'))));
  });
});

describe('EC key pairs (ECDH-made, key objects made on first use)', () => {
  // spki of seeded keys recorded with the derivation before ECDH keys and lazy key objects (main 0ced351):
  // the same seed keeps its keys byte for byte.
  const recorded: [-7 | -35, string, string][] = [
    [-7, 'credential/yubikey-5-nfc/example.com/dXNlcg/-7/0/key', 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEJed8MdR_NEep_QtUsljaCySDxW9sWvSF_tl9x-WNGiD134PW5oLqLS4NUueglgRjWVmusb9KPnpJgWCXLiEWOQ'],
    [-35, 'ca/yubico/root', 'MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE0uw_Yfei-B1j1hnyXwSKj2zslFRyjQjNLVyfTiQactX3rGftcNuc7Ev2xcrTDTwmO7Gdn4QSloviPWB1T7c9Tn2fomc5Jh5uQkCeUWXCTpQWtcHXn0Q-25U4fLHs2ZHw'],
    [-7, 'batch/x', 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8DJG_1DBZcEC-sE8PZOSNwztj0lf2fWVWUkhrsWgzgfxl_vePbLaGZ4DvSyaiw8sVd4MjrFcE5AOUZrSBtRQxg'],
  ];
  it.each(recorded)('seeded %s key %s is the recorded one, its public JWK known before any key object', (alg, label, spki) => {
    const pair = createKeyPair(alg, 'recorded-seed', label);
    const jwk = publicJwkOfPair(pair);
    expect(Buffer.from(spkiOf(pair)).toString('base64url')).toBe(spki);
    // The JWK given up front is the key's own (node:crypto's export of the re-imported key).
    const exported = createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' }).export({ format: 'jwk' });
    expect(jwk).toEqual({ kty: exported.kty, crv: exported.crv, x: exported.x, y: exported.y });
  });

  it('random P-256 keys sign and round-trip through PKCS#8, also one whose scalar starts with a zero byte', () => {
    // About 1 in 256 random scalars has a leading zero byte, which ECDH's getPrivateKey drops (keyPair.ts pads it).
    let short: KeyPair | undefined;
    for (let i = 0; i < 4096 && !short; i++) {
      const pair = createKeyPair(-7, undefined, 'x');
      const d = Buffer.from(privateJwkOf(pair.privateKey).d ?? '', 'base64url');
      expect(d.length).toBe(32);
      if (d[0] === 0) short = pair;
    }
    expect(short).toBeDefined();
    const data = Buffer.from('hello');
    expect(verify('sha256', data, short!.publicKey, signWith(short!, data))).toBe(true);
    const jwk = publicJwkOfPair(short!);
    expect(verify('sha256', data, createPublicKey({ key: jwk, format: 'jwk' }), signWith(short!, data))).toBe(true);
    expect(Buffer.from(spkiOf(keyPairFromPkcs8(-7, pkcs8Of(short!))))).toEqual(Buffer.from(spkiOf(short!)));
  });
});
