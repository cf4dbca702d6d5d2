/**
 * TPMT_PUBLIC ("pubArea") of a credential key as a TPM reports it (TCG TPM 2.0 Library Part 2,
 * 12.2.4 TPMT_PUBLIC, 12.2.3.5 TPMS_RSA_PARMS, 12.2.3.6 TPMS_ECC_PARMS; WebAuthn L3 8.3 `pubArea`).
 *
 * Layout, all big-endian:
 * ```
 * type u16 | nameAlg u16 | objectAttributes u32 | authPolicy TPM2B
 * RSA: symmetric u16 (NULL) | scheme u16 [+ hashAlg u16] | keyBits u16 | exponent u32 | unique TPM2B(n)
 * ECC: symmetric u16 (NULL) | scheme u16 [+ hashAlg u16] | curveID u16 | kdf u16 (NULL) | unique TPM2B(x) TPM2B(y)
 * ```
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { CtapError, CtapStatus } from '../../ctap2/status.js';
import { TpmAlg, TpmEccCurve, WINDOWS_HELLO_AUTH_POLICY, WINDOWS_HELLO_KEY_ATTRIBUTES } from './tpmConstants.js';
import { concatBytes, tpm2b, u16, u32 } from './tpmMarshal.js';
import { publicJwkOf } from '../../crypto/publicJwk.js';

/** The key template fields of a TPMT_PUBLIC that do not come from the key itself. */
export interface PubAreaTemplate {
  /** TPMA_OBJECT bits. */
  objectAttributes: number;
  /** TPM2B_DIGEST authPolicy contents (empty for none). */
  authPolicy: Uint8Array;
  /** Signing scheme; omitted means TPM_ALG_NULL (the key may sign with any scheme). */
  scheme?: { alg: number; hashAlg: number };
}

/**
 * The template Windows Hello uses for credential keys: attributes `0x00060472`, its 32-byte
 * policy digest, scheme TPM_ALG_NULL (as in both real samples).
 */
export const WINDOWS_HELLO_TEMPLATE: PubAreaTemplate = {
  objectAttributes: WINDOWS_HELLO_KEY_ATTRIBUTES,
  authPolicy: WINDOWS_HELLO_AUTH_POLICY,
};

const b64u = (value: string | undefined): Uint8Array => Uint8Array.from(Buffer.from(value ?? '', 'base64url'));

function schemeBytes(template: PubAreaTemplate): Uint8Array {
  const { scheme } = template;
  return scheme ? concatBytes(u16(scheme.alg), u16(scheme.hashAlg)) : u16(TpmAlg.NULL);
}

function header(type: number, template: PubAreaTemplate): Uint8Array {
  return concatBytes(u16(type), u16(TpmAlg.SHA256), u32(template.objectAttributes), tpm2b(template.authPolicy));
}

function rsaPubArea(publicKey: KeyObject, template: PubAreaTemplate): Uint8Array {
  const jwk = publicJwkOf(publicKey);
  const modulus = b64u(jwk.n);
  const e = BigInt('0x' + (Buffer.from(b64u(jwk.e)).toString('hex') || '0'));
  return concatBytes(
    header(TpmAlg.RSA, template),
    u16(TpmAlg.NULL), // symmetric: TPMT_SYM_DEF_OBJECT, algorithm NULL (no keyBits/mode follow)
    schemeBytes(template),
    u16(modulus.length * 8), // keyBits
    u32(e === 65537n ? 0 : Number(e)), // exponent: 0 means the default 2^16 + 1 (Part 2, 12.2.3.5)
    tpm2b(modulus), // unique: TPM2B_PUBLIC_KEY_RSA
  );
}

function eccPubArea(publicKey: KeyObject, template: PubAreaTemplate): Uint8Array {
  const jwk = publicJwkOf(publicKey);
  if (jwk.crv !== 'P-256') {
    throw new CtapError(CtapStatus.CTAP2_ERR_UNSUPPORTED_ALGORITHM, `tpm: curve ${jwk.crv ?? '?'} not supported, use P-256`);
  }
  return concatBytes(
    header(TpmAlg.ECC, template),
    u16(TpmAlg.NULL), // symmetric
    schemeBytes(template),
    u16(TpmEccCurve.NIST_P256), // curveID
    u16(TpmAlg.NULL), // kdf: TPMT_KDF_SCHEME, NULL
    tpm2b(b64u(jwk.x)), // unique: TPMS_ECC_POINT { x TPM2B, y TPM2B }
    tpm2b(b64u(jwk.y)),
  );
}

/**
 * Marshal the TPMT_PUBLIC of an RSA or NIST P-256 public key.
 * @param publicKey - node:crypto public key (RSA or EC P-256)
 * @param template - attributes/policy/scheme; defaults to {@link WINDOWS_HELLO_TEMPLATE}
 * @throws CtapError CTAP2_ERR_UNSUPPORTED_ALGORITHM for any other key type or curve
 */
export function buildPubArea(publicKey: KeyObject, template: PubAreaTemplate = WINDOWS_HELLO_TEMPLATE): Uint8Array {
  switch (publicKey.asymmetricKeyType) {
    case 'rsa':
      return rsaPubArea(publicKey, template);
    case 'ec':
      return eccPubArea(publicKey, template);
    default:
      throw new CtapError(
        CtapStatus.CTAP2_ERR_UNSUPPORTED_ALGORITHM,
        `tpm: ${publicKey.asymmetricKeyType ?? 'unknown'} keys cannot be attested, use RS256 or ES256`,
      );
  }
}
