/**
 * Writes the committed seed corpora, `fuzz/corpus/<target>/`, and the trust anchors their
 * attestations chain to, `fuzz/seed-roots.json`. Run once (and again when a target's input format
 * changes); commit the output:
 *
 *   node --import ./fuzz/loader/register.mjs fuzz/seed.ts
 *
 * Sources: RFC 8949 Appendix A (CBOR vectors), the real-device registrations in
 * test/vectors/real-devices/ (copied from SimpleWebAuthn and py_webauthn, see its README),
 * ceremonies run by vfido's WebAuthnClient against VirtualAuthenticator presets (the CTAP requests
 * the client sent are captured too), statements crafted by packages/rp/test-utils for the formats
 * no preset produces (fido-u2f, android-safetynet), and hand-written CTAP 2.1 / CTAPHID / U2F
 * requests following the spec's parameter tables.
 * @module
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROADCAST_CID } from '../packages/core/src/ctaphid/index.js';
import {
  CtapHidCommand, VirtualAuthenticator, WebAuthnClient, decodeCbor, encodeCbor, encodeMessage, parseAuthenticatorData,
} from '../packages/core/src/index.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../packages/core/src/index.js';
import { allRealDeviceSamples } from '../test/vectors/realDevices.js';
import { craftAssertion, craftRegistration } from '../packages/rp/test-utils/ceremony.js';
import { makeTestCa, toPem } from '../packages/rp/test-utils/certificates.js';
import { androidKey, apple, fidoU2f, packedFull, safetyNet, tpm } from '../packages/rp/test-utils/attestations.js';
import { generateKey } from '../packages/rp/test-utils/keys.js';
import { contentName, FUZZ_DIR } from './engine/corpus.js';
import { joinParts } from './engine/parts.js';
import { Ctl, encodeFrames, type Frame } from './harness/hidStream.js';
import type { SeedRoot } from './harness/roots.js';

const corpora = new Map<string, Map<string, Uint8Array>>();
const roots: SeedRoot[] = [];
const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'));
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const b64u = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));

/** Add a seed to a target's corpus (duplicates dropped). */
function add(target: string, name: string, data: Uint8Array): void {
  let corpus = corpora.get(target);
  if (!corpus) corpora.set(target, (corpus = new Map()));
  for (const existing of corpus.values()) if (Buffer.from(existing).equals(Buffer.from(data))) return;
  corpus.set(`${name}-${contentName(data).slice(0, 8)}`, data);
}

// ---------------------------------------------------------------------------------------------
// RFC 8949 Appendix A: every example encoding (including those CTAP2 CBOR rejects: tags, floats,
// indefinite lengths, simple values), and Appendix F examples of malformed items.
const RFC8949 = [
  '00', '01', '0a', '17', '1818', '1819', '1864', '1903e8', '1a000f4240', '1b000000e8d4a51000', '1bffffffffffffffff',
  'c249010000000000000000', '3bffffffffffffffff', 'c349010000000000000000', '20', '29', '3863', '3903e7',
  'f90000', 'f98000', 'f93c00', 'fb3ff199999999999a', 'f93e00', 'f97bff', 'fa47c35000', 'fa7f7fffff', 'fb7e37e43c8800759c',
  'f90001', 'f90400', 'f9c400', 'fbc010666666666666', 'f97c00', 'f97e00', 'f9fc00', 'fa7f800000', 'fa7fc00000', 'faff800000',
  'fb7ff0000000000000', 'fb7ff8000000000000', 'fbfff0000000000000', 'f4', 'f5', 'f6', 'f7', 'f0', 'f818', 'f8ff',
  'c074323031332d30332d32315432303a30343a30305a', 'c11a514b67b0', 'c1fb41d452d9ec200000', 'd74401020304',
  'd818456449455446', 'd82076687474703a2f2f7777772e6578616d706c652e636f6d', '40', '4401020304', '60', '6161', '6449455446',
  '62225c', '62c3bc', '63e6b0b4', '64f0908591', '80', '83010203', '8301820203820405',
  '98190102030405060708090a0b0c0d0e0f101112131415161718181819', 'a0', 'a201020304', 'a26161016162820203', '826161a161626163',
  'a56161614161626142616361436164614461656145', '5f42010243030405ff', '7f657374726561646d696e67ff', '9fff',
  '9f018202039f0405ffff', '9f01820203820405ff', '83018202039f0405ff', '83019f0203ff820405',
  '9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff', 'bf61610161629f0203ffff', '826161bf61626163ff',
  'bf6346756ef563416d7421ff',
  // RFC 8949 Appendix F.1: not well-formed
  '18', '1901', '1a010203', '1b01020304050607', '38', '5801', '59010203', '5a01020304', '41', '61', '81', 'a1', 'a20102',
  '1c', '1d', '1e', '3c', '5c', 'fc', 'ff', '5fff', '9f', 'bf', '5f41', 'a10102', 'f800', 'f801', 'f81f', '5f00ff', '5f21ff', '5f6100ff',
];
RFC8949.forEach((h, i) => add('cbor-core', `rfc8949-${i}`, hex(h)));

