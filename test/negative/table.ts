/**
 * The mutation table: every row, in a stable order, with its spec verdict, the exact @vfido/rp outcome
 * and SimpleWebAuthn's verdict (and why, where that differs). See types.ts for the row shape.
 * @module
 */
import { androidKeyRows } from './rows/androidKey.js';
import { appleRows } from './rows/apple.js';
import { authenticationRowsTable } from './rows/authentication.js';
import { controlRows } from './rows/controls.js';
import { fidoU2fRows } from './rows/fidoU2f.js';
import { noneRows } from './rows/none.js';
import { packedRows } from './rows/packed.js';
import { registrationCommonRows } from './rows/registrationCommon.js';
import { tpmRows } from './rows/tpm.js';
import type { MutationRow } from './types.js';

/** Unchanged responses: both verifiers must accept them, or no rejection means anything. */
export const controls: readonly MutationRow[] = controlRows;

/** Every mutation (controls excluded). */
export const mutations: readonly MutationRow[] = [
  ...registrationCommonRows,
  ...packedRows,
  ...tpmRows,
  ...androidKeyRows,
  ...appleRows,
  ...fidoU2fRows,
  ...noneRows,
  ...authenticationRowsTable,
];
