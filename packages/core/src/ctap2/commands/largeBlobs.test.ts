/**
 * authenticatorLargeBlobs (CTAP 2.1 6.10): the initial array, fragmented reads and writes, the
 * pinUvAuthParam over 32×0xff || 0c 00 || uint32LE(offset) || SHA-256(fragment) with lbw, the
 * integrity check, the size limit and every error path of 6.10.2.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCbor, type CborValue } from '../../cbor/index.js';
import type { AuthenticatorState } from '../command.js';
import { powerUpPinUvRuntime, Permission } from '../pinUv/pinUvAuthToken.js';
import { updateDeviceSettings } from '../pinUv/deviceSettings.js';
import { CtapStatus } from '../status.js';
import { issueToken, mgmtState, pinOnlyYubiKey, send, setPin, type IssuedToken } from '../../../test-utils/managementHarness.js';
import { LARGE_BLOB_ARRAY_SETTING } from './largeBlobArray.js';

const LB = 0x0c;
const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();
/** A serialized large-blob array: CBOR array || LEFT(SHA-256, 16) (6.10.1). */
function serialized(entries: CborValue[]): Uint8Array {
  const body = encodeCbor(entries);
  return new Uint8Array(Buffer.concat([body, sha256(body).subarray(0, 16)]));
}
/** The 17 bytes of the initial array, computed from its definition (0x80 and its truncated hash). */
const INITIAL = new Uint8Array(Buffer.concat([Buffer.of(0x80), sha256(Uint8Array.of(0x80)).subarray(0, 16)]));

const get = (state: AuthenticatorState, count: number, offset: number, extra: [number, CborValue][] = []) =>
  send(state, LB, new Map<number, CborValue>([[1, count], [3, offset], ...extra]));

/** The pinUvAuthParam of one set fragment (6.10.2 step 5.5.4). */
function setMac(token: IssuedToken, offset: number, fragment: Uint8Array): Uint8Array {
  const msg = Buffer.alloc(32 + 2 + 4 + 32, 0xff);
  msg.writeUInt8(0x0c, 32);
  msg.writeUInt8(0x00, 33);
  msg.writeUInt32LE(offset, 34);
  sha256(fragment).copy(msg, 38);
  return token.mac(msg);
}

function setRequest(fragment: Uint8Array, offset: number, length: number | undefined, token?: IssuedToken): Map<number, CborValue> {
  const m = new Map<number, CborValue>([[2, fragment], [3, offset]]);
  if (length !== undefined) m.set(4, length);
  if (token) {
    m.set(5, setMac(token, offset, fragment));
    m.set(6, token.protocol);
  }
  return m;
}

/** Write `data` in fragments of `size` (length only with offset 0, as 6.10.2 requires). */
async function write(state: AuthenticatorState, data: Uint8Array, size: number, token?: IssuedToken): Promise<number[]> {
  const statuses: number[] = [];
  for (let offset = 0; offset < data.length; offset += size) {
    const fragment = data.subarray(offset, Math.min(offset + size, data.length));
    statuses.push((await send(state, LB, setRequest(fragment, offset, offset === 0 ? data.length : undefined, token))).status);
  }
  return statuses;
}

