/**
 * `none` attestation (WebAuthn L3 8.7): the statement is an empty map; type None, empty trust path.
 * @module
 */
import { malformed } from './attStmtFields.js';
import type { AttestationInput, AttestationOutput } from './types.js';

/** Attestation statement format identifier. */
export const FORMAT = 'none';

/**
 * Verifies a `none` attestation statement.
 * @throws VerificationError ERR_ATTESTATION_MALFORMED when attStmt is not empty
 */
export function verifyNone(input: AttestationInput): AttestationOutput {
  if (input.attStmt.size !== 0) throw malformed(FORMAT, 'attStmt must be an empty map');
  return { type: 'none', trustPath: [] };
}
