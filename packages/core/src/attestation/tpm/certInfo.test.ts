import { describe, expect, it } from 'vitest';
import { buildCertInfo } from './certInfo.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

describe('buildCertInfo (TPMS_ATTEST, TPM_ST_ATTEST_CERTIFY)', () => {
  it('lays the fields out as TPM 2.0 Part 2 10.12.12 says', () => {
    const signer = '000b' + 'aa'.repeat(32);
    const name = '000b' + 'bb'.repeat(32);
    const qn = '000b' + 'cc'.repeat(32);
    const extra = 'dd'.repeat(20);
    const out = buildCertInfo({
      qualifiedSigner: bytes(signer),
      extraData: bytes(extra),
      clockInfo: { clock: 0x0288016an, resetCount: 0x0310504b, restartCount: 0x7451427d, safe: true },
      firmwareVersion: 0x35861461163fe280n,
      name: bytes(name),
      qualifiedName: bytes(qn),
    });
    expect(hex(out)).toBe(
      'ff544347' + // magic TPM_GENERATED_VALUE
        '8017' + // type TPM_ST_ATTEST_CERTIFY
        '0022' + signer + // qualifiedSigner TPM2B_NAME
        '0014' + extra + // extraData TPM2B_DATA
        '000000000288016a' + '0310504b' + '7451427d' + '01' + // clockInfo
        '35861461163fe280' + // firmwareVersion
        '0022' + name + // attested.certify.name
        '0022' + qn, // attested.certify.qualifiedName
    );
    expect(out.length).toBe(4 + 2 + 36 + 22 + 17 + 8 + 36 + 36);
  });

  it('encodes safe=false as 0 and a 32-byte extraData for SHA-256', () => {
    const out = buildCertInfo({
      qualifiedSigner: new Uint8Array(0),
      extraData: new Uint8Array(32).fill(7),
      clockInfo: { clock: 1n, resetCount: 0, restartCount: 0, safe: false },
      firmwareVersion: 0n,
      name: new Uint8Array(0),
      qualifiedName: new Uint8Array(0),
    });
    expect(hex(out.subarray(8, 10))).toBe('0020');
    expect(out[10 + 32 + 16]).toBe(0);
  });
});
