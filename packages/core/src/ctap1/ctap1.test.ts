/**
 * CTAP1/U2F behaviour through VirtualAuthenticator.handleU2f/requestU2f: every instruction and every
 * status word, signatures checked with node:crypto against the keys and certificate the responses
 * carry (FIDO U2F Raw Message Formats v1.2).
 */
import { describe, expect, it } from 'vitest';
import { X509Certificate, createHash, createPrivateKey, createPublicKey, randomBytes, verify } from 'node:crypto';
import { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { getPreset } from '../presets/index.js';
import { decodeCbor, encodeCbor } from '../cbor/index.js';
import type { CborMap, CborValue } from '../cbor/types.js';
import { parseAuthenticatorData } from '../authData/index.js';
import { ScriptedUser } from '../user/scriptedUser.js';
import { MemoryCredentialStore } from '../store/memoryStore.js';
import { StatusWord } from './status.js';
import { u2fRpId, U2F_RP_ID_PREFIX } from './u2fCredentials.js';
import { speaksCtap2 } from './version.js';
import { hidCapabilities } from '../ctaphid/deviceInfo.js';
import { CtapHidCapability } from '../ctaphid/commands.js';

const sha256 = (s: string) => new Uint8Array(createHash('sha256').update(s).digest());
const rand32 = () => new Uint8Array(randomBytes(32));
const APP_ID = 'https://u2f.example.com/app-id.json';
const APP = sha256(APP_ID);

/** An extended-length APDU as python-fido2 and libfido2 send them: CLA INS P1 P2 00 Lc1 Lc2 data 00 00. */
function apdu(ins: number, p1: number, data: Uint8Array, cla = 0): Uint8Array {
  return Uint8Array.from([cla, ins, p1, 0, 0, data.length >> 8, data.length & 0xff, ...data, 0, 0]);
}
const registerApdu = (challenge: Uint8Array, app: Uint8Array) => apdu(0x01, 0x00, Uint8Array.from([...challenge, ...app]));
const authApdu = (control: number, challenge: Uint8Array, app: Uint8Array, keyHandle: Uint8Array) =>
  apdu(0x02, control, Uint8Array.from([...challenge, ...app, keyHandle.length, ...keyHandle]));

/** Split a registration response (U2F "Registration Response Message: Success"). */
function parseRegistration(data: Uint8Array) {
  expect(data[0]).toBe(0x05);
  const publicKey = data.subarray(1, 66);
  const khLen = data[66]!;
  const keyHandle = data.subarray(67, 67 + khLen);
  const rest = data.subarray(67 + khLen);
  // The certificate is one DER SEQUENCE with a two-byte long-form length (0x30 0x82 len1 len2).
  expect([rest[0], rest[1]]).toEqual([0x30, 0x82]);
  const certLen = 4 + ((rest[2]! << 8) | rest[3]!);
  return { publicKey, keyHandle, certificate: rest.subarray(0, certLen), signature: rest.subarray(certLen) };
}

const p256Key = (point: Uint8Array) =>
  createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: Buffer.from(point.subarray(1, 33)).toString('base64url'), y: Buffer.from(point.subarray(33)).toString('base64url') }, format: 'jwk' });

async function registered(a: VirtualAuthenticator, app = APP) {
  const challenge = rand32();
  const out = await a.requestU2f(registerApdu(challenge, app));
  expect(out.sw, out.error?.message).toBe(StatusWord.SW_NO_ERROR);
  return { challenge, ...parseRegistration(out.data) };
}

