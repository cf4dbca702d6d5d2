import { describe, expect, it } from 'vitest';
import { AttestationBuildError, attestationBuilders, buildAttestation } from './index.js';
import type { AttestationRequest } from './types.js';

describe('attestation registry', () => {
  it('has a builder for every format vfido emulates', () => {
    expect(Object.keys(attestationBuilders).sort()).toEqual(['android-key', 'apple', 'fido-u2f', 'none', 'packed', 'tpm']);
  });

  it('dispatches by format', async () => {
    const st = await buildAttestation('none', {} as AttestationRequest);
    expect(st.fmt).toBe('none');
  });

  it('rejects unknown formats with ERR_ATTESTATION_UNSUPPORTED', async () => {
    for (const fmt of ['android-safetynet', 'toString', '__proto__', '']) {
      const err = await buildAttestation(fmt, {} as AttestationRequest).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AttestationBuildError);
      expect(err).toMatchObject({ code: 'ERR_ATTESTATION_UNSUPPORTED' });
    }
  });
});
