/**
 * Digests used by the ceremonies (SHA-256 of clientDataJSON and RP ID; TPM/attestation digests).
 * @module
 */
import { createHash, hash } from 'node:crypto';

/** Digest names the verifier uses. */
export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Hashes the concatenation of `parts` with `alg`. */
export function digest(alg: HashName, ...parts: (Uint8Array | string)[]): Uint8Array {
  let out: Buffer;
  if (parts.length === 1) {
    out = hash(alg, parts[0] as Uint8Array | string, 'buffer'); // one-shot: cheaper than a Hash object
  } else {
    const h = createHash(alg);
    for (const p of parts) h.update(p);
    out = h.digest();
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** SHA-256 of the concatenation of `parts`. */
export function sha256(...parts: (Uint8Array | string)[]): Uint8Array {
  return digest('sha256', ...parts);
}