// ---------------------------------------------------------------------------------------------
// Real-device registrations.
const real = allRealDeviceSamples();
for (const s of real) {
  const cdj = b64u(s.clientDataJSON);
  const ao = b64u(s.attestationObject);
  const fmt = (s.decoded_summary as { fmt: string }).fmt;
  const tag = `real-${s.name.replace(/[^a-z0-9]+/gi, '-')}`;
  add(`attestation-${fmt}`, tag, joinParts([cdj, ao]));
  add('clientdata-rp', tag, cdj);
  if (ao.length < 2000) add('cbor-core', tag, ao);
  const authData = (decodeCbor(ao) as Map<string, unknown>).get('authData') as Uint8Array;
  add('authdata-core', tag, authData);
  const key = parseAuthenticatorData(authData).attestedCredentialData?.credentialPublicKey;
  if (key) add('cose-core', tag, key);
  add('cli-decode', `${tag}-b64u`, utf8(s.attestationObject));
}
add('cli-decode', 'real-none-json', utf8(JSON.stringify({ fixtures: real.filter((s) => s.name.startsWith('none.json')).slice(0, 1) })));
{
  const yubico = real.find((s) => s.name.startsWith('packed-yubico'))!;
  const attStmt = (decodeCbor(b64u(yubico.attestationObject)) as Map<string, unknown>).get('attStmt') as Map<string, unknown>;
  const x5c = attStmt.get('x5c') as Uint8Array[];
  add('cli-decode', 'real-packed-x5c', utf8(JSON.stringify(x5c.map((d) => Buffer.from(d).toString('base64')))));
}

// ---------------------------------------------------------------------------------------------
// vfido ceremonies, with the CTAP requests the client sends captured.
interface Ceremony {
  preset: string;
  requests: Uint8Array[];
  registration: RegistrationResponseJSON;
  authentication?: AuthenticationResponseJSON;
}

const CHALLENGE = 'ZnV6ei1zZWVkLWNoYWxsZW5nZS0wMDAwMDAwMDAwMDA';
const PRF = { eval: { first: Buffer.from('fuzz prf salt').toString('base64url') } };

