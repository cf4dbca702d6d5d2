/**
 * `@vfido/core/data`: the pure data side of @vfido/core (presets and AAGUID names, CBOR,
 * authenticatorData and COSE key parsing, algorithm names) without the authenticator, the
 * attestation builders and the WebAuthn client, so importing it loads no X.509 or PSL code.
 * Tools that only read data (the `vfido presets` and `vfido decode` commands) start in a fraction
 * of the time the full barrel takes. Everything here is also exported by `@vfido/core`.
 * @module
 */
export { presets, presetIds, getPreset, aaguidName, PresetError } from './presets/index.js';
export type * from './presets/types.js';
export { algorithmName } from './crypto/algorithms.js';
export { parseAuthenticatorData } from './authData/index.js';
export { parseCoseKey } from './cose/index.js';
export { encodeCbor, decodeCbor, CborError } from './cbor/index.js';
