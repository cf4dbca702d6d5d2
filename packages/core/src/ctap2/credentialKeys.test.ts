import { describe, expect, it } from 'vitest';
import { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { decodeCbor, encodeCbor } from '../cbor/index.js';
import type { CborMap } from '../cbor/types.js';

/** A makeCredential request for user `user-1` of example.com offering only `alg`. */
function request(alg: number): Uint8Array {
  const params = new Map<number, unknown>([
    [1, new Uint8Array(32)],
    [2, new Map([['id', 'example.com'], ['name', 'Example']])],
    [3, new Map<string, unknown>([['id', new Uint8Array(Buffer.from('user-1'))], ['name', 'ada'], ['displayName', 'Ada']])],
    [4, [new Map<string, unknown>([['alg', alg], ['type', 'public-key']])]],
    [7, new Map([['rk', true]])],
  ]);
  return Uint8Array.of(0x01, ...encodeCbor(params as CborMap));
}

describe('seeded credentials keep their ids and keys', () => {
  // authData (rpIdHash, flags, signCount, AAGUID, credential id, COSE key) of a seeded registration,
  // recorded before ECDH-made EC keys with key objects made on first use (main 0ced351).
  it.each([
    [-7, 'a379a6f6eeafb9a55e378c118034e2751e682fab9f2d30ab13d2125586ce19474100000001a25342c03cdc44148e46f4807fca511c0040a199ea6776c36b3cec59d430f3ba1379b05d704a4380834107612afae24d0a541ee35db21ffd2ee0bb574113a7949f548e65188c2cf9914076ab6809718a7dc5a501020326200121582037dbeaf3170795bebde7073b28ef191d225afc5a9b2eff1a9e76a823b2c78f902258201f90952be8763bf3f22765559bf81334d51782d1262fdfaed0987c60ec888172'],
    [-8, 'a379a6f6eeafb9a55e378c118034e2751e682fab9f2d30ab13d2125586ce19474100000001a25342c03cdc44148e46f4807fca511c0040ab9017f0d9e997ea148b98cc269533420f7e345ad036ea11e902d8adf4fbd448ce8fa7c3ee5910bf42f17760832c0484e9dccd93694707b7bbe41211d12cb30da401010327200621582044d6782ab82647864410da4a7226859c2b232b1b309fd6d3ed4e9496cbce34d8'],
  ])('alg %s: the recorded authenticator data', async (alg, authData) => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'recorded-seed' });
    const out = await a.handle(request(alg));
    expect(out[0]).toBe(0);
    const response = decodeCbor(out.subarray(1)) as CborMap;
    expect(Buffer.from(response.get(2) as Uint8Array).toString('hex')).toBe(authData);
  });
});
