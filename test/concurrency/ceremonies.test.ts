/**
 * Concurrency: 100 ceremonies started at once on ONE authenticator, and 100 getAssertion requests
 * at once on ONE CTAPHID device through several channels on several connections. Every result is
 * distinct and verifies: registrations and assertions with @vfido/rp (every one) and
 * @simplewebauthn/server (a sample); CTAPHID signatures with node:crypto against the public key
 * from the makeCredential response, parsed here without vfido code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { Decoder, Encoder } from 'cbor-x';
import { verifyRegistrationResponse, SettingsService } from '@simplewebauthn/server';
import { VirtualAuthenticator, WebAuthnClient, mdsBlob, serveCtapHid, type CtapHidServer } from '@vfido/core';
import { TrustStore, verifyAuthentication, verifyRegistration } from '@vfido/rp';
import { verifyAssertionWithSwa } from '../interop/swa.js';
import { HidConnection, type HidChannel } from './hidClient.js';

const N = 100;
const ORIGIN = 'https://login.example.com';
const RP_ID = 'example.com';
const PRESET = 'yubikey-5-nfc'; // packed x5c attestation, one global signature counter
const SEED = 'concurrency';
const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const challenge = () => randomBytes(32).toString('base64url');
const signCountOf = (authData: Uint8Array): number => Buffer.from(authData).readUInt32BE(33);

/** The two ways a ceremony can go: no user verification, or a pinUvAuthToken from built-in UV per ceremony. */
const CONFIGS = [
  { preset: PRESET, uv: 'discouraged', attestation: 'packed x5c, trusted through the MDS BLOB' },
  { preset: 'generic', uv: 'required', attestation: 'packed self' }, // built-in UV with pinUvAuthToken, per-credential counters
] as const;

describe.each(CONFIGS)(`${N} concurrent WebAuthn ceremonies on one authenticator: $preset, userVerification $uv`, ({ preset, uv }) => {
  const authenticator = new VirtualAuthenticator({ preset, seed: SEED });
  const client = new WebAuthnClient({ authenticator, origin: ORIGIN });
  let trustStore: TrustStore;

  beforeAll(async () => {
    const blob = await mdsBlob({ seed: SEED, presets: [preset] });
    trustStore = new TrustStore();
    trustStore.addMdsBlob(blob.jwt, { roots: blob.rootPem });
    SettingsService.setRootCertificates({ identifier: 'packed', certificates: await authenticator.attestationRoots() });
  });

  it('all complete with distinct credentials and signatures, counters that increase, and verify', async () => {
    const ceremonies = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const regChallenge = challenge();
        const registration = await client.create({
          rp: { id: RP_ID, name: 'Example' },
          user: { id: b64u(Buffer.from(`user-${i}`)), name: `user${i}@example.com`, displayName: `User ${i}` },
          challenge: regChallenge,
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          authenticatorSelection: { residentKey: 'required', userVerification: uv },
          attestation: 'direct',
        });
        const authChallenge = challenge();
        const assertion = await client.get({
          challenge: authChallenge,
          rpId: RP_ID,
          allowCredentials: [{ type: 'public-key', id: registration.id }],
          userVerification: uv,
        });
        return { i, registration, regChallenge, assertion, authChallenge };
      }),
    );

    expect(new Set(ceremonies.map((c) => c.registration.id)).size).toBe(N);
    expect(authenticator.credentials({ rpId: RP_ID })).toHaveLength(N);
    for (const c of ceremonies) expect(c.assertion.id).toBe(c.registration.id);
    expect(new Set(ceremonies.map((c) => c.assertion.response.signature)).size).toBe(N);

    const counters: number[] = [];
    for (const c of ceremonies) {
      const reg = await verifyRegistration({
        response: c.registration, expectedChallenge: c.regChallenge, expectedOrigin: ORIGIN, expectedRpId: RP_ID, trustStore, requireUserVerification: uv === 'required',
      });
      if (preset === PRESET) expect(reg.credential.attestation.trusted).toBe(true);
      else expect(reg.credential.attestation).toMatchObject({ fmt: 'packed', type: 'self' });
      const auth = await verifyAuthentication({
        response: c.assertion,
        expectedChallenge: c.authChallenge,
        expectedOrigin: ORIGIN,
        expectedRpId: RP_ID,
        credential: { id: reg.credential.id, publicKey: reg.credential.publicKey, signCount: reg.credential.signCount },
        requireCounterIncrease: true,
        requireUserVerification: uv === 'required',
      });
      expect(auth.userHandle).toBe(b64u(Buffer.from(`user-${c.i}`)));
      counters.push(reg.credential.signCount, auth.newSignCount);
    }
    // One global counter, requests processed one at a time: 2N distinct values.
    if (preset === PRESET) expect(new Set(counters).size).toBe(2 * N);

    for (const c of ceremonies.filter((x) => x.i % 10 === 0)) {
      const peer = await verifyRegistrationResponse({
        response: c.registration as Parameters<typeof verifyRegistrationResponse>[0]['response'],
        expectedChallenge: c.regChallenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        requireUserVerification: uv === 'required',
      });
      expect(peer.verified).toBe(true);
      const info = peer.registrationInfo!;
      const auth = await verifyAssertionWithSwa(c.assertion, c.authChallenge, {
        expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential: info.credential, counter: info.credential.counter, requireUserVerification: uv === 'required',
      });
      expect(auth.verified).toBe(true);
    }
  });
});

