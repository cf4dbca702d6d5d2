/**
 * generateRegistrationOptions / generateAuthenticationOptions: defaults (L3 5.4, 5.5), descriptors, challenge
 * size and randomness, and ERR_OPTIONS_INVALID for every kind of bad input.
 */
import { describe, expect, it } from 'vitest';
import { expectThrowCode } from '../../test-utils/expectCode.js';
import {
  CHALLENGE_BYTES, DEFAULT_REGISTRATION_ALGORITHMS, DEFAULT_TIMEOUT, USER_ID_BYTES,
  generateAuthenticationOptions, generateRegistrationOptions,
  type AuthenticationOptionsInput, type RegistrationOptionsInput,
} from '../index.js';

const base: RegistrationOptionsInput = { rpName: 'Example', rpId: 'example.com', userName: 'ada@example.com' };
const bytesOf = (b64u: string) => Buffer.from(b64u, 'base64url');

const expectInvalid = (fn: () => unknown, mentions: string) => expectThrowCode(fn, 'ERR_OPTIONS_INVALID', mentions);

describe('generateRegistrationOptions', () => {
  it('fills the defaults: EdDSA/ES256/RS256, preferred resident key and UV, attestation none, 60 s, credProps', () => {
    const { options, challenge, userId } = generateRegistrationOptions(base);
    expect(options.rp).toEqual({ id: 'example.com', name: 'Example' });
    expect(options.user).toEqual({ id: userId, name: 'ada@example.com', displayName: '' });
    expect(options.challenge).toBe(challenge);
    expect(options.pubKeyCredParams).toEqual(DEFAULT_REGISTRATION_ALGORITHMS.map((alg) => ({ type: 'public-key', alg })));
    expect(DEFAULT_REGISTRATION_ALGORITHMS).toEqual([-8, -7, -257]);
    expect(options.timeout).toBe(DEFAULT_TIMEOUT);
    expect(options.attestation).toBe('none');
    expect(options.authenticatorSelection).toEqual({ residentKey: 'preferred', requireResidentKey: false, userVerification: 'preferred' });
    expect(options.excludeCredentials).toEqual([]);
    expect(options.extensions).toEqual({ credProps: true });
    expect(options).not.toHaveProperty('hints');
    // It is JSON: nothing is lost through a string.
    expect(JSON.parse(JSON.stringify(options))).toEqual(options);
  });

  it('makes a fresh 32-byte challenge and a 64-byte user handle each time (L3 13.4.3, 5.4.3)', () => {
    const runs = Array.from({ length: 64 }, () => generateRegistrationOptions(base));
    for (const { challenge, userId } of runs) {
      expect(challenge).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(bytesOf(challenge).byteLength).toBe(CHALLENGE_BYTES);
      expect(bytesOf(userId).byteLength).toBe(USER_ID_BYTES);
    }
    expect(new Set(runs.map((r) => r.challenge)).size).toBe(runs.length);
    expect(new Set(runs.map((r) => r.userId)).size).toBe(runs.length);
    // Randomness, coarsely: over 64 x 32 bytes every bit position is set sometimes and clear sometimes.
    const all = Buffer.concat(runs.map((r) => bytesOf(r.challenge)));
    for (let bit = 0; bit < 8; bit++) {
      const ones = [...all].filter((b) => (b >> bit) & 1).length;
      expect(ones).toBeGreaterThan(all.length / 4);
      expect(ones).toBeLessThan((all.length * 3) / 4);
    }
  });

  it('keeps the caller challenge, user handle and choices; requireResidentKey follows residentKey', () => {
    const challenge = new Uint8Array(16).fill(7);
    const { options } = generateRegistrationOptions({
      ...base,
      userDisplayName: 'Ada',
      userId: new Uint8Array([1, 2, 3]),
      challenge,
      timeout: 120_000,
      attestation: 'direct',
      attestationFormats: ['packed', 'tpm'],
      authenticatorSelection: { residentKey: 'required', userVerification: 'required', authenticatorAttachment: 'cross-platform' },
      supportedAlgorithms: [-7],
      hints: ['security-key'],
      extensions: { credProps: false, minPinLength: true },
    });
    expect(options.challenge).toBe(Buffer.from(challenge).toString('base64url'));
    expect(options.user).toEqual({ id: 'AQID', name: 'ada@example.com', displayName: 'Ada' });
    expect(options.timeout).toBe(120_000);
    expect(options.attestation).toBe('direct');
    expect(options.attestationFormats).toEqual(['packed', 'tpm']);
    expect(options.authenticatorSelection).toEqual({
      residentKey: 'required', requireResidentKey: true, userVerification: 'required', authenticatorAttachment: 'cross-platform',
    });
    expect(options.pubKeyCredParams).toEqual([{ type: 'public-key', alg: -7 }]);
    expect(options.hints).toEqual(['security-key']);
    expect(options.extensions).toEqual({ credProps: false, minPinLength: true });
    expect(generateRegistrationOptions({ ...base, userId: 'AQID' }).userId).toBe('AQID');
  });

  it('lists existing credentials in excludeCredentials with their transports, unpadded', () => {
    const record = { id: 'q83v', publicKey: new Uint8Array(), signCount: 3, transports: ['usb', 'nfc'] };
    const { options } = generateRegistrationOptions({ ...base, excludeCredentials: [record, { id: 'AQ==' }, { id: 'Ag', transports: [] }] });
    expect(options.excludeCredentials).toEqual([
      { type: 'public-key', id: 'q83v', transports: ['usb', 'nfc'] },
      { type: 'public-key', id: 'AQ' },
      { type: 'public-key', id: 'Ag' },
    ]);
  });

  it.each<[string, Partial<Record<keyof RegistrationOptionsInput, unknown>>, string]>([
    ['no rpName', { rpName: '' }, 'rpName'],
    ['an origin for rpId', { rpId: 'https://example.com' }, 'rpId'],
    ['rpId with a port', { rpId: 'example.com:443' }, 'rpId'],
    ['upper-case rpId', { rpId: 'Example.com' }, 'rpId'],
    ['no userName', { userName: undefined }, 'userName'],
    ['a 65-byte user handle', { userId: new Uint8Array(65) }, 'userId'],
    ['an empty user handle', { userId: new Uint8Array(0) }, 'userId'],
    ['a user handle that is not base64url', { userId: 'a+b/' }, 'userId'],
    ['a 15-byte challenge', { challenge: new Uint8Array(15) }, 'challenge'],
    ['a string challenge', { challenge: 'abcdefghijklmnopqrstuvwxyz' }, 'challenge'],
    ['timeout 0', { timeout: 0 }, 'timeout'],
    ['a fractional timeout', { timeout: 1.5 }, 'timeout'],
    ['attestation "full"', { attestation: 'full' }, 'attestation'],
    ['residentKey "yes"', { authenticatorSelection: { residentKey: 'yes' } }, 'authenticatorSelection.residentKey'],
    ['userVerification "always"', { authenticatorSelection: { userVerification: 'always' } }, 'authenticatorSelection.userVerification'],
    ['attachment "usb"', { authenticatorSelection: { authenticatorAttachment: 'usb' } }, 'authenticatorAttachment'],
    ['no algorithms', { supportedAlgorithms: [] }, 'supportedAlgorithms'],
    ['duplicate algorithms', { supportedAlgorithms: [-7, -7] }, 'supportedAlgorithms'],
    ['an exclude id that is not base64url', { excludeCredentials: [{ id: 'not base64url!' }] }, 'excludeCredentials[0].id'],
    ['an empty exclude id', { excludeCredentials: [{ id: '' }] }, 'excludeCredentials[0].id'],
    ['exclude transports not strings', { excludeCredentials: [{ id: 'AQ', transports: [1] }] }, 'excludeCredentials[0].transports'],
    ['an unknown hint', { hints: ['phone'] }, 'hints[0]'],
    ['an undefined hint', { hints: ['hybrid', undefined] }, 'hints[1]'],
    ['extensions as an array', { extensions: [] }, 'extensions'],
    ['attestationFormats not strings', { attestationFormats: [1] }, 'attestationFormats'],
  ])('rejects %s with ERR_OPTIONS_INVALID', (_name, change, mentions) => {
    expectInvalid(() => generateRegistrationOptions({ ...base, ...change } as RegistrationOptionsInput), mentions);
  });

  it('rejects a missing input object', () => {
    expectInvalid(() => generateRegistrationOptions(undefined as unknown as RegistrationOptionsInput), 'rpName');
  });
});