/** Read the whole array as a platform does: maxFragmentLength-sized gets until a short one. */
async function readAll(state: AuthenticatorState, size = 1216): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let offset = 0; ; offset += size) {
    const out = await get(state, size, offset);
    expect(out.status).toBe(CtapStatus.CTAP2_OK);
    const part = out.body!.get(1) as Uint8Array;
    parts.push(part);
    if (part.length < size) break;
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** yubikey-5-nfc with no PIN and no built-in UV: writes need no pinUvAuthParam. */
const open = (): AuthenticatorState => mgmtState(pinOnlyYubiKey());

describe('authenticatorLargeBlobs get (6.10.2 step 4)', () => {
  it('starts with the initial array h\'8076be8b528d0075f7aae98d6fa57a6d3c\' (6.10.1)', async () => {
    const state = open();
    const out = await get(state, 1000, 0);
    expect(out.status).toBe(CtapStatus.CTAP2_OK);
    expect([...out.body!.keys()]).toEqual([1]);
    expect(out.body!.get(1)).toEqual(INITIAL);
    expect(Buffer.from(INITIAL).toString('hex')).toBe('8076be8b528d0075f7aae98d6fa57a6d3c');
  });

  it('returns what exists from offset; offset = length gives an empty fragment; past it INVALID_PARAMETER', async () => {
    const state = open();
    expect((await get(state, 4, 1)).body!.get(1)).toEqual(INITIAL.subarray(1, 5));
    expect((await get(state, 100, 17)).body!.get(1)).toEqual(new Uint8Array(0));
    expect((await get(state, 1, 18)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
  });

  it('get above maxFragmentLength (maxMsgSize 1280 - 64): CTAP1_ERR_INVALID_LENGTH', async () => {
    const state = open();
    expect((await get(state, 1216, 0)).status).toBe(CtapStatus.CTAP2_OK);
    expect((await get(state, 1217, 0)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_LENGTH);
  });

  it('length or pinUvAuthParam / pinUvAuthProtocol with get: CTAP1_ERR_INVALID_PARAMETER', async () => {
    const state = open();
    expect((await get(state, 10, 0, [[4, 10]])).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    expect((await get(state, 10, 0, [[5, new Uint8Array(32)]])).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    expect((await get(state, 10, 0, [[6, 2]])).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
  });
});

describe('request shape (6.10.2 steps 1-3)', () => {
  it('offset missing, neither get nor set, or both: CTAP1_ERR_INVALID_PARAMETER', async () => {
    const state = open();
    expect((await send(state, LB, new Map([[1, 10]]))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    expect((await send(state, LB, new Map([[3, 0]]))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    expect((await send(state, LB, new Map<number, CborValue>([[1, 10], [2, INITIAL], [3, 0], [4, 17]]))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
  });

  it('wrong types: CTAP2_ERR_CBOR_UNEXPECTED_TYPE', async () => {
    const state = open();
    expect((await send(state, LB, new Map([[1, -1], [3, 0]]))).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    expect((await send(state, LB, new Map<number, CborValue>([[2, 'text'], [3, 0], [4, 17]]))).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
    expect((await send(state, LB, new Map<number, CborValue>([[1, 10], [3, 'zero']]))).status).toBe(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE);
  });

  it('only on a model with getInfo largeBlobs: CTAP1_ERR_INVALID_COMMAND otherwise', async () => {
    for (const preset of ['generic', 'yubikey-5c']) {
      expect((await get(mgmtState(preset), 10, 0)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_COMMAND);
    }
  });
});

describe('authenticatorLargeBlobs set (6.10.2 step 5)', () => {
  it('writes in fragments, commits on the last one, reads back the same bytes; persisted as a store setting', async () => {
    const state = open();
    const data = serialized([new Map<number, CborValue>([[1, new Uint8Array(randomBytes(2000))], [2, new Uint8Array(12)], [3, 1990]])]);
    expect(data.length).toBeGreaterThan(2000);
    expect(await write(state, data, 1000)).toEqual([0, 0, 0]);
    expect(await readAll(state)).toEqual(data);
    expect(state.store.setting(LARGE_BLOB_ARRAY_SETTING)).toBe(Buffer.from(data).toString('base64url'));
  });

  it('nothing is committed before the last fragment', async () => {
    const state = open();
    const data = serialized(['x'.repeat(300)]);
    await send(state, LB, setRequest(data.subarray(0, 100), 0, data.length));
    expect(await readAll(state)).toEqual(INITIAL);
  });

  it('a wrong trailer: CTAP2_ERR_INTEGRITY_FAILURE and the old array stays', async () => {
    const state = open();
    const bad = serialized(['entry']);
    bad[bad.length - 1]! ^= 1;
    expect(bad.length).toBe(23);
    expect(await write(state, bad, 10)).toEqual([0, 0, CtapStatus.CTAP2_ERR_INTEGRITY_FAILURE]);
    expect(await readAll(state)).toEqual(INITIAL);
  });

  it('length above maxSerializedLargeBlobArray (4096): CTAP2_ERR_LARGE_BLOB_STORAGE_FULL; 4096 fits', async () => {
    const state = open();
    expect((await send(state, LB, setRequest(new Uint8Array(100), 0, 4097))).status).toBe(CtapStatus.CTAP2_ERR_LARGE_BLOB_STORAGE_FULL);
    const body = encodeCbor([new Uint8Array(4096 - 16 - 4)]);
    const data = new Uint8Array(Buffer.concat([body, sha256(body).subarray(0, 16)]));
    expect(data.length).toBe(4096);
    expect(await write(state, data, 1216)).toEqual([0, 0, 0, 0]);
    expect(await readAll(state)).toEqual(data);
  });

  it('offset 0 without length, or length below 17: CTAP1_ERR_INVALID_PARAMETER', async () => {
    const state = open();
    expect((await send(state, LB, setRequest(INITIAL, 0, undefined))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    expect((await send(state, LB, setRequest(INITIAL.subarray(0, 16), 0, 16))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
  });

  it('length with a non-zero offset: CTAP1_ERR_INVALID_PARAMETER', async () => {
    const state = open();
    const data = serialized(['abcdefghij']);
    await send(state, LB, setRequest(data.subarray(0, 10), 0, data.length));
    expect((await send(state, LB, setRequest(data.subarray(10), 10, data.length))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
  });

  it('an offset other than expectedNextOffset: CTAP1_ERR_INVALID_SEQ (also with no write started)', async () => {
    const state = open();
    const data = serialized(['abcdefghijklmnop']);
    expect((await send(state, LB, setRequest(data.subarray(10), 10, undefined))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_SEQ);
    await send(state, LB, setRequest(data.subarray(0, 10), 0, data.length));
    expect((await send(state, LB, setRequest(data.subarray(11), 11, undefined))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_SEQ);
    expect((await send(state, LB, setRequest(data.subarray(10), 10, undefined))).status).toBe(CtapStatus.CTAP2_OK);
    expect(await readAll(state)).toEqual(data);
  });

  it('a fragment past the announced length: CTAP1_ERR_INVALID_PARAMETER', async () => {
    const state = open();
    const data = serialized(['abcdefghijklmnop']);
    await send(state, LB, setRequest(data.subarray(0, 10), 0, data.length - 1));
    expect((await send(state, LB, setRequest(data.subarray(10), 10, undefined))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
  });

  it('a fragment above maxFragmentLength: CTAP1_ERR_INVALID_LENGTH', async () => {
    const state = open();
    expect((await send(state, LB, setRequest(new Uint8Array(1217), 0, 2000))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_LENGTH);
  });

  it('a power cycle drops a write in progress', async () => {
    const state = open();
    const data = serialized(['abcdefghijklmnop']);
    await send(state, LB, setRequest(data.subarray(0, 10), 0, data.length));
    state.pinUv = powerUpPinUvRuntime();
    expect((await send(state, LB, setRequest(data.subarray(10), 10, undefined))).status).toBe(CtapStatus.CTAP1_ERR_INVALID_SEQ);
  });

  it('authenticatorReset (store cleared) brings back the initial array', async () => {
    const state = open();
    await write(state, serialized(['kept']), 1000);
    state.store.clear();
    expect(await readAll(state)).toEqual(INITIAL);
  });
});

describe('set with a PIN (6.10.2 step 5.5): pinUvAuthParam with lbw', () => {
  const pinned = (): AuthenticatorState => {
    const state = mgmtState(pinOnlyYubiKey());
    setPin(state);
    return state;
  };

  it('accepts fragments MACed with an lbw token, each over its own offset and hash', async () => {
    const state = pinned();
    const token = issueToken(state, Permission.lbw);
    const data = serialized([new Uint8Array(randomBytes(1500))]);
    expect(await write(state, data, 700, token)).toEqual([0, 0, 0]);
    expect(await readAll(state)).toEqual(data);
  });

  it('PUAT_REQUIRED, MISSING_PARAMETER, INVALID_PARAMETER (protocol), PIN_AUTH_INVALID (MAC, offset, permission)', async () => {
    const state = pinned();
    const data = serialized(['entry']);
    expect((await send(state, LB, setRequest(data, 0, data.length))).status).toBe(CtapStatus.CTAP2_ERR_PUAT_REQUIRED);
    const token = issueToken(state, Permission.lbw);
    const noProtocol = setRequest(data, 0, data.length, token);
    noProtocol.delete(6);
    expect((await send(state, LB, noProtocol)).status).toBe(CtapStatus.CTAP2_ERR_MISSING_PARAMETER);
    const badProtocol = setRequest(data, 0, data.length, token);
    badProtocol.set(6, 7);
    expect((await send(state, LB, badProtocol)).status).toBe(CtapStatus.CTAP1_ERR_INVALID_PARAMETER);
    const badMac = setRequest(data, 0, data.length, token);
    badMac.set(2, Uint8Array.from(data, (b, i) => (i === 0 ? b ^ 1 : b)));
    expect((await send(state, LB, badMac)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    // A MAC for offset 0 replayed on the second fragment.
    const two = serialized(['0123456789abcdefghij']);
    expect((await send(state, LB, setRequest(two.subarray(0, 10), 0, two.length, token))).status).toBe(CtapStatus.CTAP2_OK);
    const replay = setRequest(two.subarray(10), 10, undefined);
    replay.set(5, setMac(token, 0, two.subarray(10)));
    replay.set(6, 2);
    expect((await send(state, LB, replay)).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    const noLbw = issueToken(state, Permission.cm | Permission.acfg | Permission.mc | Permission.ga);
    expect((await send(state, LB, setRequest(data, 0, data.length, noLbw))).status).toBe(CtapStatus.CTAP2_ERR_PIN_AUTH_INVALID);
    expect(await readAll(state)).toEqual(INITIAL);
  });

  it('alwaysUv without a PIN also needs the pinUvAuthParam', async () => {
    const state = open();
    updateDeviceSettings(state, { alwaysUv: true });
    const data = serialized(['entry']);
    expect((await send(state, LB, setRequest(data, 0, data.length))).status).toBe(CtapStatus.CTAP2_ERR_PUAT_REQUIRED);
  });

  it('reads need no authentication even with a PIN', async () => {
    expect(await readAll(pinned())).toEqual(INITIAL);
  });
});
