/**
 * Test-only: ECDSA signature encodings (RFC 3279 2.2.3 Ecdsa-Sig-Value, DER; IEEE P1363 r||s), to
 * build signatures that are mathematically valid but encoded otherwise than WebAuthn L3 6.5.6 requires,
 * and the high-S twin of a valid signature.
 * @module
 */

/** Group orders of the NIST curves (SEC 2). */
export const CURVE_ORDER = {
  'P-256': BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
} as const;

const toBig = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
const fromBig = (n: bigint, size: number): Uint8Array => new Uint8Array(Buffer.from(n.toString(16).padStart(size * 2, '0'), 'hex'));

/** r and s of a DER Ecdsa-Sig-Value (short-form lengths only, as P-256 signatures have). */
export function parseDerSignature(sig: Uint8Array): { r: bigint; s: bigint } {
  if (sig[0] !== 0x30 || sig[2] !== 0x02) throw new Error('not a DER ECDSA signature');
  const rLen = sig[3] as number;
  const r = sig.subarray(4, 4 + rLen);
  if (sig[4 + rLen] !== 0x02) throw new Error('not a DER ECDSA signature');
  const sLen = sig[5 + rLen] as number;
  const s = sig.subarray(6 + rLen, 6 + rLen + sLen);
  return { r: toBig(r), s: toBig(s) };
}

/** A DER INTEGER's contents for a positive value: minimal, with a 0x00 when the top bit is set; `pad` adds redundant zeros (BER, not DER). */
function integer(n: bigint, pad = 0): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.of(0), bytes]);
  return new Uint8Array(Buffer.concat([Buffer.alloc(pad), bytes]));
}

/** DER (or, with `padR`, BER with redundant leading zeros in r) Ecdsa-Sig-Value. */
export function encodeDerSignature(r: bigint, s: bigint, padR = 0): Uint8Array {
  const ri = integer(r, padR);
  const si = integer(s);
  const body = Buffer.concat([Buffer.of(0x02, ri.length), ri, Buffer.of(0x02, si.length), si]);
  return new Uint8Array(Buffer.concat([Buffer.of(0x30, body.length), body]));
}

/** The same signature as IEEE P1363 r||s (the JWS / WebCrypto form). */
export function toP1363(sig: Uint8Array, size = 32): Uint8Array {
  const { r, s } = parseDerSignature(sig);
  return new Uint8Array(Buffer.concat([fromBig(r, size), fromBig(s, size)]));
}

/** The other valid signature (r, n - s): high-S when the original is low-S and vice versa. */
export function negateS(sig: Uint8Array, order: bigint = CURVE_ORDER['P-256']): Uint8Array {
  const { r, s } = parseDerSignature(sig);
  return encodeDerSignature(r, order - s);
}

/** The same (r, s) with one redundant 0x00 before r: valid BER, not DER. */
export function berSignature(sig: Uint8Array): Uint8Array {
  const { r, s } = parseDerSignature(sig);
  return encodeDerSignature(r, s, 1);
}
