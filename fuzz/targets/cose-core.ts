/**
 * Fuzz target: @vfido/core's COSE_Key parser (RFC 9052 section 7, RFC 9053, RFC 8230; WebAuthn L3
 * 6.5.1.1). Invariants: only CoseKeyError escapes; the input is not modified; an accepted key
 * exports as SPKI, re-encodes as a COSE_Key (encodeCoseKey) that parses to the same key, and, when
 * @vfido/rp accepts it too, rp sees the same public key.
 * @module
 */
import { CoseKeyError, coseKeyToSpki, encodeCoseKey, parseCoseKey } from '../../packages/core/src/cose/index.js';
import { decodeCbor as rpDecode } from '../../packages/rp/src/cbor/decodeCbor.js';
import { parseCoseKey as rpParse } from '../../packages/rp/src/cose/parseCoseKey.js';
import type { SigningAlgorithm } from '../../packages/core/src/crypto/algorithms.js';
import { bytesEqual, invariant, onlyTyped, type TargetOptions, unmodified } from '../engine/target.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'core parseCoseKey/coseKeyToSpki/encodeCoseKey round trip, agreement with rp',
  parts: ['cbor'],
  maxLen: 2048,
  dictionary: [Uint8Array.of(0x01, 0x02), Uint8Array.of(0x03, 0x26), Uint8Array.of(0x20, 0x01), Uint8Array.of(0x21, 0x58, 0x20), Uint8Array.of(0x22, 0x58, 0x20), Uint8Array.of(0x03, 0x27), Uint8Array.of(0x01, 0x01)],
};

/** Parse a COSE_Key and check what an accepted one turns into. */
export function fuzz(data: Buffer): void {
  unmodified(data, () => {
    let parsed: ReturnType<typeof parseCoseKey>;
    try {
      parsed = parseCoseKey(data);
    } catch (error) {
      onlyTyped(error, CoseKeyError);
      return;
    }
    const spki = coseKeyToSpki(data);
    const spkiOf = (k: { publicKey: { export(o: { format: 'der'; type: 'spki' }): Buffer } }): Uint8Array => new Uint8Array(k.publicKey.export({ format: 'der', type: 'spki' }));
    invariant(bytesEqual(spki, spkiOf(parsed)), 'coseKeyToSpki differs from parseCoseKey().publicKey');
    let reencoded: Uint8Array | undefined;
    try {
      reencoded = encodeCoseKey(parsed.publicKey, parsed.alg as SigningAlgorithm);
    } catch (error) {
      onlyTyped(error, CoseKeyError); // algorithms vfido does not sign with (e.g. ES512, PS256)
    }
    if (reencoded) {
      const again = parseCoseKey(reencoded);
      invariant(again.alg === parsed.alg && again.kty === parsed.kty && bytesEqual(spkiOf(again), spki), 'encodeCoseKey(parseCoseKey(x)) is a different key');
    }
    let rp: ReturnType<typeof rpParse> | undefined;
    try {
      const map = rpDecode(data);
      if (map instanceof Map) rp = rpParse(map);
    } catch {
      rp = undefined; // rp supports a different algorithm set and is checked by cose-rp
    }
    if (rp) invariant(bytesEqual(new Uint8Array(rp.keyObject.export({ format: 'der', type: 'spki' })), spki), 'rp and core read different public keys from one COSE_Key');
  });
}