async function ceremony(preset: string, alg: number, variant: 'plain' | 'extensions' | 'pin'): Promise<Ceremony | undefined> {
  const authenticator = new VirtualAuthenticator({ preset, seed: `fuzz-seed-${preset}` });
  if (variant === 'pin') {
    try {
      authenticator.setPin(authenticator.user.pin);
    } catch {
      return undefined;
    }
  }
  const requests: Uint8Array[] = [];
  const original = authenticator.request.bind(authenticator);
  authenticator.request = (request, options) => {
    requests.push(Uint8Array.from(request));
    return original(request, options);
  };
  const client = new WebAuthnClient({ authenticator, origin: 'https://example.com' });
  const extensions = variant === 'extensions'
    ? { credProps: true, credentialProtectionPolicy: 'userVerificationOptionalWithCredentialIDList', prf: PRF, largeBlob: { support: 'preferred' }, credBlob: Buffer.from('blob').toString('base64url'), minPinLength: true }
    : undefined;
  const options = {
    rp: { id: 'example.com', name: 'Example' },
    user: { id: Buffer.from(`user-${preset}`).toString('base64url'), name: 'ada@example.com', displayName: 'Ada' },
    challenge: CHALLENGE,
    pubKeyCredParams: [{ type: 'public-key', alg }],
    attestation: 'direct' as const,
    authenticatorSelection: { residentKey: 'required', userVerification: variant === 'pin' ? 'required' : 'preferred' },
    ...(extensions && { extensions }),
  };
  let registration: RegistrationResponseJSON;
  try {
    registration = await client.create(options);
  } catch (error) {
    if (!extensions) throw error;
    return undefined; // a preset without these extensions: the plain variant covers it
  }
  let authentication: AuthenticationResponseJSON | undefined;
  try {
    authentication = await client.get({
      challenge: CHALLENGE,
      rpId: 'example.com',
      userVerification: variant === 'pin' ? 'required' : 'preferred',
      ...(extensions && { extensions: { prf: PRF, largeBlob: { read: true }, getCredBlob: true } }),
    });
  } catch {
    authentication = await client.get({ challenge: CHALLENGE, rpId: 'example.com' });
  }
  // a second discoverable credential, so getAssertion returns two and getNextAssertion has work
  await client.create({ ...options, user: { id: 'c2Vjb25k', name: 'bob', displayName: 'Bob' }, extensions: undefined });
  await client.get({ challenge: CHALLENGE, rpId: 'example.com' });
  for (const pem of await authenticator.attestationRoots()) roots.push({ pem, format: authenticator.preset.attestation.format });
  return { preset, requests, registration, authentication };
}

const ceremonies: Ceremony[] = [];
const PRESETS: [string, number[]][] = [
  ['generic', [-7, -8, -257]],
  ['yubikey-5-nfc', [-7, -8, -35]],
  ['windows-hello-hardware', [-257]],
  ['ms-authenticator-android', [-7]],
  ['icloud-keychain-managed', [-7]],
  ['icloud-keychain', [-7]],
  ['chrome-mac', [-7]],
  ['samsung-pass', [-7]],
  ['titan', [-7]],
];
for (const [preset, algs] of PRESETS) {
  for (const alg of algs) {
    const c = await ceremony(preset, alg, 'plain');
    if (c) ceremonies.push(c);
  }
  for (const variant of ['extensions', 'pin'] as const) {
    const c = await ceremony(preset, algs[0] as number, variant);
    if (c) ceremonies.push(c);
  }
}

const CTAP_TARGET: Record<number, string> = {
  0x01: 'ctap2-make-credential', 0x02: 'ctap2-get-assertion', 0x04: 'ctap2-get-info', 0x06: 'ctap2-client-pin', 0x07: 'ctap2-reset',
  0x0a: 'ctap2-credential-management', 0x0b: 'ctap2-selection', 0x0c: 'ctap2-large-blobs', 0x0d: 'ctap2-config',
};
/** Selector byte of the ctap2 harness for a preset, PIN flag in bit 7. */
const PRESET_SELECTOR: Record<string, number> = { 'yubikey-5-nfc': 0, generic: 1, titan: 2, 'icloud-keychain': 3, 'samsung-pass': 4 };