describe('U2F_VERSION', () => {
  it('answers "U2F_V2" 9000, to extended, short and case-1 encodings', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const expected = [...Buffer.from('U2F_V2'), 0x90, 0x00];
    expect([...(await a.handleU2f(Uint8Array.of(0, 3, 0, 0, 0, 0, 0, 0, 0)))]).toEqual(expected);
    expect([...(await a.handleU2f(Uint8Array.of(0, 3, 0, 0, 0)))]).toEqual(expected);
    expect([...(await a.handleU2f(Uint8Array.of(0, 3, 0, 0)))]).toEqual(expected);
  });

  it('SW_WRONG_LENGTH with data', async () => {
    const a = new VirtualAuthenticator({ preset: 'titan' });
    const out = await a.requestU2f(apdu(0x03, 0, Uint8Array.of(1)));
    expect(out.sw).toBe(StatusWord.SW_WRONG_LENGTH);
    expect(out.error?.message).toContain('U2F_VERSION takes no data');
  });
});

describe('U2F_REGISTER', () => {
  it('makes a P-256 credential and signs 00 || app || challenge || key handle || public key with the fido-u2f batch key', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'u2f-register' });
    const { challenge, publicKey, keyHandle, certificate, signature } = await registered(a);
    expect(publicKey[0]).toBe(0x04);
    expect(keyHandle.length).toBe(a.preset.credentialIdLength);
    const cert = new X509Certificate(Buffer.from(certificate));
    const signed = Buffer.concat([Buffer.of(0), APP, challenge, keyHandle, publicKey]);
    expect(verify('sha256', signed, cert.publicKey, signature)).toBe(true);
    const tampered = Buffer.from(signed);
    tampered[1]! ^= 1;
    expect(verify('sha256', tampered, cert.publicKey, signature)).toBe(false);
    // The certificate chains to the preset vendor's TEST root, as fido-u2f attestation does.
    const roots = (await a.attestationRoots()).map((pem) => new X509Certificate(pem));
    expect(roots.some((root) => cert.checkIssued(root) && cert.verify(root.publicKey))).toBe(true);

    const [stored] = a.credentials();
    expect(stored).toMatchObject({ rpId: u2fRpId(APP), alg: -7, discoverable: false, signCount: 0, preset: 'yubikey-5-nfc' });
    expect(stored!.rpId).toBe(U2F_RP_ID_PREFIX + Buffer.from(APP).toString('hex'));
    expect(stored!.userHandle).toBeUndefined();
    expect(Buffer.from(stored!.id).equals(Buffer.from(keyHandle))).toBe(true);
  });

  it('uses the same attestation certificate as a fido-u2f makeCredential statement', async () => {
    const preset = { ...getPreset('yubikey-5-nfc'), attestation: { format: 'fido-u2f' as const, type: 'basic' as const } };
    const a = new VirtualAuthenticator({ preset, seed: 'u2f-cert' });
    const { certificate } = await registered(a);
    const mc = new Map<number, CborValue>([
      [1, rand32()],
      [2, new Map([['id', 'example.com']])],
      [3, new Map<string, CborValue>([['id', Uint8Array.of(1)], ['name', 'ada']])],
      [4, [new Map<string, CborValue>([['alg', -7], ['type', 'public-key']])]],
    ]);
    const out = await a.handle(Uint8Array.of(0x01, ...encodeCbor(mc)));
    expect(out[0]).toBe(0);
    const body = decodeCbor(out.subarray(1)) as CborMap;
    expect(body.get(1)).toBe('fido-u2f');
    const x5c = (body.get(3) as CborMap).get('x5c') as Uint8Array[];
    expect(Buffer.from(x5c[0]!).equals(Buffer.from(certificate))).toBe(true);
  });

  it('is reproducible with a seed, and a second registration for the same application gets a new key handle', async () => {
    const one = new VirtualAuthenticator({ preset: 'solokey', seed: 'u2f-seed' });
    const two = new VirtualAuthenticator({ preset: 'solokey', seed: 'u2f-seed' });
    const a1 = await registered(one);
    const b1 = await registered(two);
    expect(Buffer.from(a1.keyHandle).equals(Buffer.from(b1.keyHandle))).toBe(true);
    expect(Buffer.from(a1.publicKey).equals(Buffer.from(b1.publicKey))).toBe(true);
    expect(a1.keyHandle.length).toBe(70); // solokey credentialIdLength
    const a2 = await registered(one);
    expect(Buffer.from(a2.keyHandle).equals(Buffer.from(a1.keyHandle))).toBe(false);
    expect(one.credentials()).toHaveLength(2);
    // A deleted registration leaves a gap that is never filled over a live key handle.
    one.removeCredential(a1.keyHandle);
    const a3 = await registered(one);
    expect(one.credentials().map((c) => Buffer.from(c.id).toString('hex')).sort()).toEqual([a2.keyHandle, a3.keyHandle].map((k) => Buffer.from(k).toString('hex')).sort());
  });

  it('SW_CONDITIONS_NOT_SATISFIED when the user does not touch the key (refuse or timeout); nothing is stored', async () => {
    const user = new ScriptedUser();
    const a = new VirtualAuthenticator({ preset: 'yubikey-5c', user });
    user.once({ presence: 'refuse' }).once({ presence: 'timeout' });
    for (let i = 0; i < 2; i++) {
      const out = await a.requestU2f(registerApdu(rand32(), APP));
      expect(out.sw).toBe(StatusWord.SW_CONDITIONS_NOT_SATISFIED);
      expect(out.error?.message).toContain('test-of-user-presence');
      expect(out.data.length).toBe(0);
    }
    expect(a.credentials()).toHaveLength(0);
    await registered(a); // the scripted refusals were one-off
  });

  it('accepts the short encoding too (Lc 0x40, Le 0x00), as NFC-era hosts send it', async () => {
    const a = new VirtualAuthenticator({ preset: 'feitian' });
    const out = await a.requestU2f(Uint8Array.from([0, 1, 3, 0, 64, ...rand32(), ...APP, 0]));
    expect(out.sw, out.error?.message).toBe(StatusWord.SW_NO_ERROR);
    expect(parseRegistration(out.data).keyHandle.length).toBe(a.preset.credentialIdLength);
  });

  it('SW_WRONG_LENGTH unless the data is challenge (32) || application (32)', async () => {
    const a = new VirtualAuthenticator({ preset: 'feitian' });
    for (const n of [0, 63, 65]) {
      const out = await a.requestU2f(apdu(0x01, 0, new Uint8Array(n)));
      expect(out.sw).toBe(StatusWord.SW_WRONG_LENGTH);
    }
    expect(a.credentials()).toHaveLength(0);
  });
});

