import { describe, expect, it } from 'vitest';
import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { decodeCbor, encodeCbor, type CborMap } from '../cbor/index.js';
import type { VirtualAuthenticator } from '../virtualAuthenticator.js';
import type { AuthenticationExtensionsLargeBlobOutputsJSON } from './types.js';
import { creation, randomB64u, request, setup, swaAssertion } from '../../test-utils/clientCeremony.js';

const largeBlobOf = (r: { clientExtensionResults: Record<string, unknown> }) => r.clientExtensionResults.largeBlob as AuthenticationExtensionsLargeBlobOutputsJSON | undefined;
const allow = (id: string) => [{ type: 'public-key' as const, id }];

/**
 * The blobs in the authenticator's large-blob array that decrypt with `key`, read with
 * authenticatorLargeBlobs and opened here independently of the client (CTAP 2.1 6.10.3).
 */
async function blobsFor(authenticator: VirtualAuthenticator, key: Uint8Array): Promise<Buffer[]> {
  const out = await authenticator.request(Uint8Array.of(0x0c, ...encodeCbor(new Map([[1, 960], [3, 0]]))));
  const serialized = (decodeCbor(out.body) as CborMap).get(1) as Uint8Array;
  const data = serialized.subarray(0, serialized.length - 16);
  expect(Buffer.from(serialized.subarray(serialized.length - 16))).toEqual(createHash('sha256').update(data).digest().subarray(0, 16));
  const found: Buffer[] = [];
  for (const entry of decodeCbor(data) as CborMap[]) {
    const ciphertext = entry.get(1) as Uint8Array;
    const origSize = entry.get(3) as number;
    const ad = Buffer.alloc(12);
    ad.write('blob');
    ad.writeBigUInt64LE(BigInt(origSize), 4);
    try {
      const d = createDecipheriv('aes-256-gcm', key, entry.get(2) as Uint8Array).setAAD(ad).setAuthTag(ciphertext.subarray(-16));
      const blob = inflateRawSync(Buffer.concat([d.update(ciphertext.subarray(0, -16)), d.final()]));
      expect(blob.length).toBe(origSize);
      found.push(blob);
    } catch {
      // another credential's entry
    }
  }
  return found;
}

async function register(client: ReturnType<typeof setup>['client'], support: 'required' | 'preferred' = 'required') {
  return client.create(creation({ authenticatorSelection: { residentKey: 'required' }, extensions: { largeBlob: { support } } }));
}

