/**
 * `@vfido/core/data`: the pure data side of @vfido/core (presets and AAGUID names, CBOR,
 * authenticatorData and COSE key parsing, algorithm names) without the authenticator, the
 * attestation builders and the WebAuthn client, so importing it loads no X.509 or PSL code.
 * Tools that only read data (the `vfido presets` and `vfido decode` commands) start in a fraction
 * of the time the full barrel takes. Everything here is also exported by `@vfido/core`.
 * Re-exports come from the modules that define them, not from their folders' barrels, so that
 * importing this entry loads no builder (authenticatorData and COSE key encoders) and no validator.
 * @module
 */
export { presets, presetIds, getPreset, aaguidName, PresetError } from './presetsEntry.js';
export type * from './presets/types.js';
export { algorithmName } from './crypto/algorithms.js';
export { parseAuthenticatorData } from './authData/parseAuthenticatorData.js';
export { parseCoseKey } from './cose/parseCoseKey.js';
export { encodeCbor } from './cbor/encodeCbor.js';
export { decodeCbor } from './cbor/decodeCbor.js';
export { CborError } from './cbor/cborError.js';
