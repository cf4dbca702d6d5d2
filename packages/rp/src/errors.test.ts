/**
 * VerificationError and its code table.
 */
import { describe, expect, it } from 'vitest';
import { isVerificationError, quote, VerificationError, VerificationErrorCode } from './errors.js';

describe('VerificationError', () => {
  it('has unique ERR_* codes', () => {
    const codes = Object.values(VerificationErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^ERR_[A-Z_]+$/);
  });

  it('carries name, code, message, details and cause', () => {
    const cause = new Error('inner');
    const e = new VerificationError('ERR_ORIGIN_MISMATCH', 'origin is wrong', { cause, details: { actual: 'x' } });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('VerificationError');
    expect(e.code).toBe('ERR_ORIGIN_MISMATCH');
    expect(e.cause).toBe(cause);
    expect(e.details).toEqual({ actual: 'x' });
    expect(isVerificationError(e, 'ERR_ORIGIN_MISMATCH')).toBe(true);
    expect(isVerificationError(e, 'ERR_RPID_MISMATCH')).toBe(false);
  });

  it('quotes untrusted text for messages, escaping and truncating it', () => {
    expect(quote('a"b\n')).toBe('"a\\"b\\n"');
    expect(quote('x'.repeat(300), 10)).toBe(`"${'x'.repeat(10)}..."`);
  });
});
