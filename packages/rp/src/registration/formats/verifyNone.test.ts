/**
 * none attestation (L3 8.7).
 */
import { describe, expect, it } from 'vitest';
import { expectCode } from '../../../test-utils/expectCode.js';
import { verifyCrafted } from '../../../test-utils/verifyCrafted.js';
import { FORMAT } from './verifyNone.js';

describe('verifyNone', () => {
  it('declares its format identifier', () => expect(FORMAT).toBe('none'));

  it('accepts an empty statement as attestation type none', async () => {
    const r = await verifyCrafted({ attest: () => ({ fmt: 'none', attStmt: new Map() }) });
    expect(r.credential.attestation).toEqual({ fmt: 'none', type: 'none', trustPath: [], trusted: false });
  });

  it('rejects a non-empty statement', async () => {
    await expectCode(verifyCrafted({ attest: () => ({ fmt: 'none', attStmt: new Map([['sig', new Uint8Array(1)]]) }) }), 'ERR_ATTESTATION_MALFORMED');
  });
});
