import { describe, expect, it } from 'vitest';
import { verify } from 'node:crypto';
import { createKeyPair, signWith, spkiOf, pkcs8Of, keyPairFromPkcs8 } from './keyPair.js';

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
