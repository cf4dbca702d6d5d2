/**
 * PIN/UV auth protocols one and two (CTAP 2.1 section 6.5.6 and 6.5.7), both sides: the
 * authenticator's decapsulate and the platform's encapsulate, plus encrypt / decrypt /
 * authenticate / verify. Shared by authenticatorClientPIN, hmac-secret and the WebAuthn client.
 * Built on node:crypto (ECDH P-256, HKDF-SHA-256, AES-256-CBC, HMAC-SHA-256).
 * @module
 */
import { createCipheriv, createDecipheriv, createECDH, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual, type ECDH } from 'node:crypto';
import type { CborMap } from '../cbor/types.js';
import { CtapError, CtapStatus } from '../ctap2/status.js';

/** PIN/UV auth protocol numbers (CTAP 2.1 6.5.4). */
export type PinUvAuthProtocolVersion = 1 | 2;

/** COSE_Key parameters of a key-agreement key (CTAP 2.1 6.5.6: kty EC2, alg -25 ECDH-ES+HKDF-256, crv P-256). */
const COSE = { kty: 1, alg: 3, crv: -1, x: -2, y: -3 } as const;
const KTY_EC2 = 2;
const ALG_ECDH_ES_HKDF_256 = -25;
const CRV_P256 = 1;

/** An ephemeral P-256 key-agreement key pair (the authenticator's is regenerated at every power-up). */
export interface KeyAgreementKey {
  /** The ECDH object holding the private key; never serialized. */
  readonly ecdh: ECDH;
  /** The public key as a COSE_Key map, as getKeyAgreement returns it. */
  readonly coseKey: CborMap;
}

/** Generate a key-agreement key pair (CTAP 2.1 6.5.6 initialize / regenerate). */
export function generateKeyAgreementKey(): KeyAgreementKey {
  const ecdh = createECDH('prime256v1');
  const pub = ecdh.generateKeys();
  return { ecdh, coseKey: coseKeyOf(pub) };
}

/** COSE_Key map of an uncompressed P-256 point. */
function coseKeyOf(uncompressed: Uint8Array): CborMap {
  return new Map<number, number | Uint8Array>([
    [COSE.kty, KTY_EC2],
    [COSE.alg, ALG_ECDH_ES_HKDF_256],
    [COSE.crv, CRV_P256],
    [COSE.x, uncompressed.slice(1, 33)],
    [COSE.y, uncompressed.slice(33, 65)],
  ]);
}

/**
 * The uncompressed point of a peer COSE_Key, checked as CTAP 2.1 6.5.6 `ecdh` requires.
 * @throws CtapError CTAP1_ERR_INVALID_PARAMETER for a malformed key or a point not on the curve
 */
function peerPoint(peer: unknown): Buffer {
  if (!(peer instanceof Map)) throw new CtapError(CtapStatus.CTAP2_ERR_CBOR_UNEXPECTED_TYPE, 'keyAgreement must be a COSE_Key map');
  const x = peer.get(COSE.x);
  const y = peer.get(COSE.y);
  if (peer.get(COSE.kty) !== KTY_EC2 || peer.get(COSE.crv) !== CRV_P256 || !(x instanceof Uint8Array) || !(y instanceof Uint8Array) || x.length !== 32 || y.length !== 32) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'keyAgreement must be an EC2 P-256 COSE_Key with 32-byte x and y');
  }
  return Buffer.concat([Uint8Array.of(0x04), x, y]);
}

/** ECDH shared point's x coordinate Z, or a typed error for an off-curve point. */
function ecdhZ(ecdh: ECDH, peer: unknown): Buffer {
  try {
    return ecdh.computeSecret(peerPoint(peer));
  } catch (cause) {
    if (cause instanceof CtapError) throw cause;
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'keyAgreement is not a valid P-256 point', { cause });
  }
}

