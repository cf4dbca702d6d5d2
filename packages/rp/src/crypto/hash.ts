/**
 * Digests used by the ceremonies (SHA-256 of clientDataJSON and RP ID; TPM/attestation digests).
 * @module
 */
import { createHash } from 'node:crypto';

/** Digest names the verifier uses. */
export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Hashes the concatenation of `parts` with `alg`. */
export function digest(alg: HashName, ...parts: (Uint8Array | string)[]): Uint8Array {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  const out = h.digest();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** SHA-256 of the concatenation of `parts`. */
export function sha256(...parts: (Uint8Array | string)[]): Uint8Array {
  return digest('sha256', ...parts);
}
