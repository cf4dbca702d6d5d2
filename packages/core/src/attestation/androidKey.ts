/**
 * The `android-key` attestation statement format (WebAuthn L3 8.4), as the Android platform
 * authenticator (Play Services FIDO2 API over Keystore/KeyMint) produces it:
 * `{ alg, sig, x5c: [leaf, intermediate, root] }`, where the leaf `CN=Android Keystore Key` certifies the
 * credential key itself and carries the Android Key Attestation extension
 * (1.3.6.1.4.1.11129.2.1.17, KeyDescription; source.android.com "Key and ID attestation").
 *
 * The KeyDescription mirrors a real Pixel 8a (KeyMint 300, TEE; fixtures/android-key.json):
 * softwareEnforced = { creationDateTime, attestationApplicationId }, teeEnforced = { purpose SIGN,
 * algorithm, keySize, digest, ecCurve, userAuthType, authTimeout, origin GENERATED, rootOfTrust,
 * osVersion, osPatchLevel, vendorPatchLevel, bootPatchLevel }, and never `allApplications`
 * (WebAuthn L3 8.4.1). The chain ends at vfido's TEST vendor CA, not a Google root.
 *
 * Like real devices (whose x5c runs up to the Google Hardware Attestation Root), x5c includes the
 * root: relying parties such as SimpleWebAuthn match the last x5c certificate against their
 * android-key trust anchors.
 * @module
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AttestationApplicationId,
  AttestationPackageInfo,
  AuthorizationList,
  IntegerSet,
  KeyDescription,
  RootOfTrust,
  SecurityLevel,
  VerifiedBootState,
  id_ce_keyDescription,
} from '@peculiar/asn1-android';
import { signWith } from '../crypto/keyPair.js';
import { deriveBytes } from '../crypto/seed.js';
import { CtapError, CtapStatus } from '../ctap2/status.js';
import { issueLeaf, vendorCa } from '../ca/testCa.js';
import type { CborMap, CborValue } from '../cbor/types.js';
import type { AttestationBuilder } from './types.js';

/** Attestation statement format identifier (WebAuthn L3 8.4). */
export const FORMAT = 'android-key';

/** Keymaster/KeyMint tag values (hardware/interfaces/security/keymint Tag/KeyPurpose/Algorithm/Digest/EcCurve). */
const KM = {
  PURPOSE_SIGN: 2,
  ALGORITHM_RSA: 1,
  ALGORITHM_EC: 3,
  DIGEST_SHA_2_256: 4,
  DIGEST_SHA_2_384: 5,
  PADDING_RSA_PKCS1_1_5_SIGN: 5,
  EC_CURVE_P_256: 1,
  EC_CURVE_P_384: 2,
  ORIGIN_GENERATED: 0,
  /** HardwareAuthenticatorType FINGERPRINT | PASSWORD. */
  AUTH_FINGERPRINT_OR_PASSWORD: 3,
} as const;

/** KeyMint 3 (Android 14/15), as on the Pixel 8a sample. */
const ATTESTATION_VERSION = 300;

/** The Android build the emulated device reports (Pixel 8a sample: Android 15, January 2025 patch). */
const ANDROID_BUILD = { osVersion: 150000, osPatchLevel: 202501, vendorPatchLevel: 20250105, bootPatchLevel: 20250105 };

/**
 * attestationApplicationId of keys made by Google Play services (the FIDO2 API): packages
 * com.google.android.gsf and com.google.android.gms, and the SHA-256 digest of their signing
 * certificate, exactly as the real sample lists them.
 */
const PLAY_SERVICES_APP_ID: Uint8Array = new Uint8Array(
  AsnConvert.serialize(
    new AttestationApplicationId({
      packageInfos: [
        new AttestationPackageInfo({ packageName: new OctetString(Buffer.from('com.google.android.gsf')), version: 35 }),
        new AttestationPackageInfo({ packageName: new OctetString(Buffer.from('com.google.android.gms')), version: 250232035 }),
      ],
      signatureDigests: [new OctetString(Buffer.from('f0fd6c5b410f25cb25c3b53346c8972fae30f8ee7411df910480ad6b2d60db83', 'hex'))],
    }),
  ),
);

/** Leaf validity as Keystore writes it when the app sets none (Pixel 8a sample). */
const LEAF_NOT_BEFORE = new Date(Date.UTC(1970, 0, 1));
const LEAF_NOT_AFTER = new Date(Date.UTC(2048, 0, 1));