/** What both parties can do once they share a secret (CTAP 2.1 6.5.5 "PIN/UV Auth Protocol Abstract Definition"). */
export interface PinUvAuthProtocol {
  /** 1 or 2. */
  readonly version: PinUvAuthProtocolVersion;
  /** Authenticator side: the shared secret from the platform's key-agreement COSE_Key. */
  decapsulate(own: KeyAgreementKey, peerCoseKey: unknown): Uint8Array;
  /** Platform side: a fresh key pair's COSE_Key and the shared secret with the authenticator's key. */
  encapsulate(peerCoseKey: unknown): { coseKey: CborMap; sharedSecret: Uint8Array };
  /** Encrypt a whole number of AES blocks with the shared secret. */
  encrypt(sharedSecret: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /**
   * Decrypt with the shared secret.
   * @throws CtapError CTAP1_ERR_INVALID_PARAMETER when the length is not a whole number of blocks
   */
  decrypt(sharedSecret: Uint8Array, ciphertext: Uint8Array): Uint8Array;
  /** The MAC of `message` under `key` (a shared secret or a pinUvAuthToken). */
  authenticate(key: Uint8Array, message: Uint8Array): Uint8Array;
  /** Constant-time check of a MAC from {@link PinUvAuthProtocol.authenticate}. */
  verify(key: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** Length of a valid MAC in bytes (16 for protocol one, 32 for two). */
  readonly macLength: number;
}

const ZERO_IV = new Uint8Array(16);

function aesCbc(encrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length % 16 !== 0) {
    throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, `encrypted data must be a multiple of 16 bytes, got ${data.length}`);
  }
  const c = encrypt ? createCipheriv('aes-256-cbc', key, iv) : createDecipheriv('aes-256-cbc', key, iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

const hmac = (key: Uint8Array, message: Uint8Array): Buffer => createHmac('sha256', key).update(message).digest();

function macEquals(expected: Uint8Array, signature: Uint8Array): boolean {
  return expected.length === signature.length && timingSafeEqual(expected, signature);
}

/** PIN/UV auth protocol one (CTAP 2.1 6.5.6): SHA-256(Z) key, AES-CBC with a zero IV, 16-byte HMAC. */
const protocolOne: PinUvAuthProtocol = {
  version: 1,
  macLength: 16,
  decapsulate: (own, peer) => new Uint8Array(createHash('sha256').update(ecdhZ(own.ecdh, peer)).digest()),
  encapsulate(peer) {
    const own = generateKeyAgreementKey();
    return { coseKey: own.coseKey, sharedSecret: protocolOne.decapsulate(own, peer) };
  },
  encrypt: (key, plaintext) => aesCbc(true, key, ZERO_IV, plaintext),
  decrypt: (key, ciphertext) => aesCbc(false, key, ZERO_IV, ciphertext),
  authenticate: (key, message) => new Uint8Array(hmac(key, message).subarray(0, 16)),
  verify: (key, message, signature) => macEquals(protocolOne.authenticate(key, message), signature),
};

/** HKDF-SHA-256 with a 32-byte zero salt (CTAP 2.1 6.5.7 kdf). */
const hkdf = (z: Uint8Array, info: string): Buffer => Buffer.from(hkdfSync('sha256', z, new Uint8Array(32), info, 32));

/**
 * PIN/UV auth protocol two (CTAP 2.1 6.5.7): shared secret = HMAC key (32) || AES key (32) from
 * HKDF; AES-CBC with a random IV prepended; full 32-byte HMAC with the first 32 bytes of the key.
 */
const protocolTwo: PinUvAuthProtocol = {
  version: 2,
  macLength: 32,
  decapsulate(own, peer) {
    const z = ecdhZ(own.ecdh, peer);
    return new Uint8Array(Buffer.concat([hkdf(z, 'CTAP2 HMAC key'), hkdf(z, 'CTAP2 AES key')]));
  },
  encapsulate(peer) {
    const own = generateKeyAgreementKey();
    return { coseKey: own.coseKey, sharedSecret: protocolTwo.decapsulate(own, peer) };
  },
  encrypt(key, plaintext) {
    const iv = randomBytes(16);
    return new Uint8Array(Buffer.concat([iv, aesCbc(true, key.subarray(32, 64), iv, plaintext)]));
  },
  decrypt(key, ciphertext) {
    if (ciphertext.length < 16) throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, 'protocol 2 ciphertext must start with a 16-byte IV');
    return aesCbc(false, key.subarray(32, 64), ciphertext.subarray(0, 16), ciphertext.subarray(16));
  },
  // 6.5.7 authenticate: "If key is longer than 32 bytes, discard the excess" (the AES half).
  authenticate: (key, message) => new Uint8Array(hmac(key.subarray(0, 32), message)),
  verify: (key, message, signature) => macEquals(protocolTwo.authenticate(key, message), signature),
};

/**
 * The implementation of a PIN/UV auth protocol.
 * @param version - 1 or 2
 * @throws CtapError CTAP1_ERR_INVALID_PARAMETER for any other number (CTAP 2.1 6.5.5.x "unsupported protocol")
 */
export function pinUvAuthProtocol(version: unknown): PinUvAuthProtocol {
  if (version === 1) return protocolOne;
  if (version === 2) return protocolTwo;
  throw new CtapError(CtapStatus.CTAP1_ERR_INVALID_PARAMETER, `pinUvAuthProtocol ${String(version)} is not supported (1 or 2)`);
}
