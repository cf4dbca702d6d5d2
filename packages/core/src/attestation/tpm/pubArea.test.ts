import { describe, expect, it } from 'vitest';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createKeyPair } from '../../crypto/keyPair.js';
import { CtapError } from '../../ctap2/status.js';
import { buildPubArea, WINDOWS_HELLO_TEMPLATE } from './pubArea.js';
import { AIK_ATTRIBUTES, TpmAlg } from './tpmConstants.js';
import { publicJwkOf } from '../../crypto/publicJwk.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const jwkBytes = (v: string | undefined): string => Buffer.from(v ?? '', 'base64url').toString('hex');

/**
 * Expected bytes written out by hand from TPM 2.0 Part 2, 12.2.4 (type, nameAlg, objectAttributes,
 * authPolicy) and 12.2.3.5 / 12.2.3.6 (parameters), independent of the builder.
 */
const WH_HEADER =
  '0001' + // type TPM_ALG_RSA (ECC variant swaps it)
  '000b' + // nameAlg TPM_ALG_SHA256
  '00060472' + // objectAttributes of Windows Hello keys
  '0020' + '9dffcbf36c383ae699fb9868dc6dcb89d7153884be2803922c124158bfad22ae'; // authPolicy

describe('buildPubArea (TPMT_PUBLIC)', () => {
  it('encodes an RSA-2048 credential key as Windows Hello does', () => {
    const key = createKeyPair(-257, 'pubarea-test', 'rsa');
    const n = jwkBytes(publicJwkOf(key.publicKey).n);
    expect(n.length).toBe(512);
    const expected = WH_HEADER + '0010' /* symmetric NULL */ + '0010' /* scheme NULL */ + '0800' /* keyBits */ +
      '00000000' /* exponent 0 = 65537 */ + '0100' + n;
    expect(hex(buildPubArea(key.publicKey))).toBe(expected);
  });

  it('writes a non-default RSA exponent literally', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024, publicExponent: 3 });
    const bytes = buildPubArea(publicKey);
    const at = 4 + 4 + 2 + 32 + 2 + 2 + 2; // header, symmetric, scheme, keyBits
    expect(hex(bytes.subarray(at - 2, at + 4))).toBe('040000000003');
  });

  it('encodes a P-256 credential key as TPMS_ECC_PARMS + TPMS_ECC_POINT', () => {
    const key = createKeyPair(-7, 'pubarea-test', 'ecc');
    const jwk = publicJwkOf(key.publicKey);
    const expected = '0023' + WH_HEADER.slice(4) + '0010' /* symmetric */ + '0010' /* scheme */ +
      '0003' /* TPM_ECC_NIST_P256 */ + '0010' /* kdf NULL */ + '0020' + jwkBytes(jwk.x) + '0020' + jwkBytes(jwk.y);
    expect(hex(buildPubArea(key.publicKey))).toBe(expected);
  });

  it('writes a signing scheme with its hash when the template has one (AIK template)', () => {
    const key = createKeyPair(-257, 'pubarea-test', 'rsa');
    const bytes = buildPubArea(key.publicKey, {
      objectAttributes: AIK_ATTRIBUTES,
      authPolicy: new Uint8Array(0),
      scheme: { alg: TpmAlg.RSASSA, hashAlg: TpmAlg.SHA1 },
    });
    expect(hex(bytes.subarray(0, 18))).toBe('0001' + '000b' + '00050472' + '0000' + '0010' + '0014' + '0004' + '0800');
  });

  it('defaults to the Windows Hello template', () => {
    expect(WINDOWS_HELLO_TEMPLATE.objectAttributes).toBe(0x00060472);
    expect(WINDOWS_HELLO_TEMPLATE.scheme).toBeUndefined();
  });

  it('rejects keys a TPM-backed Windows Hello cannot hold', () => {
    for (const alg of [-8, -35] as const) {
      const key = createKeyPair(alg, 'pubarea-test', `k${alg}`);
      let error: unknown;
      try {
        buildPubArea(key.publicKey);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CtapError);
      expect((error as CtapError).code).toBe('CTAP2_ERR_UNSUPPORTED_ALGORITHM');
    }
    expect(() => buildPubArea(createPublicKey(generateKeyPairSync('ed448').publicKey.export({ format: 'pem', type: 'spki' })))).toThrow(CtapError);
  });
});