describe('U2F_AUTHENTICATE', () => {
  it('0x03 enforce-user-presence-and-sign: UP 1, counter, ECDSA over app || UP || counter || challenge', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'u2f-auth' });
    const reg = await registered(a);
    const challenge = rand32();
    const out = await a.requestU2f(authApdu(0x03, challenge, APP, reg.keyHandle));
    expect(out.sw, out.error?.message).toBe(StatusWord.SW_NO_ERROR);
    expect(out.data[0]).toBe(0x01);
    const counter = new DataView(out.data.buffer, out.data.byteOffset).getUint32(1);
    const signed = Buffer.concat([APP, out.data.subarray(0, 5), challenge]);
    expect(verify('sha256', signed, p256Key(reg.publicKey), out.data.subarray(5))).toBe(true);
    // yubikey-5-nfc keeps a global counter: it increases with every signature and is stored.
    const again = await a.requestU2f(authApdu(0x03, rand32(), APP, reg.keyHandle));
    const counter2 = new DataView(again.data.buffer, again.data.byteOffset).getUint32(1);
    expect(counter2).toBe(counter + 1);
    expect(a.credentials()[0]!.signCount).toBe(counter2);
  });

  it('0x08 dont-enforce-user-presence-and-sign: signs with UP 0 even when the user would refuse', async () => {
    const user = new ScriptedUser();
    const a = new VirtualAuthenticator({ preset: 'titan', user });
    const reg = await registered(a);
    user.presence = 'refuse';
    const challenge = rand32();
    const out = await a.requestU2f(authApdu(0x08, challenge, APP, reg.keyHandle));
    expect(out.sw).toBe(StatusWord.SW_NO_ERROR);
    expect(out.data[0]).toBe(0x00);
    expect(verify('sha256', Buffer.concat([APP, out.data.subarray(0, 5), challenge]), p256Key(reg.publicKey), out.data.subarray(5))).toBe(true);
  });

  it('0x03 with a refusing user: SW_CONDITIONS_NOT_SATISFIED and no counter used', async () => {
    const user = new ScriptedUser();
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', user });
    const reg = await registered(a);
    const before = a.credentials()[0]!.signCount;
    user.presence = 'refuse';
    const out = await a.requestU2f(authApdu(0x03, rand32(), APP, reg.keyHandle));
    expect(out.sw).toBe(StatusWord.SW_CONDITIONS_NOT_SATISFIED);
    expect(out.error?.message).toContain('U2F_AUTHENTICATE needs test-of-user-presence');
    expect(a.credentials()[0]!.signCount).toBe(before);
  });

  it('0x07 check-only: SW_CONDITIONS_NOT_SATISFIED for our key handle and application, SW_WRONG_DATA otherwise, no signature, no touch', async () => {
    const user = new ScriptedUser();
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', user });
    const reg = await registered(a);
    user.presence = 'refuse'; // check-only never asks the user
    const ours = await a.requestU2f(authApdu(0x07, rand32(), APP, reg.keyHandle));
    expect(ours.sw).toBe(StatusWord.SW_CONDITIONS_NOT_SATISFIED);
    expect(ours.error?.message).toContain('signals success');
    const otherApp = await a.requestU2f(authApdu(0x07, rand32(), sha256('https://other.example'), reg.keyHandle));
    expect(otherApp.sw).toBe(StatusWord.SW_WRONG_DATA);
    expect(otherApp.error?.message).toContain('different application');
    const unknown = await a.requestU2f(authApdu(0x07, rand32(), APP, new Uint8Array(64).fill(7)));
    expect(unknown.sw).toBe(StatusWord.SW_WRONG_DATA);
    expect(unknown.error?.message).toContain('not made by this authenticator');
  });

  it('SW_WRONG_DATA for a bad key handle: unknown, other application, empty', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5c' });
    const reg = await registered(a);
    for (const [app, kh] of [[APP, new Uint8Array(64)], [sha256('https://evil.example'), reg.keyHandle], [APP, new Uint8Array(0)]] as const) {
      const out = await a.requestU2f(authApdu(0x03, rand32(), app, kh));
      expect(out.sw).toBe(StatusWord.SW_WRONG_DATA);
      expect(out.data.length).toBe(0);
    }
  });

  it('SW_WRONG_DATA for a control byte that is not 0x03, 0x07 or 0x08', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5c' });
    const reg = await registered(a);
    const out = await a.requestU2f(authApdu(0x00, rand32(), APP, reg.keyHandle));
    expect(out.sw).toBe(StatusWord.SW_WRONG_DATA);
    expect(out.error?.message).toContain('control byte');
  });

  it('SW_WRONG_LENGTH when the key handle length byte disagrees with the data', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5c' });
    const reg = await registered(a);
    const good = Uint8Array.from([...rand32(), ...APP, reg.keyHandle.length, ...reg.keyHandle]);
    for (const data of [good.subarray(0, 64), good.subarray(0, good.length - 1), Uint8Array.from([...good, 0])]) {
      const out = await a.requestU2f(apdu(0x02, 0x03, data));
      expect(out.sw).toBe(StatusWord.SW_WRONG_LENGTH);
    }
  });

  it('signs with a CTAP2 credential whose rpIdHash is the application parameter (ES256 only, not credProtect=3)', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'ctap2-over-u2f' });
    const make = async (alg: number) => {
      const mc = new Map<number, CborValue>([
        [1, rand32()],
        [2, new Map([['id', 'example.com']])],
        [3, new Map<string, CborValue>([['id', Uint8Array.of(alg & 0xff)], ['name', 'ada']])],
        [4, [new Map<string, CborValue>([['alg', alg], ['type', 'public-key']])]],
      ]);
      const out = await a.handle(Uint8Array.of(0x01, ...encodeCbor(mc)));
      expect(out[0]).toBe(0);
      return parseAuthenticatorData((decodeCbor(out.subarray(1)) as CborMap).get(2) as Uint8Array).attestedCredentialData!;
    };
    const es = await make(-7);
    const challenge = rand32();
    const out = await a.requestU2f(authApdu(0x03, challenge, sha256('example.com'), es.credentialId));
    expect(out.sw, out.error?.message).toBe(StatusWord.SW_NO_ERROR);
    const spki = createPublicKey(createPrivateKey({ key: Buffer.from(a.exportCredentials('cdp').find((c) => c.credentialId === Buffer.from(es.credentialId).toString('base64'))!.privateKey, 'base64'), format: 'der', type: 'pkcs8' }));
    expect(verify('sha256', Buffer.concat([sha256('example.com'), out.data.subarray(0, 5), challenge]), spki, out.data.subarray(5))).toBe(true);

    const ed = await make(-8);
    const notEs = await a.requestU2f(authApdu(0x03, rand32(), sha256('example.com'), ed.credentialId));
    expect(notEs.sw).toBe(StatusWord.SW_WRONG_DATA);
    expect(notEs.error?.message).toContain('not ES256');

    const stored = a.credentials().find((c) => Buffer.from(c.id).equals(Buffer.from(es.credentialId)))!;
    a.addCredential({ ...stored, credProtect: 3 });
    const uvOnly = await a.requestU2f(authApdu(0x07, rand32(), sha256('example.com'), es.credentialId));
    expect(uvOnly.sw).toBe(StatusWord.SW_WRONG_DATA);
    expect(uvOnly.error?.message).toContain('userVerificationRequired');
  });
});

