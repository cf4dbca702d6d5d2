import { sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prepareSpareP256Key, takeSpareP256Key } from './spareP256Key.js';
import { publicJwkOf } from './publicJwk.js';
import { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { WebAuthnClient } from '../client/webAuthnClient.js';

const creation = (): Parameters<WebAuthnClient['create']>[0] => ({
  rp: { name: 'spare', id: 'localhost' },
  user: { id: 'dXNlcg', name: 'u', displayName: 'U' },
  challenge: Buffer.from('spare key challenge 32 bytes....').toString('base64url'),
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  attestation: 'none',
});

describe('spare P-256 key', () => {
  it('hands out each ready key once, a working P-256 pair, and starts the next one', async () => {
    await prepareSpareP256Key();
    const first = takeSpareP256Key();
    expect(first).toBeDefined();
    expect(takeSpareP256Key()).toBeUndefined(); // taken: the next one is still being made
    await prepareSpareP256Key();
    const second = takeSpareP256Key();
    expect(first!.alg).toBe(-7);
    expect(first!.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const message = Buffer.from('signed by the spare key');
    expect(verify('sha256', message, first!.publicKey, sign('sha256', message, first!.privateKey))).toBe(true);
    expect(publicJwkOf(second!.privateKey).x).not.toBe(publicJwkOf(first!.privateKey).x);
  });

  it('serves unseeded ES256 registrations only: seeded ones derive their key and leave the spare', async () => {
    const register = async (seed: string | undefined): Promise<string> => {
      const client = new WebAuthnClient({ authenticator: new VirtualAuthenticator({ preset: 'generic', ...(seed !== undefined && { seed }) }), origin: 'http://localhost' });
      return (await client.create(creation())).response.publicKey!;
    };
    await prepareSpareP256Key();
    const seeded = await register('spare-seed');
    expect(takeSpareP256Key()).toBeDefined(); // the seeded registration left it
    await prepareSpareP256Key();
    expect(await register('spare-seed')).toBe(seeded); // deterministic with a spare ready
    takeSpareP256Key(); // (a fresh spare follows)
    await prepareSpareP256Key();
    const unseeded = await register(undefined);
    expect(takeSpareP256Key()).toBeUndefined(); // the unseeded registration took the ready key
    expect(unseeded).not.toBe(seeded);
  });
});
