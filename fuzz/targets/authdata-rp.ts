/**
 * Fuzz target: @vfido/rp's authenticatorData parser and flag/rpIdHash checks (WebAuthn L3 6.1,
 * 6.5.1; 7.1 steps 14-17). Invariants: only VerificationError escapes, with an authData or step
 * code; the input is not modified; the parsed parts tile the input exactly.
 * @module
 */
import { parseAuthenticatorData } from '../../packages/rp/src/authData/parseAuthenticatorData.js';
import { verifyFlags, verifyRpIdHash } from '../../packages/rp/src/authData/verifyAuthenticatorData.js';
import { VerificationError } from '../../packages/rp/src/errors.js';
import { invariant, onlyTyped, type TargetOptions, unmodified } from '../engine/target.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'rp parseAuthenticatorData + verifyRpIdHash/verifyFlags: typed errors, parts tile the input',
  maxLen: 4096,
  dictionary: [Uint8Array.of(0x41), Uint8Array.of(0xc1), Uint8Array.of(0x45), Uint8Array.of(0x5d), 'credProtect', 'hmac-secret'],
};

const RP_IDS = ['example.com', 'localhost', 'dev.dontneeda.pw', 'webauthn.io'];

/** Parse, then run the checks registration and authentication run on it. */
export function fuzz(data: Buffer): void {
  unmodified(data, () => {
    let parsed: ReturnType<typeof parseAuthenticatorData>;
    try {
      parsed = parseAuthenticatorData(data);
    } catch (error) {
      onlyTyped(error, VerificationError);
      invariant((error as VerificationError).code === 'ERR_AUTHDATA_MALFORMED', () => `parse failed with ${(error as VerificationError).code}`);
      return;
    }
    const acd = parsed.attestedCredentialData;
    let length = 37;
    if (acd) length += 18 + acd.credentialId.length + acd.credentialPublicKey.length;
    invariant(parsed.flags.at === (acd !== undefined) && parsed.flags.ed === (parsed.extensions !== undefined), 'AT/ED flags disagree with the parts parsed');
    invariant(parsed.signCount === data.readUInt32BE(33), 'signCount is not bytes 33..36 big-endian');
    if (!parsed.extensions) invariant(length === data.length, 'the parsed parts do not cover the input');
    else invariant(length < data.length, 'extensions parsed from no bytes');
    for (const requireUserVerification of [false, true]) {
      try {
        verifyFlags(parsed, { requireUserPresence: true, requireUserVerification });
      } catch (error) {
        onlyTyped(error, VerificationError);
      }
    }
    try {
      const rpId = verifyRpIdHash(parsed, RP_IDS);
      invariant(RP_IDS.includes(rpId), 'verifyRpIdHash returned an RP ID that was not expected');
    } catch (error) {
      onlyTyped(error, VerificationError);
    }
  });
}
