import { describe, expect, it } from 'vitest';
import { createKeyPair, createKeyPairAsync } from './keyPair.js';
import { fillRsaKeyPool, randomRsaKey, seededRsaKey } from './rsaKeyPool.js';
import { publicJwkOf } from './publicJwk.js';

describe('RSA credential keys off the event loop', () => {
  it('a seeded key is the one createKeyPair derives (same seed and label, same key), memoized', async () => {
    const sync = createKeyPair(-257, 'pool-seed', 'credential/test/0/key', 2048);
    const async = await createKeyPairAsync(-257, 'pool-seed', 'credential/test/0/key', 2048);
    expect(async.alg).toBe(-257);
    expect(async.privateKey.equals(sync.privateKey)).toBe(true);
    expect(await seededRsaKey('pool-seed', 'credential/test/0/key', 2048)).toBe(await seededRsaKey('pool-seed', 'credential/test/0/key', 2048));
    const other = await createKeyPairAsync(-65535, 'pool-seed', 'credential/test/1/key', 2048);
    expect(other.privateKey.equals(sync.privateKey)).toBe(false);
    expect(other.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('random keys are each handed out once, from the pool or fresh', async () => {
    fillRsaKeyPool(1024, 2);
    const keys = await Promise.all(Array.from({ length: 5 }, () => randomRsaKey(1024)));
    const moduli = new Set(keys.map((k) => publicJwkOf(k.publicKey).n));
    expect(moduli.size).toBe(5);
    for (const k of keys) expect(k.privateKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 1024, publicExponent: 65537n });
  });

  it('the event loop keeps turning while RSA keys are made (random ones on the threadpool, seeded ones a candidate per turn)', async () => {
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    await Promise.all([randomRsaKey(2048), randomRsaKey(2048), seededRsaKey('pool-seed-2', 'loop', 1024)]);
    running = false;
    expect(turns).toBeGreaterThan(3);
  });
});
