/**
 * `none` attestation statement mutations (WebAuthn L3 8.7: attStmt is the empty map), on the iCloud
 * Keychain registration (BE and BS set; flag rows for it are in registrationCommon.ts).
 * @module
 */
import type { RegistrationRow } from '../types.js';
import { registrationRows } from './define.js';
import { WHY } from './why.js';

const none = registrationRows('none');

/** Every none row. */
export const noneRows: RegistrationRow[] = [
  none('attStmt { alg: -7 }', 'L3 8.7 syntax (attStmt: emptyMap)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('alg', -7) }),
  none('attStmt { x5c: [] }', 'L3 8.7 syntax', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (s) => void s.set('x5c', []) }),
  none('attStmt is an empty array, not a map', 'L3 8.7 syntax (emptyMap), 6.5.4', 'ERR_ATTESTATION_MALFORMED', 'accept', {
    statement: (_s, d) => void (d.attStmt = []),
    why: WHY.noneAttStmtShape,
  }),
  none("fmt 'None'", 'L3 7.1 step 21 (case-sensitive match)', 'ERR_ATTESTATION_UNSUPPORTED', 'reject', { statement: (_s, d) => void (d.fmt = 'None') }),
  none("fmt 'packed' with the empty attStmt", 'L3 8.2 syntax (alg and sig are required)', 'ERR_ATTESTATION_MALFORMED', 'reject', { statement: (_s, d) => void (d.fmt = 'packed') }),
];
