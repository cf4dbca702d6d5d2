/**
 * Shape checks for extension outputs (WebAuthn L3 7.1 step 28, 7.2 step 23; outputs defined in L3 10
 * and CTAP 2.1 section 12). Unknown extensions are passed through: clients and authenticators may add
 * outputs the RP did not request, and the RP may ignore them.
 * @module
 */
import { isBytes, isInteger, type CborMap, type CborValue } from '../cbor/cborValue.js';
import { VerificationError } from '../errors.js';

/** Which ceremony produced the outputs (some outputs change type between create and get). */
export type Ceremony = 'registration' | 'authentication';

const invalid = (message: string): VerificationError => new VerificationError('ERR_EXTENSIONS_INVALID', message);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optional = (v: unknown, test: (x: unknown) => boolean): boolean => v === undefined || test(v);
const isBool = (v: unknown): boolean => typeof v === 'boolean';
const isString = (v: unknown): boolean => typeof v === 'string';

/**
 * Checks `clientExtensionResults` (`AuthenticationExtensionsClientOutputsJSON`); missing means `{}`.
 * @throws VerificationError ERR_EXTENSIONS_INVALID
 */
export function verifyClientExtensionResults(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) throw invalid('clientExtensionResults must be an object');
  const { credProps, appid, appidExclude, largeBlob, prf } = value;
  if (!optional(credProps, (v) => isObject(v) && optional(v.rk, isBool))) throw invalid('clientExtensionResults.credProps must be { rk?: boolean }');
  if (!optional(appid, isBool)) throw invalid('clientExtensionResults.appid must be a boolean');
  if (!optional(appidExclude, isBool)) throw invalid('clientExtensionResults.appidExclude must be a boolean');
  if (!optional(largeBlob, (v) => isObject(v) && optional(v.supported, isBool) && optional(v.blob, isString) && optional(v.written, isBool))) {
    throw invalid('clientExtensionResults.largeBlob must be { supported?, blob?, written? }');
  }
  if (
    !optional(prf, (v) => isObject(v) && optional(v.enabled, isBool) && optional(v.results, (r) => isObject(r) && isString(r.first) && optional(r.second, isString)))
  ) {
    throw invalid('clientExtensionResults.prf must be { enabled?, results?: { first, second? } }');
  }
  return value;
}

/**
 * Checks authenticator extension outputs from authenticator data and returns them as a plain object.
 * @throws VerificationError ERR_EXTENSIONS_INVALID
 */
export function verifyAuthenticatorExtensions(map: CborMap | undefined, ceremony: Ceremony): Record<string, CborValue> {
  const out: Record<string, CborValue> = {};
  if (!map) return out;
  for (const [key, value] of map) {
    if (typeof key !== 'string') throw invalid('authenticator extension identifiers must be text strings');
    out[key] = value;
  }
  const reg = ceremony === 'registration';
  const check = (id: string, ok: (v: CborValue) => boolean, want: string): void => {
    if (id in out && !ok(out[id])) throw invalid(`authenticator extension '${id}' must be ${want}`);
  };
  check('credProtect', (v) => isInteger(v) && v >= 1 && v <= 3, 'an integer 1-3');
  check('hmac-secret', reg ? isBool : isBytes, reg ? 'a boolean' : 'a byte string');
  check('credBlob', reg ? isBool : isBytes, reg ? 'a boolean' : 'a byte string');
  check('minPinLength', (v) => isInteger(v) && v >= 0, 'an unsigned integer');
  check('thirdPartyPayment', isBool, 'a boolean');
  check('hmac-secret-mc', isBytes, 'a byte string');
  return out;
}
