/**
 * Fuzz target: `vfido decode`'s recogniser and printer (packages/cli/src/decode/detect.ts), called
 * in-process as the command calls it: decodeInput(text, --as), then formatTree(toJsonValue(...)).
 * A leading byte 0x01-0x07 selects `--as` (DECODE_KINDS[n - 1]); the rest is the input text.
 * Invariants: only CliError escapes (with an ERR_ code); the printed tree and the JSON output
 * serialize without throwing.
 * @module
 */
import { decodeInput } from '../../packages/cli/src/decode/detect.js';
import { DECODE_KINDS } from '../../packages/cli/src/decode/kinds.js';
import { CliError } from '../../packages/cli/src/errors.js';
import { formatJson, formatTree, toJsonValue } from '../../packages/cli/src/output.js';
import { invariant, onlyTyped, type TargetOptions } from '../engine/target.js';

/** Target options. */
export const options: TargetOptions = {
  description: 'vfido decode (decodeInput + formatTree/formatJson): CliError only',
  parts: ['json'],
  maxLen: 16384,
  dictionary: ['-----BEGIN CERTIFICATE-----\n', '\n-----END CERTIFICATE-----', '{"response":', '"attestationObject":', '"clientDataJSON":', '"signature":', '"authenticatorData":', '"fixtures":[', '"type":"webauthn.create"', '0x', 'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVik', 'pQECAyYgASFYI'],
};

/** Decode and print one input. */
export function fuzz(data: Buffer): void {
  const first = data[0] ?? 0;
  const as = first >= 1 && first <= DECODE_KINDS.length ? DECODE_KINDS[first - 1] : undefined;
  const text = (as ? data.subarray(1) : data).toString('utf8');
  let decoded: ReturnType<typeof decodeInput>;
  try {
    decoded = decodeInput(text, as);
  } catch (error) {
    onlyTyped(error, CliError);
    invariant(/^ERR_[A-Z_]+$/.test((error as CliError).code), () => `CliError code ${(error as CliError).code}`);
    return;
  }
  invariant(typeof decoded.kind === 'string' && decoded.kind.length > 0, 'no kind');
  invariant(typeof formatTree(toJsonValue(decoded.value), 2) === 'string', 'formatTree gave no text');
  invariant(typeof formatJson(decoded) === 'string', 'formatJson gave no text');
}