describe('generateAuthenticationOptions', () => {
  it('fills the defaults: preferred UV, 60 s, no allowCredentials (discoverable sign-in)', () => {
    const { options, challenge } = generateAuthenticationOptions({ rpId: 'example.com' });
    expect(options).toEqual({ rpId: 'example.com', challenge, timeout: DEFAULT_TIMEOUT, userVerification: 'preferred' });
    expect(bytesOf(challenge).byteLength).toBe(CHALLENGE_BYTES);
    expect(generateAuthenticationOptions({ rpId: 'example.com' }).challenge).not.toBe(challenge);
  });

  it('lists the user credentials in allowCredentials with transports, and keeps the caller choices', () => {
    const { options } = generateAuthenticationOptions({
      rpId: 'login.example.com',
      allowCredentials: [{ id: 'q83v', transports: ['internal', 'hybrid'] }, { id: 'AQ' }],
      userVerification: 'required',
      challenge: new Uint8Array(32).fill(1),
      timeout: 30_000,
      hints: ['client-device'],
      extensions: { getCredBlob: true },
    });
    expect(options).toEqual({
      rpId: 'login.example.com',
      challenge: Buffer.alloc(32, 1).toString('base64url'),
      timeout: 30_000,
      userVerification: 'required',
      allowCredentials: [{ type: 'public-key', id: 'q83v', transports: ['internal', 'hybrid'] }, { type: 'public-key', id: 'AQ' }],
      hints: ['client-device'],
      extensions: { getCredBlob: true },
    });
    expect(generateAuthenticationOptions({ rpId: 'example.com', allowCredentials: [] }).options.allowCredentials).toEqual([]);
  });

  it.each<[string, Partial<Record<keyof AuthenticationOptionsInput, unknown>>, string]>([
    ['no rpId', { rpId: undefined }, 'rpId'],
    ['an rpId with a path', { rpId: 'example.com/login' }, 'rpId'],
    ['userVerification "yes"', { userVerification: 'yes' }, 'userVerification'],
    ['a short challenge', { challenge: new Uint8Array(8) }, 'challenge'],
    ['a negative timeout', { timeout: -1 }, 'timeout'],
    ['allowCredentials not an array', { allowCredentials: { id: 'AQ' } }, 'allowCredentials'],
    ['an allow id that is not base64url', { allowCredentials: [{ id: '%%%' }] }, 'allowCredentials[0].id'],
  ])('rejects %s with ERR_OPTIONS_INVALID', (_name, change, mentions) => {
    expectInvalid(() => generateAuthenticationOptions({ rpId: 'example.com', ...change } as AuthenticationOptionsInput), mentions);
  });
});
