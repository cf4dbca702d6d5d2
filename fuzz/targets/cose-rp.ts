/**
 * Fuzz target: @vfido/rp's COSE_Key parser as registration uses it (WebAuthn L3 7.1 step 20) and
 * as authentication uses stored keys, and its signature check with that key (7.2 step 21).
 * Invariants: only CborFormatError/CoseKeyError escape the parse; the input is not modified; an
 * accepted key's kty/alg/crv agree with the map; verifySignature on junk returns false, never throws.
 * @module
 */
import { CborFormatError, decodeCbor } from '../../packages/rp/src/cbor/decodeCbor.js';
import { CoseKeyError, parseCoseKey } from '../../packages/rp/src/cose/parseCoseKey.js';
import { verifySignature } from '../../packages/rp/src/crypto/verifySignature.js';
import { invariant, onlyTyped, type TargetOptions, unmodified } from '../engine/target.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'rp decodeCbor + parseCoseKey + verifySignature on junk: typed errors, consistent key',
  parts: ['cbor'],
  maxLen: 2048,
  dictionary: [Uint8Array.of(0x01, 0x02), Uint8Array.of(0x03, 0x26), Uint8Array.of(0x20, 0x01), Uint8Array.of(0x03, 0x27), Uint8Array.of(0x03, 0x39, 0x01, 0x00)],
};

const JUNK = new Uint8Array(64).fill(7);

/** Parse a COSE_Key the way the verifier does. */
export function fuzz(data: Buffer): void {
  unmodified(data, () => {
    let key: ReturnType<typeof parseCoseKey>;
    try {
      const map = decodeCbor(data);
      if (!(map instanceof Map)) return;
      key = parseCoseKey(map);
      invariant(map.get(1) === key.kty && map.get(3) === key.alg, 'parsed kty/alg differ from the map');
      if (key.kty !== 3) invariant(map.get(-1) === key.crv, 'parsed crv differs from the map');
    } catch (error) {
      onlyTyped(error, CborFormatError, CoseKeyError);
      return;
    }
    for (const signature of [JUNK, new Uint8Array(0), data]) {
      invariant(verifySignature(key.algorithm, key.keyObject, data, signature) === false, 'a junk signature verified');
    }
  });
}
