/**
 * The extension hooks as a whole: what getInfo reports per preset, that unknown extensions are
 * ignored, and that several outputs share one authData map.
 */
import { describe, expect, it } from 'vitest';
import type { CborValue } from '../../cbor/index.js';
import { presets } from '../../presets/index.js';
import { CtapStatus } from '../status.js';
import { harnessState, hmacPlatform, makeWith, assertWith, send } from '../../../test-utils/extensionHarness.js';
import { IMPLEMENTED_EXTENSIONS, supportsExtension } from './index.js';

describe('extension hooks', () => {
  it('implements the CTAP 2.1 section 12 extensions and hmac-secret-mc', () => {
    expect([...IMPLEMENTED_EXTENSIONS].sort()).toEqual(['credBlob', 'credProtect', 'hmac-secret', 'hmac-secret-mc', 'largeBlobKey', 'minPinLength']);
  });

  it('a U2F-only model answers getInfo (and every CTAP2 command) with CTAP1_ERR_INVALID_COMMAND', async () => {
    const info = await send(harnessState('feitian-epass-u2f'), 0x04, new Map());
    expect(info.status).toBe(CtapStatus.CTAP1_ERR_INVALID_COMMAND);
  });

  it.each(Object.keys(presets).filter((id) => presets[id]!.getInfo.versions.some((v) => v.startsWith('FIDO_2_'))))('%s: getInfo reports exactly its declared extensions that are implemented', async (id) => {
    const state = harnessState(id);
    const declared = state.preset.getInfo.extensions ?? [];
    const info = await send(state, 0x04, new Map());
    const reported = (info.body!.get(2) as string[] | undefined) ?? [];
    expect(reported).toEqual(declared.filter((e) => IMPLEMENTED_EXTENSIONS.has(e)));
    for (const e of reported) expect(supportsExtension(state, e)).toBe(true);
  });

  it('only samsung-pass declares extensions vfido does not implement (uvm, devicePubKey): they are not reported', () => {
    const unimplemented = Object.values(presets).flatMap((p) => (p.getInfo.extensions ?? []).filter((e) => !IMPLEMENTED_EXTENSIONS.has(e)).map((e) => `${p.id}:${e}`));
    expect(unimplemented).toEqual(['samsung-pass:uvm', 'samsung-pass:devicePubKey']);
  });

  it('unknown extensions are ignored; an empty map sets no ED flag', async () => {
    const state = harnessState('yubikey-5-nfc');
    const made = await makeWith(state, new Map<string, CborValue>([['example.com:unknown', 1]]), { rk: true });
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect(made.authData!.flags.ed).toBe(false);
    expect((await makeWith(state, new Map(), { rk: true, userId: 2 })).authData!.flags.ed).toBe(false);
  });

  it('all makeCredential outputs of yubikey-5-nfc land in one canonical authData map; largeBlobKey is a response member', async () => {
    const state = harnessState('yubikey-5-nfc');
    const made = await makeWith(
      state,
      new Map<string, CborValue>([['credProtect', 2], ['hmac-secret', true], ['credBlob', Uint8Array.of(1, 2, 3)], ['largeBlobKey', true], ['minPinLength', true]]),
      { rk: true },
    );
    expect(made.status).toBe(CtapStatus.CTAP2_OK);
    expect([...made.authData!.extensions!.entries()]).toEqual([['credBlob', true], ['credProtect', 2], ['hmac-secret', true]]);
    expect(made.body!.get(5)).toHaveLength(32);
    const c = made.credential!;
    expect({ credProtect: c.credProtect, credBlob: [...c.credBlob!], lbk: c.largeBlobKey?.length, hmac: c.hmacSecret?.withUv.length }).toEqual({
      credProtect: 2,
      credBlob: [1, 2, 3],
      lbk: 32,
      hmac: 32,
    });

    const p = hmacPlatform(state, 2);
    const got = await assertWith(state, new Map<string, CborValue>([['credBlob', true], ['largeBlobKey', true], ['hmac-secret', p.input(new Uint8Array(32))]]), { allow: [c.id] });
    expect(got.status).toBe(CtapStatus.CTAP2_OK);
    expect([...got.authData!.extensions!.keys()]).toEqual(['credBlob', 'hmac-secret']);
    expect(Buffer.from(got.body!.get(7) as Uint8Array)).toEqual(Buffer.from(c.largeBlobKey!));
  });
});
