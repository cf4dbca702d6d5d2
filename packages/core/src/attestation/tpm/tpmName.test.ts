import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { hierarchyQualifiedName, qualifiedName, tpmName } from './tpmName.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const sha256 = (...parts: Uint8Array[]): string => createHash('sha256').update(Buffer.concat(parts)).digest('hex');

describe('tpmName / qualifiedName (TPM 2.0 Part 1, 16)', () => {
  it('prefixes the SHA-256 of the public area with TPM_ALG_SHA256', () => {
    const pubArea = Uint8Array.of(0, 1, 0, 0x0b, 1, 2, 3);
    expect(hex(tpmName(pubArea))).toBe('000b' + sha256(pubArea));
  });

  it('chains qualified names from a hierarchy handle', () => {
    const owner = hierarchyQualifiedName(0x40000001);
    expect(hex(owner)).toBe('40000001');
    const name = tpmName(Uint8Array.of(9));
    expect(hex(qualifiedName(owner, name))).toBe('000b' + sha256(owner, name));
  });
});