describe('U2F registrations through CTAP2 (the WebAuthn appid extension path)', () => {
  it('authenticatorGetAssertion with the AppID as RP ID signs with the U2F key; another RP ID finds nothing', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'u2f-appid' });
    const reg = await registered(a);
    const getAssertion = (rpId: string) => {
      const cdh = rand32();
      const params = new Map<number, CborValue>([[1, rpId], [2, cdh], [3, [new Map<string, CborValue>([['type', 'public-key'], ['id', reg.keyHandle]])]]]);
      return a.handle(Uint8Array.of(0x02, ...encodeCbor(params))).then((out) => ({ out, cdh }));
    };
    const { out, cdh } = await getAssertion(APP_ID);
    expect(out[0]).toBe(0);
    const body = decodeCbor(out.subarray(1)) as CborMap;
    const authData = body.get(2) as Uint8Array;
    expect(Buffer.from(parseAuthenticatorData(authData).rpIdHash).equals(Buffer.from(APP))).toBe(true);
    expect(verify('sha256', Buffer.concat([authData, cdh]), p256Key(reg.publicKey), body.get(3) as Uint8Array)).toBe(true);
    expect(body.has(4)).toBe(false); // no user entity: U2F has none
    for (const other of ['u2f.example.com', 'example.com']) expect((await getAssertion(other)).out[0]).toBe(0x2e); // CTAP2_ERR_NO_CREDENTIALS
  });
});

