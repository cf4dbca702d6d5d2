/**
 * The PIN policy from the API (VirtualAuthenticator.setMinPinLength): the end state authenticatorConfig
 * setMinPINLength (CTAP 2.1 6.11.4) leaves, read back through a WebAuthn create() with the minPinLength
 * extension (CTAP 2.1 12.4) and getInfo, and typed refusals.
 */
import { describe, expect, it } from 'vitest';
import { parseAuthenticatorData } from '../../authData/index.js';
import { decodeCbor } from '../../cbor/index.js';
import type { CborMap } from '../../cbor/types.js';
import { WebAuthnClient } from '../../client/webAuthnClient.js';
import { VirtualAuthenticator } from '../../virtualAuthenticator.js';
import { PinError, type PinErrorCode } from './directPin.js';

/** `fn` throws a PinError with `code`. */
const expectThrowCode = (fn: () => unknown, code: PinErrorCode) => expect(fn).toThrow(expect.objectContaining({ name: PinError.name, code }));

const b64u = (n: number) => Buffer.alloc(n, 7).toString('base64url');

/** The minPinLength output of a create() with the extension on `origin`, or undefined. */
async function minPinLengthOutput(authenticator: VirtualAuthenticator, origin: string): Promise<unknown> {
  const client = new WebAuthnClient({ authenticator, origin });
  const r = await client.create({
    rp: { name: 'x' },
    user: { id: b64u(8), name: 'a', displayName: 'A' },
    challenge: b64u(16),
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    extensions: { minPinLength: true },
  } as Parameters<WebAuthnClient['create']>[0]);
  const attObj = decodeCbor(Buffer.from(r.response.attestationObject, 'base64url')) as CborMap;
  return parseAuthenticatorData(attObj.get('authData') as Uint8Array).extensions?.get('minPinLength');
}

describe('VirtualAuthenticator.setMinPinLength', () => {
  it('named RP IDs get the minimum through the minPinLength extension; others do not; the list is replaced', async () => {
    const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc', seed: 'mpl' });
    expect(await minPinLengthOutput(authenticator, 'https://example.com')).toBeUndefined();
    authenticator.setMinPinLength({ rpIds: ['example.com'], minPinLength: 6 });
    expect(await minPinLengthOutput(authenticator, 'https://example.com')).toBe(6);
    expect(await minPinLengthOutput(authenticator, 'https://other.example')).toBeUndefined();
    authenticator.setMinPinLength({ rpIds: ['other.example'] });
    expect(await minPinLengthOutput(authenticator, 'https://other.example')).toBe(6);
    expect(await minPinLengthOutput(authenticator, 'https://example.com')).toBeUndefined();
  });

  it('a minimum above the PIN forces a PIN change; setPin then needs the new minimum', () => {
    const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    authenticator.setPin('1234');
    authenticator.setMinPinLength({ minPinLength: 8 });
    expectThrowCode(() => authenticator.setPin('123456'), 'ERR_PIN_POLICY');
    authenticator.setPin('12345678');
  });

  it('refusals are typed: no setMinPINLength option, a lower minimum, too many RP IDs, forceChangePin without a PIN', () => {
    expectThrowCode(() => new VirtualAuthenticator({ preset: 'generic' }).setMinPinLength({ rpIds: ['example.com'] }), 'ERR_PIN_UNSUPPORTED');
    const authenticator = new VirtualAuthenticator({ preset: 'yubikey-5-nfc' });
    authenticator.setMinPinLength({ minPinLength: 6 });
    expectThrowCode(() => authenticator.setMinPinLength({ minPinLength: 5 }), 'ERR_PIN_POLICY');
    expectThrowCode(() => authenticator.setMinPinLength({ minPinLength: 64 }), 'ERR_PIN_POLICY');
    // yubikey-5-nfc keeps one RP ID (getInfo maxRPIDsForSetMinPINLength 1).
    expectThrowCode(() => authenticator.setMinPinLength({ rpIds: ['a.example', 'b.example'] }), 'ERR_MIN_PIN_LENGTH_RPIDS');
    expectThrowCode(() => authenticator.setMinPinLength({ rpIds: [''] }), 'ERR_PIN_POLICY');
    expectThrowCode(() => authenticator.setMinPinLength({ forceChangePin: true }), 'ERR_PIN_NOT_SET');
  });
});
