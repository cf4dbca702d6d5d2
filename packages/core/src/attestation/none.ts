/**
 * `none` attestation statement format (WebAuthn L3 8.7): no attestation, an empty attStmt.
 * @module
 */
import type { CborMap } from '../cbor/types.js';
import type { AttestationBuilder } from './types.js';

/** Attestation statement format identifier. */
export const FORMAT = 'none';

/**
 * Build a `none` statement: `{ fmt: "none", attStmt: {} }`. The caller decides whether the
 * AAGUID in authData is zeroed (the spec says to; several real platforms keep it).
 */
export const buildNone: AttestationBuilder = async () => ({ fmt: FORMAT, attStmt: new Map() as CborMap });