for (const [i, c] of ceremonies.entries()) {
  const tag = `vfido-${c.preset}-${i}`;
  const reg = c.registration.response;
  const cdj = b64u(reg.clientDataJSON);
  const ao = b64u(reg.attestationObject);
  const aoMap = decodeCbor(ao) as Map<string, unknown>;
  const fmt = aoMap.get('fmt') as string;
  const authData = aoMap.get('authData') as Uint8Array;
  const publicKey = parseAuthenticatorData(authData).attestedCredentialData!.credentialPublicKey;
  add(`attestation-${fmt}`, tag, joinParts([cdj, ao]));
  add('clientdata-rp', tag, cdj);
  add('authdata-core', `${tag}-reg`, authData);
  add('cose-core', tag, publicKey);
  add('cbor-core', `${tag}-ao`, ao);
  if (c.authentication) {
    const a = c.authentication.response;
    const assertion = joinParts([b64u(a.clientDataJSON), b64u(a.authenticatorData), b64u(a.signature), publicKey, a.userHandle ? b64u(a.userHandle) : new Uint8Array(0)]);
    add('authentication', tag, assertion);
    add('authdata-core', `${tag}-get`, b64u(a.authenticatorData));
    add('clientdata-rp', `${tag}-get`, b64u(a.clientDataJSON));
    add('cli-decode', `${tag}-authentication-json`, utf8(JSON.stringify(c.authentication)));
    add('cli-decode', `${tag}-authdata-hex`, utf8(Buffer.from(b64u(a.authenticatorData)).toString('hex')));
  }
  add('cli-decode', `${tag}-registration-json`, utf8(JSON.stringify(c.registration)));
  add('cli-decode', `${tag}-cose-b64`, utf8(Buffer.from(publicKey).toString('base64')));
  add('cli-decode', `${tag}-as-coseKey`, new Uint8Array([6, ...utf8(Buffer.from(publicKey).toString('base64url'))]));
  add('cli-decode', `${tag}-as-attestationObject`, new Uint8Array([3, ...utf8(reg.attestationObject)]));
  const x5c = (aoMap.get('attStmt') as Map<string, unknown>).get('x5c') as Uint8Array[] | undefined;
  if (x5c?.[0]) add('cli-decode', `${tag}-pem`, utf8(toPem(x5c[0])));

  const selector = Uint8Array.of((PRESET_SELECTOR[c.preset] ?? 1) | (tag.includes('pin') ? 0x80 : 0));
  const sequence: Uint8Array[] = [];
  for (const request of c.requests) {
    const target = CTAP_TARGET[request[0] as number];
    if (target) add(target, tag, joinParts([selector, request.subarray(1)]));
    if (request[0] === 0x02) add('ctap2-get-next-assertion', tag, joinParts([selector, request.subarray(1)]));
    if (request.length < 4000) add('cbor-core', `${tag}-ctap-${request[0]}`, request.subarray(1));
    sequence.push(request);
  }
  for (let k = 0; k + 1 < sequence.length; k += 6) add('ctap2-sequence', `${tag}-${k}`, joinParts([selector, ...sequence.slice(k, k + 6)]));
}

