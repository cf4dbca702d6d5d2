import { describe, expect, it } from 'vitest';
import { inheritedPolicy, matchesAllowlist, parseAllowAttribute, type FrameLink } from './permissionsPolicy.js';

const TOP = 'https://rp.example';
const A = 'https://a.example';

describe('parseAllowAttribute (Permissions Policy 9.3, container policy)', () => {
  it("resolves 'self' to the embedder, 'src' to the iframe src, and a bare feature to 'src'", () => {
    const p = parseAllowAttribute(`publickey-credentials-get 'self'; publickey-credentials-create`, TOP, A);
    expect(p.get('publickey-credentials-get')).toEqual(new Set([TOP]));
    expect(p.get('publickey-credentials-create')).toEqual(new Set([A]));
  });
  it("reads *, origins, 'none', and keeps the first declaration of a feature", () => {
    expect(parseAllowAttribute('publickey-credentials-get *', TOP, A).get('publickey-credentials-get')).toBe('*');
    expect(parseAllowAttribute(`publickey-credentials-get https://b.example:8443/path ${A}`, TOP, A).get('publickey-credentials-get')).toEqual(new Set(['https://b.example:8443', A]));
    expect(parseAllowAttribute(`publickey-credentials-get 'none'`, TOP, A).get('publickey-credentials-get')).toEqual(new Set());
    expect(parseAllowAttribute(`publickey-credentials-get 'none'; publickey-credentials-get *`, TOP, A).get('publickey-credentials-get')).toEqual(new Set());
    expect(parseAllowAttribute(null, TOP, A).size).toBe(0);
    expect(parseAllowAttribute('publickey-credentials-get not-an-origin', TOP, A).get('publickey-credentials-get')).toEqual(new Set());
  });
  it('opaque origins match only *', () => {
    expect(matchesAllowlist('*', 'null')).toBe(true);
    expect(matchesAllowlist(new Set(['null']), 'null')).toBe(false);
  });
});

describe('inheritedPolicy (default allowlist self)', () => {
  const link = (origin: string, parentOrigin: string, allow: string | null): FrameLink => ({ origin, parentOrigin, allow, src: origin });
  it('a same-origin child inherits; a cross-origin child needs the feature in allow', () => {
    expect(inheritedPolicy('publickey-credentials-get', [link(TOP, TOP, null)])).toBeUndefined();
    expect(inheritedPolicy('publickey-credentials-get', [link(A, TOP, null)])).toBe(0);
    expect(inheritedPolicy('publickey-credentials-get', [link(A, TOP, 'publickey-credentials-get')])).toBeUndefined();
    expect(inheritedPolicy('publickey-credentials-create', [link(A, TOP, 'publickey-credentials-get')])).toBe(0);
  });
  it("a same-origin child with 'none', and 'self' for a cross-origin child, are refused", () => {
    expect(inheritedPolicy('publickey-credentials-get', [link(TOP, TOP, `publickey-credentials-get 'none'`)])).toBe(0);
    expect(inheritedPolicy('publickey-credentials-get', [link(A, TOP, `publickey-credentials-get 'self'`)])).toBe(0);
  });
  it('a disabled ancestor disables its descendants', () => {
    expect(inheritedPolicy('publickey-credentials-get', [link(A, A, null), link(A, TOP, null)])).toBe(1);
    expect(inheritedPolicy('publickey-credentials-get', [link(A, A, null), link(A, TOP, 'publickey-credentials-get *')])).toBeUndefined();
  });
  it('an opaque (sandboxed) frame is refused unless the allowlist is *', () => {
    expect(inheritedPolicy('publickey-credentials-get', [link('null', TOP, null)])).toBe(0);
    expect(inheritedPolicy('publickey-credentials-get', [link('null', TOP, 'publickey-credentials-get *')])).toBeUndefined();
  });
});
