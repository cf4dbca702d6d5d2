/**
 * Fuzz target: @vfido/core's authenticatorData parser (WebAuthn L3 6.1, 6.5.1).
 * Invariants: only AuthDataError escapes; the input is not modified; the result shares no memory
 * with the input; parse -> build is the identity on input with canonical extensions and no RFU
 * flag bits, and parse(build(parse(x))) equals parse(x) otherwise; differential: @vfido/rp's
 * parser accepts what core accepts and reads the same fields.
 * @module
 */
import { AuthDataError, buildAuthenticatorData, parseAuthenticatorData } from '../../packages/core/src/authData/index.js';
import { CborError, encodeCbor, type CborMap, type CborValue } from '../../packages/core/src/cbor/index.js';
import { parseAuthenticatorData as rpParse } from '../../packages/rp/src/authData/parseAuthenticatorData.js';
import { VerificationError } from '../../packages/rp/src/errors.js';
import { bytesEqual, deepEqual, invariant, onlyTyped, type TargetOptions, unmodified } from '../engine/target.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'core parseAuthenticatorData + buildAuthenticatorData round trip, agreement with rp',
  maxLen: 4096,
  dictionary: [Uint8Array.of(0x41), Uint8Array.of(0xc1), Uint8Array.of(0x45), Uint8Array.of(0x85), Uint8Array.of(0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01), 'credProtect', 'hmac-secret', 'credBlob'],
};

/** Parse, rebuild, compare. */
export function fuzz(data: Buffer): void {
  unmodified(data, () => {
    let parsed: ReturnType<typeof parseAuthenticatorData>;
    try {
      parsed = parseAuthenticatorData(data);
    } catch (error) {
      onlyTyped(error, AuthDataError);
      return;
    }
    // "all byte fields are fresh copies, independent of the input"
    const fields = [parsed.rpIdHash, parsed.attestedCredentialData?.aaguid, parsed.attestedCredentialData?.credentialId, parsed.attestedCredentialData?.credentialPublicKey];
    for (const f of fields) if (f) invariant(f.buffer !== data.buffer, 'a parsed field is a view into the input');

    const acd = parsed.attestedCredentialData;
    let rebuilt: Uint8Array;
    try {
      rebuilt = buildAuthenticatorData({
        rpIdHash: parsed.rpIdHash,
        flags: parsed.flags,
        signCount: parsed.signCount,
        attestedCredentialData: acd && { aaguid: acd.aaguid, credentialId: acd.credentialId, credentialPublicKey: acd.credentialPublicKey },
        extensions: parsed.extensions,
      });
    } catch (error) {
      onlyTyped(error, AuthDataError);
      // Readable but not buildable: BS without BE (WebAuthn L3 6.1.3), or extensions holding values
      // CTAP2 CBOR cannot carry (floats, read leniently). Anything else must rebuild.
      invariant((parsed.flags.bs && !parsed.flags.be) || !encodable(parsed.extensions), () => `parsed authenticator data does not rebuild: ${(error as Error).message}`);
      return;
    }
    const extStart = 37 + (acd ? 18 + acd.credentialId.length + acd.credentialPublicKey.length : 0);
    // build leaves out entries whose value is undefined, and an empty map altogether (clearing ED)
    const ext = parsed.extensions && (withoutUndefined(parsed.extensions) as CborMap);
    const extKept = ext !== undefined && ext.size > 0;
    if ((parsed.flags.raw & 0x22) === 0 && (!parsed.extensions || (extKept && bytesEqual(encodeCbor(ext), data.subarray(extStart))))) {
      invariant(bytesEqual(rebuilt, data), 'parse -> build is not the identity');
    }
    const again = parseAuthenticatorData(rebuilt);
    const expected = { ...parsed, flags: { ...parsed.flags, ed: extKept, raw: parsed.flags.raw & ~0x22 & (extKept ? 0xff : 0x7f) }, extensions: extKept ? ext : undefined };
    invariant(deepEqual(defined(again), defined(expected)), 'parse(build(parse(x))) differs from parse(x)');

    // differential: rp reads the same bytes the same way
    let rp: ReturnType<typeof rpParse>;
    try {
      rp = rpParse(data);
    } catch (error) {
      onlyTyped(error, VerificationError);
      throw new Error(`rp rejects authenticator data core accepts: ${(error as Error).message}`);
    }
    invariant(bytesEqual(rp.rpIdHash, parsed.rpIdHash) && rp.flags.byte === parsed.flags.raw && rp.signCount === parsed.signCount, 'rp and core read different rpIdHash/flags/signCount');
    invariant(!!rp.attestedCredentialData === !!acd, 'rp and core disagree on attested credential data');
    if (acd && rp.attestedCredentialData) {
      invariant(bytesEqual(rp.attestedCredentialData.credentialId, acd.credentialId), 'rp and core read different credential ids');
      invariant(bytesEqual(rp.attestedCredentialData.credentialPublicKey, acd.credentialPublicKey), 'rp and core read different credential public keys');
    }
    invariant(deepEqual(rp.extensions, parsed.extensions), 'rp and core read different extensions');
  });
}

/** A shallow copy without undefined members. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Whether the encoder can write `value` (no floats, no out-of-range integers). */
function encodable(value: CborValue | undefined): boolean {
  try {
    if (value !== undefined) encodeCbor(value);
    return true;
  } catch (error) {
    if (error instanceof CborError) return false;
    throw error;
  }
}

/** `value` without map entries whose value is undefined (the encoder leaves those out). */
function withoutUndefined(value: CborValue): CborValue {
  if (value instanceof Map) {
    const out: CborMap = new Map();
    for (const [k, v] of value) if (v !== undefined) out.set(k, withoutUndefined(v));
    return out;
  }
  if (Array.isArray(value)) return value.map(withoutUndefined);
  return value;
}