// ---------------------------------------------------------------------------------------------
// Statements crafted by rp test-utils for every format, including those no preset makes.
const ca = makeTestCa('vfido fuzz seed root');
roots.push({ pem: toPem(ca.der) });
const now = new Date();
const crafted: [string, Parameters<typeof craftRegistration>[0]][] = [
  ['fido-u2f', { attest: fidoU2f(ca) }],
  ['android-safetynet', { attest: safetyNet(ca, { now }) }],
  ['android-safetynet', { attest: safetyNet(ca, { now, ctsProfileMatch: false }) }],
  ['packed', { attest: packedFull(ca) }],
  ['packed', {}],
  ['packed', { alg: -8 }],
  ['packed', { alg: -257 }],
  ['apple', { attest: apple(ca) }],
  ['android-key', { attest: androidKey(ca) }],
  ['tpm', { attest: tpm(ca) }],
  ['tpm', { alg: -7, attest: tpm(ca) }],
  ['none', { attest: () => ({ fmt: 'none', attStmt: new Map() }) }],
  ['packed', { extensions: new Map<string, unknown>([['credProtect', 2], ['hmac-secret', true]]) }],
];
for (const [i, [fmt, options]] of crafted.entries()) {
  const r = craftRegistration(options);
  add(`attestation-${fmt}`, `crafted-${i}`, joinParts([r.clientDataJSON, b64u(r.response.response.attestationObject)]));
  add('authdata-core', `crafted-${i}`, r.authData);
  if (i < 3) add('cli-decode', `crafted-${fmt}-${i}`, utf8(JSON.stringify(r.response)));
}
for (const alg of [-7, -8, -35, -36, -257, -37]) {
  const key = generateKey(alg);
  const credentialId = new Uint8Array(16).fill(alg & 0xff);
  const r = craftRegistration({ key, credentialId });
  const publicKey = parseAuthenticatorData(r.authData).attestedCredentialData!.credentialPublicKey;
  add('cose-core', `crafted-alg${alg}`, publicKey);
  const assertion = craftAssertion({ key, credentialId, userHandle: Uint8Array.of(1, 2, 3), extensions: alg === -7 ? new Map<string, unknown>([['credBlob', new Uint8Array(4)]]) : undefined });
  const a = assertion.response;
  add('authentication', `crafted-alg${alg}`, joinParts([b64u(a.clientDataJSON), b64u(a.authenticatorData), b64u(a.signature), publicKey, b64u(a.userHandle ?? '')]));
}

// ---------------------------------------------------------------------------------------------
// Hand-written CTAP 2.1 requests (section 6 parameter tables) for commands the client does not
// send in a plain ceremony. Junk pinUvAuthParams: the shape matters, not the MAC.
const m = (...entries: [number | string, unknown][]): Map<number | string, unknown> => new Map(entries);
const junk = new Uint8Array(32).fill(0xa5);
const keyAgreement = m([1, 2], [3, -25], [-1, 1], [-2, new Uint8Array(32).fill(1)], [-3, new Uint8Array(32).fill(2)]);
const hand: [string, Map<number | string, unknown> | undefined][] = [
  ['ctap2-get-info', undefined],
  ['ctap2-reset', undefined],
  ['ctap2-selection', undefined],
  ...[1, 2, 7].map((sub): [string, Map<number | string, unknown>] => ['ctap2-client-pin', m([1, 2], [2, sub])]),
  ['ctap2-client-pin', m([1, 1], [2, 3], [3, keyAgreement], [4, junk.subarray(0, 16)], [5, new Uint8Array(64)])],
  ['ctap2-client-pin', m([1, 2], [2, 4], [3, keyAgreement], [4, junk], [5, new Uint8Array(64)], [6, new Uint8Array(32)])],
  ['ctap2-client-pin', m([1, 2], [2, 5], [3, keyAgreement], [6, new Uint8Array(32)])],
  ['ctap2-client-pin', m([1, 2], [2, 9], [3, keyAgreement], [6, new Uint8Array(32)], [9, 0x03], [10, 'example.com'])],
  ['ctap2-client-pin', m([1, 2], [2, 6], [3, keyAgreement], [9, 0x01], [10, 'example.com'])],
  ...[1, 2, 3].map((sub): [string, Map<number | string, unknown>] => ['ctap2-credential-management', m([1, sub], [3, 2], [4, junk])]),
  ['ctap2-credential-management', m([1, 4], [2, m([1, new Uint8Array(32).fill(3)])], [3, 2], [4, junk])],
  ['ctap2-credential-management', m([1, 5])],
  ['ctap2-credential-management', m([1, 6], [2, m([2, m(['id', new Uint8Array(16)], ['type', 'public-key'])])], [3, 2], [4, junk])],
  ['ctap2-credential-management', m([1, 7], [2, m([2, m(['id', new Uint8Array(16)], ['type', 'public-key'])], [3, m(['id', new Uint8Array(4)], ['name', 'x'])])], [3, 2], [4, junk])],
  ['ctap2-large-blobs', m([1, 1024], [3, 0])],
  ['ctap2-large-blobs', m([2, new Uint8Array(17)], [3, 0], [4, 17], [5, junk], [6, 2])],
  ['ctap2-config', m([1, 1], [3, 2], [4, junk])],
  ['ctap2-config', m([1, 2], [3, 2], [4, junk])],
  ['ctap2-config', m([1, 3], [2, m([1, 6], [2, ['example.com']], [3, true])], [3, 2], [4, junk])],
  ['ctap2-make-credential', m([1, new Uint8Array(32)], [2, m(['id', 'example.com'])], [3, m(['id', new Uint8Array(8)])], [4, [m(['alg', -7], ['type', 'public-key'])]], [7, m(['rk', true])])],
  ['ctap2-get-assertion', m([1, 'example.com'], [2, new Uint8Array(32)], [5, m(['up', false])])],
];
for (const [i, [target, params]] of hand.entries()) {
  const body = params ? encodeCbor(params as never) : new Uint8Array(0);
  for (const sel of [0, 1, 0x80]) add(target, `spec-${i}-sel${sel}`, joinParts([Uint8Array.of(sel), body]));
}
const request = (cmd: number, params?: Map<number | string, unknown>): Uint8Array => Uint8Array.of(cmd, ...(params ? encodeCbor(params as never) : []));
add('ctap2-sequence', 'spec-pin', joinParts([Uint8Array.of(0x80), request(4), request(6, m([1, 2], [2, 2])), request(6, m([1, 2], [2, 1])), request(6, m([1, 2], [2, 9], [3, keyAgreement], [6, new Uint8Array(32)], [9, 1], [10, 'example.com'])), request(0x0a, m([1, 1], [3, 2], [4, junk])), request(7)]));
add('ctap2-sequence', 'spec-misc', joinParts([Uint8Array.of(1), request(0x0b), request(0x41, m([1, 1])), request(0x0c, m([1, 64], [3, 0])), request(0x09, m([1, 1], [2, 7])), request(0x08), request(0x0d, m([1, 2]))]));