/** Plain CBOR, as CTAP2 wants it (canonical maps, no cbor-x extensions). */
const ENCODER_OPTIONS = { useRecords: false, mapsAsObjects: false, useTag259ForMaps: false, variableMapSize: true, tagUint8Array: false };
const encoder = new Encoder(ENCODER_OPTIONS);
const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });
const cbor = (command: number, params: Map<number, unknown>): Uint8Array => Buffer.concat([Buffer.of(command), encoder.encode(params)]);
const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** Status byte 0 and the decoded response map. */
function ok(response: Buffer): Map<number, unknown> {
  expect(response[0], `CTAP status 0x${response[0]!.toString(16)}`).toBe(0);
  return decoder.decode(response.subarray(1)) as Map<number, unknown>;
}

/** Credential id and public key from makeCredential's authData (WebAuthn L3 6.5.1: attested credential data). */
interface HidCredential {
  id: Buffer;
  publicKey: KeyObject;
}

function attestedCredential(authData: Buffer): HidCredential {
  const idLength = authData.readUInt16BE(53);
  const id = authData.subarray(55, 55 + idLength);
  const cose = decoder.decode(authData.subarray(55 + idLength)) as Map<number, unknown>;
  expect([cose.get(1), cose.get(3), cose.get(-1)]).toEqual([2, -7, 1]); // EC2, ES256, P-256
  const jwk = { kty: 'EC', crv: 'P-256', x: b64u(cose.get(-2) as Uint8Array), y: b64u(cose.get(-3) as Uint8Array) };
  return { id: Buffer.from(id), publicKey: createPublicKey({ key: jwk, format: 'jwk' }) };
}

describe(`${N} concurrent getAssertion requests on one CTAPHID device, several channels`, () => {
  const CONNECTIONS = 3;
  const CHANNELS_PER_CONNECTION = 3;
  const CREDENTIALS = 5;
  const authenticator = new VirtualAuthenticator({ preset: PRESET, seed: SEED });
  let server: CtapHidServer;
  const connections: HidConnection[] = [];
  const channels: HidChannel[] = [];

  beforeAll(async () => {
    server = await serveCtapHid({ authenticator, port: 0 });
    if (server.address.transport !== 'tcp') throw new Error('tcp expected');
    for (let i = 0; i < CONNECTIONS; i++) connections.push(await HidConnection.open(server.address.port));
    for (const connection of connections) {
      channels.push(...(await Promise.all(Array.from({ length: CHANNELS_PER_CONNECTION }, () => connection.channel()))));
    }
  });
  afterAll(async () => {
    for (const c of connections) c.close();
    await server?.close();
  });

  it('every request completes, busy answers are retried, signatures are distinct and verify', async () => {
    expect(new Set(channels.map((c) => c.cid)).size).toBe(CONNECTIONS * CHANNELS_PER_CONNECTION);
    const credentials: HidCredential[] = [];
    for (let i = 0; i < CREDENTIALS; i++) {
      const made = ok(
        await channels[i % channels.length]!.cbor(
          cbor(0x01, new Map<number, unknown>([
            [1, sha256(randomBytes(32))],
            [2, new Map([['id', RP_ID], ['name', 'Example']])],
            [3, new Map<string, unknown>([['id', Buffer.from(`hid-user-${i}`)], ['name', `hid${i}`]])],
            [4, [new Map<string, unknown>([['alg', -7], ['type', 'public-key']])]],
          ])),
        ),
      );
      credentials.push(attestedCredential(Buffer.from(made.get(2) as Uint8Array)));
    }

    const results = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const credential = credentials[i % CREDENTIALS]!;
        const clientDataHash = sha256(randomBytes(32));
        const channel = channels[i % channels.length]!;
        const response = ok(
          await channel.cbor(
            cbor(0x02, new Map<number, unknown>([
              [1, RP_ID],
              [2, clientDataHash],
              [3, [new Map<string, unknown>([['id', credential.id], ['type', 'public-key']])]],
            ])),
          ),
        );
        const authData = Buffer.from(response.get(2) as Uint8Array);
        const signature = Buffer.from(response.get(3) as Uint8Array);
        const id = Buffer.from((response.get(1) as Map<string, Uint8Array>).get('id')!);
        return { credential, clientDataHash, authData, signature, id };
      }),
    );

    const rpIdHash = sha256(Buffer.from(RP_ID));
    for (const r of results) {
      expect(r.id.equals(r.credential.id)).toBe(true);
      expect(r.authData.subarray(0, 32).equals(rpIdHash)).toBe(true);
      expect(r.authData[32]! & 0x01).toBe(0x01); // UP
      expect(verify('sha256', Buffer.concat([r.authData, r.clientDataHash]), r.credential.publicKey, r.signature)).toBe(true);
    }
    expect(new Set(results.map((r) => r.signature.toString('hex'))).size).toBe(N);
    expect(new Set(results.map((r) => signCountOf(r.authData))).size).toBe(N); // one global counter, one request at a time
    // The device really was asked by several channels at once: some requests met a busy device.
    const busy = channels.reduce((n, c) => n + c.busyRetries, 0);
    expect(busy).toBeGreaterThan(0);
    console.info(`CTAPHID: ${N} getAssertion over ${channels.length} channels on ${CONNECTIONS} connections, ${busy} CHANNEL_BUSY answers retried`);
  });
});
