/**
 * credBlob (CTAP 2.1 12.2): blobs up to maxCredBlobLength are stored (output true), longer ones
 * are not (output false); getAssertion with `"credBlob": true` returns the blob, or an empty byte
 * string when there is none. yubikey-5-nfc lists credBlob with maxCredBlobLength 32.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CborValue } from '../../cbor/index.js';
import { CtapStatus } from '../status.js';
import { assertWith, harnessState, makeWith, send, withGetInfo } from '../../../test-utils/extensionHarness.js';
import { maxCredBlobLength } from './credBlob.js';

const blobOf = (n: number) => new Uint8Array(randomBytes(n));
const mc = (blob: CborValue) => new Map<string, CborValue>([['credBlob', blob]]);
const ga = (value: CborValue = true) => new Map<string, CborValue>([['credBlob', value]]);

describe('credBlob', () => {
  it('getInfo of yubikey-5-nfc reports credBlob and maxCredBlobLength 32', async () => {
    const info = await send(harnessState('yubikey-5-nfc'), 0x04, new Map());
    expect(info.body!.get(2)).toContain('credBlob');
    expect(info.body!.get(0x0f)).toBe(32);
  });

  it.each([0, 1, 32])('a %i-byte blob is stored (output true) and read back with "credBlob": true', async (n) => {
    const state = harnessState('yubikey-5-nfc');
    const blob = blobOf(n);
    const made = await makeWith(state, mc(blob), { rk: true });
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect(made.authData!.extensions).toEqual(new Map([['credBlob', true]]));
    expect(Buffer.from(made.credential!.credBlob!)).toEqual(Buffer.from(blob));
    const got = await assertWith(state, ga());
    expect(got.authData!.flags.ed).toBe(true);
    expect(Buffer.from(got.authData!.extensions!.get('credBlob') as Uint8Array)).toEqual(Buffer.from(blob));
  });

  it('a blob longer than maxCredBlobLength is not stored (output false); the assertion returns empty bytes', async () => {
    const state = harnessState('yubikey-5-nfc');
    const made = await makeWith(state, mc(blobOf(33)), { rk: true });
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect(made.authData!.extensions).toEqual(new Map([['credBlob', false]]));
    expect(made.credential!.credBlob).toBeUndefined();
    const got = await assertWith(state, ga());
    expect(got.authData!.extensions).toEqual(new Map([['credBlob', new Uint8Array(0)]]));
  });

  it('a non-discoverable credential keeps its blob too (vfido stores every credential)', async () => {
    const state = harnessState('yubikey-5-nfc');
    const blob = blobOf(8);
    const made = await makeWith(state, mc(blob));
    const got = await assertWith(state, ga(), { allow: [made.credential!.id] });
    expect(Buffer.from(got.authData!.extensions!.get('credBlob') as Uint8Array)).toEqual(Buffer.from(blob));
  });

  it('"credBlob": false or no input at getAssertion: no output, no ED flag', async () => {
    const state = harnessState('yubikey-5-nfc');
    await makeWith(state, mc(blobOf(4)), { rk: true });
    for (const extensions of [ga(false), undefined]) {
      const got = await assertWith(state, extensions);
      expect(got.status).toBe(CtapStatus.CTAP2_OK);
      expect(got.authData!.flags.ed).toBe(false);
    }
  });

  it('wrong input types: CTAP2_ERR_CBOR_UNEXPECTED_TYPE at both commands', async () => {
    const state = harnessState('yubikey-5-nfc');
    expect((await makeWith(state, mc('text'), { rk: true })).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    await makeWith(state, undefined, { rk: true });
    expect((await assertWith(state, ga(new Uint8Array(1)))).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });

  it('the limit follows the model: a 64-byte maxCredBlobLength stores 64 bytes; a missing or smaller one means 32', async () => {
    const state = harnessState(withGetInfo('yubikey-5-nfc', { maxCredBlobLength: 64 }));
    expect((await makeWith(state, mc(blobOf(64)))).authData!.extensions!.get('credBlob')).toBe(true);
    expect((await makeWith(state, mc(blobOf(65)))).authData!.extensions!.get('credBlob')).toBe(false);
    const { maxCredBlobLength: _, ...withoutMax } = harnessState('yubikey-5-nfc').preset.getInfo;
    expect(maxCredBlobLength({ getInfo: withoutMax })).toBe(32);
    expect(maxCredBlobLength({ getInfo: { ...withoutMax, maxCredBlobLength: 16 } })).toBe(32);
  });

  it('a model that does not list credBlob ignores it at both commands', async () => {
    const state = harnessState('generic');
    expect(state.preset.getInfo.extensions).not.toContain('credBlob');
    const made = await makeWith(state, mc(blobOf(4)), { rk: true, uv: true });
    expect(made.authData!.flags.ed).toBe(false);
    expect(made.credential!.credBlob).toBeUndefined();
    expect((await assertWith(state, ga())).authData!.flags.ed).toBe(false);
  });
});