// ---------------------------------------------------------------------------------------------
// CTAP1/U2F APDUs (FIDO U2F Raw Message Formats v1.2): VERSION, REGISTER, AUTHENTICATE (check,
// enforce, dont-enforce), short and extended lengths.
const apdu = (ins: number, p1: number, data: Uint8Array, extended = true): Uint8Array =>
  extended ? Uint8Array.of(0, ins, p1, 0, 0, data.length >> 8, data.length & 0xff, ...data, 0, 0) : Uint8Array.of(0, ins, p1, 0, data.length, ...data, 0);
const appParam = new Uint8Array(32).fill(0x11);
const chalParam = new Uint8Array(32).fill(0x22);
const u2fSeeds: Uint8Array[] = [
  Uint8Array.of(0, 3, 0, 0),
  Uint8Array.of(0, 3, 0, 0, 0, 0, 0),
  apdu(1, 0, new Uint8Array([...chalParam, ...appParam])),
  apdu(1, 0, new Uint8Array([...chalParam, ...appParam]), false),
  ...[3, 7, 8].map((p1) => apdu(2, p1, new Uint8Array([...chalParam, ...appParam, 16, ...new Uint8Array(16)]))),
];
// an AUTHENTICATE with a key handle the authenticator made: register first, reuse its key handle
{
  const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'fuzz' });
  const registered = await authenticator.handleU2f(apdu(1, 0, new Uint8Array([...chalParam, ...appParam])));
  const handleLength = registered[66] as number;
  const keyHandle = registered.subarray(67, 67 + handleLength);
  u2fSeeds.push(apdu(2, 3, new Uint8Array([...chalParam, ...appParam, handleLength, ...keyHandle])));
  u2fSeeds.push(apdu(2, 3, new Uint8Array([...chalParam, ...appParam, handleLength, ...keyHandle]), false));
}
u2fSeeds.forEach((a, i) => {
  add('ctap1-u2f', `u2f-${i}`, joinParts([Uint8Array.of(0), a]));
  if (i % 3 === 0) add('ctap1-u2f', `u2f-${i}-ctap2only`, joinParts([Uint8Array.of(1), a]));
});

