/**
 * The input kinds `vfido decode --as` accepts (kept apart so `--help` loads no decoder).
 * @module
 */

/** Kinds `vfido decode --as` accepts. */
export const DECODE_KINDS = ['registration', 'authentication', 'attestationObject', 'authenticatorData', 'clientDataJSON', 'coseKey', 'certificate'] as const;
/** One of {@link DECODE_KINDS}. */
export type DecodeKind = (typeof DECODE_KINDS)[number];