describe('U2F dispatch', () => {
  it('SW_CLA_NOT_SUPPORTED for a CLA other than 00, SW_INS_NOT_SUPPORTED for an unknown INS', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const cla = await a.requestU2f(Uint8Array.of(0x80, 0x03, 0, 0));
    expect(cla.sw).toBe(StatusWord.SW_CLA_NOT_SUPPORTED);
    expect([...(await a.handleU2f(Uint8Array.of(0x80, 0x03, 0, 0)))]).toEqual([0x6e, 0x00]);
    for (const ins of [0x00, 0x04, 0x40, 0xc0]) {
      const out = await a.requestU2f(Uint8Array.of(0, ins, 0, 0));
      expect(out.sw).toBe(StatusWord.SW_INS_NOT_SUPPORTED);
    }
  });

  it('SW_UNKNOWN (6F00) for a failure inside vfido, with the cause kept; the next request still runs', async () => {
    const store = new MemoryCredentialStore();
    store.put = () => {
      throw new Error('disk full');
    };
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', store });
    const out = await a.requestU2f(registerApdu(rand32(), APP));
    expect(out.sw).toBe(StatusWord.SW_UNKNOWN);
    expect(out.error?.message).toBe('SW_UNKNOWN: internal error: disk full');
    expect((out.error?.cause as Error).message).toBe('disk full');
    expect([...(await a.handleU2f(Uint8Array.of(0, 3, 0, 0))).subarray(-2)]).toEqual([0x90, 0x00]);
  });

  it('SW_WRONG_LENGTH for a malformed APDU', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    expect([...(await a.handleU2f(Uint8Array.of(0, 3)))]).toEqual([0x67, 0x00]);
  });

  it('a preset without U2F_V2 answers every instruction with SW_INS_NOT_SUPPORTED', async () => {
    const a = new VirtualAuthenticator({ preset: 'generic' });
    expect(a.preset.getInfo.versions).not.toContain('U2F_V2');
    for (const request of [Uint8Array.of(0, 3, 0, 0), registerApdu(rand32(), APP)]) {
      const out = await a.requestU2f(request);
      expect(out.sw).toBe(StatusWord.SW_INS_NOT_SUPPORTED);
      expect(out.error?.message).toContain('does not implement CTAP1/U2F');
    }
    expect(a.credentials()).toHaveLength(0);
  });

  it('U2F requests queue behind CTAP2 requests on the same authenticator', async () => {
    const a = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    const order: string[] = [];
    await Promise.all([
      a.handle(Uint8Array.of(0x04)).then(() => order.push('getInfo')),
      a.handleU2f(Uint8Array.of(0, 3, 0, 0)).then(() => order.push('version')),
      a.handle(Uint8Array.of(0x04)).then(() => order.push('getInfo2')),
    ]);
    expect(order).toEqual(['getInfo', 'version', 'getInfo2']);
  });
});

