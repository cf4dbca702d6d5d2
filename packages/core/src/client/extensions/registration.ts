/**
 * Client extension processing for navigator.credentials.create() (WebAuthn L3 5.1.3 step 12 and
 * the registration halves of section 10): credProps, prf (hmac-secret, hmac-secret-mc), largeBlob
 * (largeBlobKey), credProtect, credBlob and minPinLength. Inputs are checked before the
 * authenticator is contacted; authenticator inputs and client outputs follow getInfo.
 * @module
 */
import type { CborMap, CborValue } from '../../cbor/types.js';
import type { PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import { chooseProtocol, type AuthenticatorInfo } from '../authenticatorInfo.js';
import type { CtapChannel } from '../ceremony.js';
import { ClientPin, type SharedSecret } from '../clientPin.js';
import type { AuthenticationExtensionsClientOutputsJSON, AuthenticationExtensionsLargeBlobOutputsJSON, AuthenticationExtensionsPRFOutputsJSON } from '../types.js';
import type { UvGrant } from '../userVerification.js';
import { WebAuthnError } from '../webAuthnError.js';
import { credProtectInput, parseCredProtect } from './credProtect.js';
import { booleanMember, bytesMember, extensionRecord } from './inputs.js';
import { parseLargeBlobRegistration, supportsLargeBlobs } from './largeBlob.js';
import { hmacSecretInput, parsePrfRegistration, prfResults, prfValuesJSON, type PrfValues } from './prf.js';

/**
 * Whether the client knows if a credential made with `rk` unrequested is discoverable (WebAuthn L3 10.1.3
 * credProps): a CTAP 2.0 authenticator that supports resident keys may make every credential discoverable, so
 * `rk` is known only when the resident key was asked for, the authenticator has none, or it speaks CTAP 2.1 or
 * later (which makes a non-discoverable credential when `rk` is not set). As Chromium decides it: FIDO_2_1_PRE
 * does not count as 2.1.
 * @param info - the authenticator's getInfo
 * @param rk - whether the client asked for a discoverable credential
 */
export function knownResidentKey(info: AuthenticatorInfo, rk: boolean): boolean | undefined {
  if (rk) return true;
  const ctap21 = info.versions.some((v) => /^FIDO_2_[1-9]\d*$/.test(v));
  return info.options.get('rk') === true && !ctap21 ? undefined : false;
}

/** The client extension inputs of one create() call, parsed. */
export class RegistrationExtensions {
  readonly #credProps: boolean;
  readonly #prf: { eval: PrfValues | undefined } | undefined;
  readonly #largeBlob: { support: 'required' | 'preferred' } | undefined;
  readonly #credProtect: { level: 1 | 2 | 3; enforce: boolean } | undefined;
  readonly #credBlob: Uint8Array | undefined;
  readonly #minPinLength: boolean;
  /** The hmac-secret-mc shared secret, kept to decrypt the results. */
  #prfSecret: { protocol: PinUvAuthProtocol; shared: SharedSecret } | undefined;
  #largeBlobKeyAsked = false;

  /**
   * Parse `options.extensions` (WebAuthn L3 5.1.3 step 12: client-side errors come first).
   * @throws WebAuthnError NotSupportedError (prf.evalByCredential, largeBlob.read/write), TypeError
   */
  constructor(raw: unknown) {
    const ext = extensionRecord(raw, 'options.extensions') ?? {};
    this.#credProps = booleanMember(ext.credProps, 'extensions.credProps') ?? false;
    this.#prf = parsePrfRegistration(ext.prf);
    this.#largeBlob = parseLargeBlobRegistration(ext.largeBlob);
    this.#credProtect = parseCredProtect(ext);
    this.#credBlob = bytesMember(ext.credBlob, 'extensions.credBlob');
    this.#minPinLength = booleanMember(ext.minPinLength, 'extensions.minPinLength') ?? false;
  }

  /**
   * Checks that need getInfo and decide for or against the ceremony, and whether an extension
   * wants a verified user: prf with `eval` on an authenticator with hmac-secret-mc (WebAuthn L3
   * 10.1.4: PRF results are the ones with user verification).
   * @throws WebAuthnError NotAllowedError (largeBlob support required but impossible; enforced credProtect unsupported)
   */
  plan(info: AuthenticatorInfo, rk: boolean): { wantsUv: boolean } {
    if (this.#largeBlob?.support === 'required') {
      // WebAuthn L3 10.1.5: authenticators that cannot store large blobs are not candidates. CTAP
      // authenticators keep them for discoverable credentials only (CTAP 2.1 12.3).
      if (!supportsLargeBlobs(info)) throw new WebAuthnError('NotAllowedError', 'largeBlob support is required but this authenticator cannot store large blobs (no largeBlobKey extension or largeBlobs option)');
      if (!rk) throw new WebAuthnError('NotAllowedError', 'largeBlob support is required but the credential is not discoverable: CTAP authenticators store large blobs for discoverable credentials only (set residentKey to required)');
    }
    if (this.#credProtect) credProtectInput(this.#credProtect, info);
    return { wantsUv: this.#prf?.eval !== undefined && info.extensions.includes('hmac-secret') && info.extensions.includes('hmac-secret-mc') };
  }

  /**
   * The authenticator extension inputs (CTAP 2.1 6.1 parameter 0x06), or undefined when none.
   * Runs getKeyAgreement for hmac-secret-mc.
   */
  async inputs(channel: CtapChannel, info: AuthenticatorInfo, grant: UvGrant, rk: boolean): Promise<CborMap | undefined> {
    const inputs: CborMap = new Map<string, CborValue>();
    if (this.#prf && info.extensions.includes('hmac-secret')) {
      inputs.set('hmac-secret', true);
      // hmac-secret-mc evaluates the PRF at creation; only the user-verified PRF may be exposed.
      if (this.#prf.eval && info.extensions.includes('hmac-secret-mc') && grant.method !== 'none') {
        const version = grant.method === 'token' ? grant.token.protocol.version : (chooseProtocol(info) ?? 1);
        const clientPin = new ClientPin(channel, version);
        const shared = await clientPin.trySharedSecret();
        if (shared) {
          this.#prfSecret = { protocol: clientPin.protocol, shared };
          inputs.set('hmac-secret-mc', hmacSecretInput(clientPin.protocol, shared, this.#prf.eval));
        }
      }
    }
    if (this.#largeBlob && rk && supportsLargeBlobs(info)) {
      inputs.set('largeBlobKey', true);
      this.#largeBlobKeyAsked = true;
    }
    if (this.#credProtect) {
      const level = credProtectInput(this.#credProtect, info);
      if (level !== undefined) inputs.set('credProtect', level);
    }
    if (this.#credBlob && info.extensions.includes('credBlob')) inputs.set('credBlob', this.#credBlob);
    if (this.#minPinLength && info.extensions.includes('minPinLength')) inputs.set('minPinLength', true);
    return inputs.size > 0 ? inputs : undefined;
  }

  /**
   * The client extension outputs (WebAuthn L3 5.1.3 step 22 clientExtensionResults), in JSON form.
   * @param response - the makeCredential response map (0x05 largeBlobKey)
   * @param authDataExtensions - the authenticator extension outputs in authData
   * @param rk - whether the credential is discoverable (credProps): `undefined` when the client cannot know
   */
  outputs(response: CborMap, authDataExtensions: CborMap | undefined, rk: boolean | undefined): AuthenticationExtensionsClientOutputsJSON {
    const out: AuthenticationExtensionsClientOutputsJSON = {};
    // WebAuthn L3 10.1.3: rk is left out when the client does not know (credProps is still there, empty).
    if (this.#credProps) out.credProps = rk === undefined ? {} : { rk };
    if (this.#prf) {
      // Chrome echoes prf with enabled: false when the authenticator has no hmac-secret.
      const prf: AuthenticationExtensionsPRFOutputsJSON = { enabled: authDataExtensions?.get('hmac-secret') === true };
      const mc = authDataExtensions?.get('hmac-secret-mc');
      if (this.#prfSecret && this.#prf.eval && mc !== undefined) {
        const results = prfResults(this.#prfSecret.protocol, this.#prfSecret.shared, mc, this.#prf.eval.second !== undefined);
        if (results) prf.results = prfValuesJSON(results);
      }
      out.prf = prf;
    }
    if (this.#largeBlob) {
      const largeBlob: AuthenticationExtensionsLargeBlobOutputsJSON = { supported: this.#largeBlobKeyAsked && response.get(0x05) instanceof Uint8Array };
      out.largeBlob = largeBlob;
    }
    // credBlob output (CTAP 2.1 12.2): the authenticator's answer, false when it has no credBlob.
    if (this.#credBlob) out.credBlob = authDataExtensions?.get('credBlob') === true;
    return out;
  }
}