// ---------------------------------------------------------------------------------------------
// CTAPHID report streams (CTAP 2.1 11.2.4-11.2.9): `live` frames get an allocated channel's CID.
const init = (source = 0): Frame[] => encodeMessage(BROADCAST_CID, CtapHidCommand.INIT, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)).map((report) => ({ ctl: source, report }));
const live = (cmd: number, payload: Uint8Array, extra = 0, channel = 0): Frame[] =>
  encodeMessage(0, cmd, payload).map((report, i, all) => ({ ctl: Ctl.LIVE_CID | (channel << 2) | extra | (i === all.length - 1 ? Ctl.YIELD : 0), report }));
const makeCredential = ceremonies.find((c) => c.preset === 'yubikey-5-nfc')!.requests.find((r) => r[0] === 1)!;
const streams: Frame[][] = [
  [...init(), ...live(CtapHidCommand.PING, Uint8Array.from({ length: 100 }, (_, i) => i)), ...live(CtapHidCommand.WINK, new Uint8Array(0))],
  [...init(), ...live(CtapHidCommand.CBOR, Uint8Array.of(4))],
  [...init(), ...live(CtapHidCommand.CBOR, makeCredential)],
  [...init(), ...init(1), ...live(CtapHidCommand.LOCK, Uint8Array.of(1)), ...live(CtapHidCommand.PING, Uint8Array.of(9), Ctl.SOURCE_B, 1), ...live(CtapHidCommand.LOCK, Uint8Array.of(0))],
  [...init(), ...live(CtapHidCommand.MSG, Uint8Array.of(0, 3, 0, 0)), ...live(CtapHidCommand.MSG, u2fSeeds[2]!)],
  (() => {
    const a = live(CtapHidCommand.CBOR, makeCredential);
    return [...init(), ...init(1), a[0]!, ...live(CtapHidCommand.PING, Uint8Array.of(1), Ctl.SOURCE_B, 1), ...a.slice(1), ...live(CtapHidCommand.CANCEL, new Uint8Array(0))];
  })(),
  (() => {
    const a = live(CtapHidCommand.PING, new Uint8Array(200));
    return [...init(), a[0]!, a[2]!, a[1]!, a[3]!];
  })(),
  [...init(), ...live(CtapHidCommand.CBOR, Uint8Array.of(4), Ctl.DETACH), ...init(1)],
  [...init(), ...live(CtapHidCommand.INIT, Uint8Array.of(8, 7, 6, 5, 4, 3, 2, 1)), ...live(0x7f, Uint8Array.of(1))],
  [...init().map((f) => ({ ...f, ctl: f.ctl | Ctl.GENERIC })), ...live(CtapHidCommand.MSG, Uint8Array.of(0, 3, 0, 0)), ...live(CtapHidCommand.CBOR, Uint8Array.of(4))],
];
streams.forEach((frames, i) => add('ctaphid', `stream-${i}`, encodeFrames(frames)));