describe('a U2F-only model (feitian-epass-u2f: getInfo.versions is [U2F_V2])', () => {
  it('speaks U2F, answers no CTAP2 command, and its CTAPHID capabilities have no CBOR (CTAP 2.1 11.2.9.2.1)', async () => {
    const a = new VirtualAuthenticator({ preset: 'feitian-epass-u2f' });
    const version = await a.requestU2f(Uint8Array.of(0x00, 0x03, 0x00, 0x00));
    expect([version.sw, Buffer.from(version.data).toString('ascii')]).toEqual([StatusWord.SW_NO_ERROR, 'U2F_V2']);
    for (const command of [0x04, 0x01, 0x02, 0x06]) {
      const out = await a.request(Uint8Array.of(command));
      expect(out.status).toBe(0x01); // CTAP1_ERR_INVALID_COMMAND
      expect(out.error?.message).toMatch(/U2F-only/);
    }
    expect(speaksCtap2(a.preset)).toBe(false);
    expect(speaksCtap2(getPreset('yubikey-5-nfc'))).toBe(true);
    expect(hidCapabilities(a.preset, true) & CtapHidCapability.CBOR).toBe(0);
    expect(hidCapabilities(getPreset('yubikey-5-nfc'), true) & CtapHidCapability.CBOR).toBe(CtapHidCapability.CBOR);
    expect(a.preset.aaguid).toBe('00000000-0000-0000-0000-000000000000');
  });
});
