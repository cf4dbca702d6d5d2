import { describe, expect, it } from 'vitest';
import { buildNone, FORMAT } from './none.js';
import type { AttestationRequest } from './types.js';

describe('none', () => {
  it('returns fmt none with an empty attStmt map', async () => {
    const st = await buildNone({} as AttestationRequest);
    expect(FORMAT).toBe('none');
    expect(st.fmt).toBe('none');
    expect(st.attStmt).toBeInstanceOf(Map);
    expect(st.attStmt.size).toBe(0);
  });
});