describe('largeBlob (WebAuthn L3 10.1.5 over CTAP 2.1 largeBlobKey and authenticatorLargeBlobs)', () => {
  it('registers with supported: true, then writes and reads back; a second credential keeps its own blob', async () => {
    const { authenticator, client, sent } = setup('yubikey-5-nfc');
    const a = await register(client);
    expect(largeBlobOf(a)).toEqual({ supported: true });
    expect((sent.find((c) => c.command === 0x01)!.params!.get(0x06) as Map<string, unknown>).get('largeBlobKey')).toBe(true);
    const b = await register(client, 'preferred');
    expect(largeBlobOf(b)).toEqual({ supported: true });

    // Nothing stored yet: largeBlob is present, without blob.
    expect(largeBlobOf(await client.get(request({ allowCredentials: allow(a.id), extensions: { largeBlob: { read: true } } })))).toEqual({});

    const blobA = randomBytes(300);
    const blobB = Buffer.from('a certificate for B '.repeat(20));
    const get = request({ allowCredentials: allow(a.id), extensions: { largeBlob: { write: blobA.toString('base64url') } } });
    const written = await client.get(get);
    expect(largeBlobOf(written)).toEqual({ written: true });
    expect((await swaAssertion(written, get, a, false)).verified).toBe(true);
    expect(largeBlobOf(await client.get(request({ allowCredentials: allow(b.id), extensions: { largeBlob: { write: blobB.toString('base64url') } } })))).toEqual({ written: true });

    const read = (id: string) => client.get(request({ allowCredentials: allow(id), extensions: { largeBlob: { read: true } } }));
    expect(largeBlobOf(await read(a.id))).toEqual({ blob: blobA.toString('base64url') });
    expect(largeBlobOf(await read(b.id))).toEqual({ blob: blobB.toString('base64url') });

    // On the authenticator: one entry per credential, each opening only with its own largeBlobKey.
    const keyOf = (id: string) => authenticator.credentials().find((c) => Buffer.from(c.id).toString('base64url') === id)!.largeBlobKey!;
    expect(await blobsFor(authenticator, keyOf(a.id))).toEqual([blobA]);
    expect(await blobsFor(authenticator, keyOf(b.id))).toEqual([blobB]);

    // Rewriting replaces the credential's entry and leaves the other one alone.
    const blobA2 = Buffer.from('second version');
    await client.get(request({ allowCredentials: allow(a.id), extensions: { largeBlob: { write: blobA2.toString('base64url') } } }));
    expect(await blobsFor(authenticator, keyOf(a.id))).toEqual([blobA2]);
    expect(largeBlobOf(await read(b.id))).toEqual({ blob: blobB.toString('base64url') });
  });

  it('writes with a pinUvAuthToken carrying lbw once a PIN protects the key', async () => {
    const { authenticator, client, sent } = setup('yubikey-5-nfc');
    const a = await client.create(creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' }, extensions: { largeBlob: { support: 'required' } } }));
    sent.length = 0;
    const blob = randomB64u(100);
    const written = await client.get(request({ allowCredentials: allow(a.id), userVerification: 'discouraged', extensions: { largeBlob: { write: blob } } }));
    expect(largeBlobOf(written)).toEqual({ written: true });
    const token = sent.find((c) => c.command === 0x06 && c.params!.get(0x02) === 0x09)!;
    expect(token.params!.get(0x09)).toBe(0x02 | 0x10); // ga | lbw
    const set = sent.filter((c) => c.command === 0x0c && c.params!.has(0x02));
    expect(set.length).toBeGreaterThan(0);
    expect(set.every((c) => (c.params!.get(0x05) as Uint8Array).length === 32 && c.params!.get(0x06) === 2)).toBe(true);
    expect(largeBlobOf(await client.get(request({ allowCredentials: allow(a.id), extensions: { largeBlob: { read: true } } })))).toEqual({ blob });
    expect(authenticator.pinRetries).toBe(8);
  });

  it('reports what an authenticator without large blobs cannot do, as Chrome does', async () => {
    const { client } = setup('generic');
    await expect(register(client, 'required')).rejects.toMatchObject({ name: 'NotAllowedError' });
    const r = await register(client, 'preferred');
    expect(largeBlobOf(r)).toEqual({ supported: false });
    expect(largeBlobOf(await client.create(creation({ authenticatorSelection: { residentKey: 'required' }, extensions: { largeBlob: {} } })))).toEqual({ supported: false });
    expect(largeBlobOf(await client.get(request({ allowCredentials: allow(r.id), extensions: { largeBlob: { read: true } } })))).toEqual({});
    expect(largeBlobOf(await client.get(request({ allowCredentials: allow(r.id), extensions: { largeBlob: { write: 'AAAA' } } })))).toEqual({ written: false });
  });

  it('needs a discoverable credential on a CTAP authenticator', async () => {
    const { client } = setup('yubikey-5-nfc');
    await expect(client.create(creation({ authenticatorSelection: { residentKey: 'discouraged' }, extensions: { largeBlob: { support: 'required' } } }))).rejects.toMatchObject({ name: 'NotAllowedError' });
    const r = await client.create(creation({ authenticatorSelection: { residentKey: 'discouraged' }, extensions: { largeBlob: { support: 'preferred' } } }));
    expect(largeBlobOf(r)).toEqual({ supported: false });
    expect(largeBlobOf(await client.get(request({ allowCredentials: allow(r.id), extensions: { largeBlob: { write: 'AAAA' } } })))).toEqual({ written: false });
  });

  it('rejects inputs the ceremony does not allow with NotSupportedError', async () => {
    const { client, sent } = setup('yubikey-5-nfc');
    const r = await register(client);
    const other = await register(client);
    sent.length = 0;
    await expect(client.create(creation({ extensions: { largeBlob: { read: true } } }))).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(client.create(creation({ extensions: { largeBlob: { write: '' } } }))).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(client.get(request({ allowCredentials: allow(r.id), extensions: { largeBlob: { support: 'preferred' } } }))).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(client.get(request({ allowCredentials: allow(r.id), extensions: { largeBlob: { read: true, write: 'AAAA' } } }))).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(client.get(request({ extensions: { largeBlob: { write: 'AAAA' } } }))).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(client.get(request({ allowCredentials: [...allow(r.id), ...allow(other.id)], extensions: { largeBlob: { write: 'AAAA' } } }))).rejects.toMatchObject({ name: 'NotSupportedError' });
    expect(sent).toHaveLength(0);
  });

  it('writes nothing when the blob would not fit maxSerializedLargeBlobArray', async () => {
    const { authenticator, client } = setup('yubikey-5-nfc');
    const r = await register(client);
    const tooBig = randomBytes(8192).toString('base64url'); // random bytes do not compress
    expect(largeBlobOf(await client.get(request({ allowCredentials: allow(r.id), extensions: { largeBlob: { write: tooBig } } })))).toEqual({ written: false });
    const key = authenticator.credentials()[0]!.largeBlobKey!;
    expect(await blobsFor(authenticator, key)).toEqual([]);
  });
});