// ---------------------------------------------------------------------------------------------
// Targets that share another's seeds.
const share = (from: string, to: string): void => {
  for (const [name, data] of corpora.get(from) ?? []) add(to, name.replace(/-[0-9a-f]{8}$/, ''), data);
};
share('cbor-core', 'cbor-rp');
share('authdata-core', 'authdata-rp');
share('cose-core', 'cose-rp');
add('clientdata-rp', 'bom', utf8('\ufeff{"type":"webauthn.get","challenge":"Y2hhbGxlbmdlLWZvci10ZXN0cw","origin":"https://example.com","crossOrigin":true,"topOrigin":"https://shop.example.net"}'));
add('clientdata-rp', 'token-binding', utf8('{"type":"webauthn.create","challenge":"Y2hhbGxlbmdlLWZvci10ZXN0cw==","origin":"android:apk-key-hash:abc","tokenBinding":{"status":"present","id":"AAA"},"other_keys_can_be_added_here":"do not compare clientDataJSON against a template. See https://goo.gl/yabPex"}'));
add('cli-decode', 'clientdata-text', utf8('{"type":"webauthn.get","challenge":"AAAA","origin":"https://example.com"}'));
add('cli-decode', 'root-pem', utf8(roots[0]!.pem));

// ---------------------------------------------------------------------------------------------
// Regressions: inputs the fuzzer found (see fuzz/README.md), kept so every run replays them.
add('cbor-core', 'regression-float-map-key', hex('a60102020903a501020338182001fa5d9d2d215820882836d3a3d7c0db08b046a519e31288b684f6b107a56ad8f5e4e379a528cd3d225820746f73f8fdba28726ac6482fac9e29be80852bd221abfd5cb114c03fbc93b7df065820f2632dda9dd661b28207643233a67e35f21461b6987ae819540970c900eb89c608020a6b6578616d706c652e636f6d'));
add('cbor-core', 'regression-unsafe-int-key', hex('a1fb43d000000000000000'));
add('ctap2-make-credential', 'regression-empty-rp-id', joinParts([Uint8Array.of(1), encodeCbor(new Map<number, unknown>([[1, new Uint8Array(32)], [2, new Map([['id', ''], ['name', 'x']])], [3, new Map<string, unknown>([['id', new Uint8Array(4)], ['name', 'u']])], [4, [new Map<string, unknown>([['alg', -7], ['type', 'public-key']])]]]) as never)]));
add('authdata-core', 'regression-deep-cose-key', new Uint8Array([...new Uint8Array(32), 0x41, 0, 0, 0, 1, ...new Uint8Array(16), 0, 1, 7, ...encodeCbor(new Map<number, unknown>([[1, 2], [-9, [[[[[1]]]]]]]) as never)]));

// ---------------------------------------------------------------------------------------------
// Keep the committed corpus small: every spec vector, real-device sample and crafted statement,
// but at most CAP seeds from vfido ceremonies per target (spread over the presets).
const CAP = 24;
for (const corpus of corpora.values()) {
  const generated = [...corpus.keys()].filter((name) => name.startsWith('vfido-'));
  if (generated.length <= CAP) continue;
  const keep = new Set(Array.from({ length: CAP }, (_, k) => generated[Math.floor((k * generated.length) / CAP)]));
  for (const name of generated) if (!keep.has(name)) corpus.delete(name);
}

const corpusDir = join(FUZZ_DIR, 'corpus');
rmSync(corpusDir, { recursive: true, force: true });
let files = 0;
let bytes = 0;
for (const [target, corpus] of [...corpora].sort(([a], [b]) => a.localeCompare(b))) {
  mkdirSync(join(corpusDir, target), { recursive: true });
  for (const [name, data] of corpus) {
    writeFileSync(join(corpusDir, target, name), data);
    files++;
    bytes += data.length;
  }
  console.log(`${target.padEnd(32)} ${corpus.size} seeds`);
}
const uniqueRoots = [...new Map(roots.map((r) => [`${r.format ?? ''}|${r.pem}`, r])).values()];
writeFileSync(join(FUZZ_DIR, 'seed-roots.json'), `${JSON.stringify(uniqueRoots, null, 2)}\n`);
console.log(`${files} files, ${(bytes / 1024).toFixed(0)} KiB; ${uniqueRoots.length} trust anchors in seed-roots.json`);
