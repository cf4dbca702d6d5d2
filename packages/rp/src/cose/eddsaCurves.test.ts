/**
 * EdDSA credential keys: WebAuthn L3 5.8.5 allows the polymorphic EdDSA (-8) only with crv 6 (Ed25519);
 * RFC 9864 section 2.2 gives the fully-specified Ed25519 (-19) and Ed448 (-53). Keys are generated here with
 * node:crypto, and every signature the verifier accepts is also checked with @noble/curves.
 */
import { generateKeyPairSync } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { describe, expect, it } from 'vitest';
import { verifyAuthentication, verifyRegistration, type CredentialRecord } from '../index.js';
import { coseKey, coseKeyMap, detached, generateKey, type TestKey } from '../../test-utils/keys.js';
import { CHALLENGE, craftAssertion, craftRegistration, ORIGIN, RP_ID, sha256 } from '../../test-utils/ceremony.js';
import { expectCode } from '../../test-utils/expectCode.js';
import { CoseKeyError, parseCoseKey } from './parseCoseKey.js';
import type { CborMap } from '../cbor/cborValue.js';
import { decodeCbor } from '../cbor/decodeCbor.js';

const fromB64u = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));
const rawPublic = (key: TestKey): Uint8Array => fromB64u(key.publicKey.export({ format: 'jwk' }).x as string);

/** The packed self-attestation signature of a crafted registration, checked outside node:crypto. */
function nobleVerifiesRegistration(crafted: ReturnType<typeof craftRegistration>, curve: typeof ed25519 | typeof ed448): boolean {
  // attStmt.sig signs authData || SHA-256(clientDataJSON) (L3 8.2); re-derive it from the response itself.
  const signed = Buffer.concat([crafted.authData, sha256(crafted.clientDataJSON)]);
  const attObj = decodeCbor(fromB64u(crafted.response.response.attestationObject)) as CborMap;
  const sig = (attObj.get('attStmt') as CborMap).get('sig') as Uint8Array;
  expect(sig.byteLength).toBe(curve === ed448 ? 114 : 64);
  return curve.verify(sig, signed, rawPublic(crafted.key));
}

describe('EdDSA curves (L3 5.8.5, RFC 9864)', () => {
  it.each([
    [-8, 6],
    [-19, 6],
    [-53, 7],
  ])('parses alg %i with crv %i as the generated key', (alg, crv) => {
    const key = generateKey(alg);
    const parsed = parseCoseKey(coseKeyMap(key) as CborMap);
    expect(parsed.crv).toBe(crv);
    expect(parsed.keyObject.equals(key.publicKey)).toBe(true);
  });

  it('refuses an Ed448 key under EdDSA (-8): L3 5.8.5 requires crv 6', async () => {
    const ed448Key: TestKey = { alg: -8, ...detached(generateKeyPairSync('ed448')) };
    expect(() => parseCoseKey(coseKeyMap(ed448Key) as CborMap)).toThrow(CoseKeyError);
    expect(() => parseCoseKey(coseKeyMap(ed448Key) as CborMap)).toThrow(/crv 6 \(Ed25519\).*-53/);
    // The whole registration is refused with a typed code, signature valid or not.
    const crafted = craftRegistration({ key: ed448Key });
    await expectCode(verifyRegistration({ response: crafted.response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID }), 'ERR_AUTHDATA_MALFORMED');
    // ... and so is an assertion against such a stored key.
    const credential: CredentialRecord = { id: crafted.response.id, publicKey: coseKey(ed448Key), signCount: 0 };
    const assertion = craftAssertion({ key: ed448Key, credentialId: crafted.credentialId });
    await expect(verifyAuthentication({ response: assertion, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID, credential })).rejects.toMatchObject({ name: 'VerificationError' });
  });

  it.each([
    ['Ed25519 key under Ed448 (-53)', -53, 'ed25519'],
    ['Ed448 key under Ed25519 (-19)', -19, 'ed448'],
  ] as const)('refuses an %s', (_what, alg, type) => {
    const key: TestKey = { alg, ...detached(generateKeyPairSync(type as 'ed25519')) };
    expect(() => parseCoseKey(coseKeyMap(key) as CborMap)).toThrow(CoseKeyError);
  });

  it('registers and signs in with an Ed448 (-53) key; @noble/curves verifies the same signatures', async () => {
    const crafted = craftRegistration({ alg: -53 });
    expect(nobleVerifiesRegistration(crafted, ed448)).toBe(true);
    // Not offered by default (the polymorphic -8 stays the default EdDSA entry): the RP opts in.
    await expectCode(verifyRegistration({ response: crafted.response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID }), 'ERR_ALGORITHM_NOT_ALLOWED');
    const reg = await verifyRegistration({ response: crafted.response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID, supportedAlgorithms: [-7, -53] });
    expect(reg.credential.algorithm).toBe(-53);

    const assertion = craftAssertion({ key: crafted.key, credentialId: crafted.credentialId, signCount: 4 });
    const signed = Buffer.concat([fromB64u(assertion.response.authenticatorData), sha256(fromB64u(assertion.response.clientDataJSON))]);
    expect(ed448.verify(fromB64u(assertion.response.signature), signed, rawPublic(crafted.key))).toBe(true);
    const credential: CredentialRecord = { id: reg.credential.id, publicKey: reg.credential.publicKey, signCount: 0 };
    const auth = await verifyAuthentication({ response: assertion, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID, credential });
    expect(auth.newSignCount).toBe(4);

    // A signature by another Ed448 key fails.
    const other = generateKey(-53);
    const forged = craftAssertion({ key: crafted.key, signer: other, credentialId: crafted.credentialId, signCount: 5 });
    await expectCode(verifyAuthentication({ response: forged, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID, credential }), 'ERR_SIGNATURE_INVALID');
  });

  it('Ed25519 (-19) and EdDSA (-8) credentials verify, checked by @noble/curves too', async () => {
    for (const alg of [-8, -19]) {
      const crafted = craftRegistration({ alg });
      expect(nobleVerifiesRegistration(crafted, ed25519)).toBe(true);
      const reg = await verifyRegistration({ response: crafted.response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRpId: RP_ID, supportedAlgorithms: [-8, -19] });
      expect(reg.credential.algorithm).toBe(alg);
    }
  });
});