/** Key characteristics KeyMint enforces in the TEE, per credential algorithm. */
function keyParameters(alg: number): Partial<AuthorizationList> {
  switch (alg) {
    case -7:
      return { algorithm: KM.ALGORITHM_EC, keySize: 256, digest: new IntegerSet([KM.DIGEST_SHA_2_256]), ecCurve: KM.EC_CURVE_P_256 };
    case -35:
      return { algorithm: KM.ALGORITHM_EC, keySize: 384, digest: new IntegerSet([KM.DIGEST_SHA_2_384]), ecCurve: KM.EC_CURVE_P_384 };
    case -257:
      return {
        algorithm: KM.ALGORITHM_RSA,
        keySize: 2048,
        digest: new IntegerSet([KM.DIGEST_SHA_2_256]),
        padding: new IntegerSet([KM.PADDING_RSA_PKCS1_1_5_SIGN]),
        rsaPublicExponent: 65537,
      };
    default:
      throw new CtapError(CtapStatus.CTAP2_ERR_UNSUPPORTED_ALGORITHM, `android-key: alg ${alg} not supported, use -7, -35 or -257`);
  }
}

/**
 * DER of the KeyDescription for a new credential key.
 * @param alg - credential COSE algorithm
 * @param clientDataHash - becomes attestationChallenge (WebAuthn L3 8.4.1)
 * @param deviceSecret - 64 stable per-device bytes for the root of trust
 */
function keyDescription(alg: number, clientDataHash: Uint8Array, deviceSecret: Uint8Array): Uint8Array {
  const description = new KeyDescription({
    attestationVersion: ATTESTATION_VERSION,
    attestationSecurityLevel: SecurityLevel.trustedEnvironment,
    keymasterVersion: ATTESTATION_VERSION,
    keymasterSecurityLevel: SecurityLevel.trustedEnvironment,
    attestationChallenge: new OctetString(clientDataHash),
    uniqueId: new OctetString(new Uint8Array(0)),
    softwareEnforced: new AuthorizationList({
      creationDateTime: Date.now(),
      attestationApplicationId: new OctetString(PLAY_SERVICES_APP_ID),
    }),
    teeEnforced: new AuthorizationList({
      purpose: new IntegerSet([KM.PURPOSE_SIGN]),
      ...keyParameters(alg),
      userAuthType: KM.AUTH_FINGERPRINT_OR_PASSWORD,
      authTimeout: 10,
      origin: KM.ORIGIN_GENERATED,
      rootOfTrust: new RootOfTrust({
        verifiedBootKey: new OctetString(deviceSecret.subarray(0, 32)),
        deviceLocked: true,
        verifiedBootState: VerifiedBootState.verified,
        verifiedBootHash: new OctetString(deviceSecret.subarray(32, 64)),
      }),
      ...ANDROID_BUILD,
    }),
  });
  return new Uint8Array(AsnConvert.serialize(description));
}

/**
 * Build an `android-key` attestation statement: a Keystore attestation certificate for the
 * credential key, issued by the preset vendor's test CA, and the credential key's signature over
 * authData || clientDataHash.
 * @param request - authData, clientDataHash, credential key, preset (vendor, id) and seed
 * @returns `{ fmt: 'android-key', attStmt: { alg, sig, x5c } }`
 * @throws CtapError CTAP2_ERR_UNSUPPORTED_ALGORITHM for a credential alg other than -7, -35, -257
 * @see https://www.w3.org/TR/webauthn-3/#sctn-android-key-attestation
 */
export const buildAndroidKey: AttestationBuilder = async (request) => {
  const { credentialKey, preset, seed } = request;
  const deviceSecret = deriveBytes(seed, `android-key/root-of-trust/${preset.id}`, 64);
  const extension = new x509.Extension(id_ce_keyDescription, false, keyDescription(credentialKey.alg, request.clientDataHash, deviceSecret));
  const ca = await vendorCa(preset.vendor || 'google', seed);
  const leaf = await issueLeaf(
    ca,
    {
      subject: 'CN=Android Keystore Key',
      publicKey: credentialKey.publicKey,
      serialNumber: '01', // Keystore's default certificate serial
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true), extension],
      notBefore: LEAF_NOT_BEFORE,
      notAfter: LEAF_NOT_AFTER,
    },
    seed,
  );
  // WebAuthn L3 8.4: sig over authenticatorData || clientDataHash with the credential private key
  const sig = signWith(credentialKey, Buffer.concat([request.authData, request.clientDataHash]));
  const attStmt: CborMap = new Map<string, CborValue>([
    ['alg', credentialKey.alg],
    ['sig', sig],
    ['x5c', [leaf, ca.intermediate.der, ca.root.der]],
  ]);
  return { fmt: FORMAT, attStmt };
};
