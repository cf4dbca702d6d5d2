/**
 * Client extension processing for navigator.credentials.get() (WebAuthn L3 5.1.4.1 step 14 and
 * the authentication halves of section 10): prf over hmac-secret, largeBlob read/write over
 * largeBlobKey and authenticatorLargeBlobs, and getCredBlob over credBlob.
 * @module
 */
import type { CborMap, CborValue } from '../../cbor/types.js';
import type { PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import { chooseProtocol, type AuthenticatorInfo } from '../authenticatorInfo.js';
import { b64u, type CtapChannel } from '../ceremony.js';
import { Permission } from '../../ctap2/pinUv/pinUvAuthToken.js';
import { ClientPin, type SharedSecret } from '../clientPin.js';
import type { AuthenticationExtensionsClientOutputsJSON, AuthenticationExtensionsLargeBlobOutputsJSON, AuthenticationExtensionsPRFOutputsJSON } from '../types.js';
import { uvCapabilities, type UvGrant } from '../userVerification.js';
import { booleanMember, extensionRecord } from './inputs.js';
import { parseLargeBlobAuthentication, supportsLargeBlobs, type LargeBlobAuthenticationInput } from './largeBlob.js';
import { findLargeBlob, readLargeBlobArray, withLargeBlob, writeLargeBlobArray } from './largeBlobArray.js';
import { hmacSecretInput, parsePrfAuthentication, prfInputsFor, prfResults, prfValuesJSON, type PrfAuthenticationInput, type PrfValues } from './prf.js';

/** The client extension inputs of one get() call, parsed. */
export class AuthenticationExtensions {
  readonly #prf: PrfAuthenticationInput | undefined;
  readonly #largeBlob: LargeBlobAuthenticationInput | undefined;
  readonly #getCredBlob: boolean;
  /** The PRF inputs sent and the secret to decrypt their results. */
  #prfSent: { values: PrfValues; protocol: PinUvAuthProtocol; shared: SharedSecret } | undefined;
  #largeBlobKeyAsked = false;
  #credBlobAsked = false;

  /**
   * Parse `options.extensions` (WebAuthn L3 5.1.4.1 step 14: client-side errors come first).
   * @param allowIds - allowCredentials IDs
   * @throws WebAuthnError NotSupportedError, SyntaxError, TypeError as the extensions define
   */
  constructor(raw: unknown, allowIds: Uint8Array[]) {
    const ext = extensionRecord(raw, 'options.extensions') ?? {};
    this.#prf = parsePrfAuthentication(ext.prf, allowIds);
    this.#largeBlob = parseLargeBlobAuthentication(ext.largeBlob, allowIds.length);
    this.#getCredBlob = booleanMember(ext.getCredBlob, 'extensions.getCredBlob') ?? false;
  }

  /** Whether prf has inputs to evaluate on an authenticator with hmac-secret. */
  #prfApplies(info: AuthenticatorInfo): boolean {
    return this.#prf !== undefined && info.extensions.includes('hmac-secret') && (this.#prf.eval !== undefined || this.#prf.byCredential.size > 0);
  }

  /**
   * What the extensions need from user verification: a verified user for prf (WebAuthn L3 10.1.4)
   * and for a largeBlob write on an authenticator protected by user verification, whose token
   * also needs the lbw permission (CTAP 2.1 6.10.2).
   */
  plan(info: AuthenticatorInfo): { wantsUv: boolean; permissions: number } {
    const write = this.#largeBlob !== undefined && 'write' in this.#largeBlob && supportsLargeBlobs(info);
    const writeNeedsToken = write && uvCapabilities(info).protected;
    return { wantsUv: this.#prfApplies(info) || writeNeedsToken, permissions: write ? Permission.lbw : 0 };
  }

  /**
   * Whether the client must learn which allowed credential the authenticator will use before it
   * can pick the PRF inputs (evalByCredential with several allowed credentials).
   */
  needsSelection(info: AuthenticatorInfo, allowCount: number): boolean {
    return this.#prfApplies(info) && this.#prf!.byCredential.size > 0 && allowCount > 1;
  }

  /**
   * The authenticator extension inputs (CTAP 2.1 6.2 parameter 0x04), or undefined when none.
   * Runs getKeyAgreement for hmac-secret.
   * @param selected - the credential the authenticator will return, when known
   */
  async inputs(channel: CtapChannel, info: AuthenticatorInfo, grant: UvGrant, selected: Uint8Array | undefined): Promise<CborMap | undefined> {
    const inputs: CborMap = new Map<string, CborValue>();
    // WebAuthn L3 10.1.4: the PRF exposed is hmac-secret's user-verified one; without user
    // verification the client sends no salts.
    const values = this.#prf && this.#prfApplies(info) && grant.method !== 'none' ? prfInputsFor(this.#prf, selected) : undefined;
    if (values) {
      const version = grant.method === 'token' ? grant.token.protocol.version : (chooseProtocol(info) ?? 1);
      const clientPin = new ClientPin(channel, version);
      const shared = await clientPin.trySharedSecret();
      if (shared) {
        this.#prfSent = { values, protocol: clientPin.protocol, shared };
        inputs.set('hmac-secret', hmacSecretInput(clientPin.protocol, shared, values));
      }
    }
    if (this.#largeBlob && !('none' in this.#largeBlob) && supportsLargeBlobs(info)) {
      inputs.set('largeBlobKey', true);
      this.#largeBlobKeyAsked = true;
    }
    if (this.#getCredBlob && info.extensions.includes('credBlob')) {
      inputs.set('credBlob', true);
      this.#credBlobAsked = true;
    }
    return inputs.size > 0 ? inputs : undefined;
  }

  /**
   * The client extension outputs (WebAuthn L3 5.1.4.1 step 20), in JSON form; reads or writes the
   * large blob after the assertion as WebAuthn L3 10.1.5 prescribes.
   * @param response - the getAssertion response map (0x07 largeBlobKey)
   * @param authDataExtensions - the authenticator extension outputs in authData
   */
  async outputs(channel: CtapChannel, info: AuthenticatorInfo, grant: UvGrant, response: CborMap, authDataExtensions: CborMap | undefined): Promise<AuthenticationExtensionsClientOutputsJSON> {
    const out: AuthenticationExtensionsClientOutputsJSON = {};
    if (this.#prf) {
      // WebAuthn L3 10.1.4 step 3: the prf output starts as an empty dictionary.
      const prf: AuthenticationExtensionsPRFOutputsJSON = {};
      const output = authDataExtensions?.get('hmac-secret');
      if (this.#prfSent && output !== undefined) {
        const { values, protocol, shared } = this.#prfSent;
        const results = prfResults(protocol, shared, output, values.second !== undefined);
        if (results) prf.results = prfValuesJSON(results);
      }
      out.prf = prf;
    }
    if (this.#largeBlob && !('none' in this.#largeBlob)) {
      const key = response.get(0x07);
      const largeBlobKey = this.#largeBlobKeyAsked && key instanceof Uint8Array && key.length === 32 ? key : undefined;
      if ('read' in this.#largeBlob) {
        // WebAuthn L3 10.1.5: largeBlob is present; blob only when a blob could be read.
        const largeBlob: AuthenticationExtensionsLargeBlobOutputsJSON = {};
        if (largeBlobKey) {
          const entries = await readLargeBlobArray(channel, info);
          const blob = entries && findLargeBlob(entries, largeBlobKey);
          if (blob) largeBlob.blob = b64u(blob);
        }
        out.largeBlob = largeBlob;
      } else {
        out.largeBlob = { written: largeBlobKey ? await this.#write(channel, info, grant, largeBlobKey, this.#largeBlob.write) : false };
      }
    }
    if (this.#credBlobAsked) {
      const blob = authDataExtensions?.get('credBlob');
      if (blob instanceof Uint8Array) out.getCredBlob = b64u(blob);
    }
    return out;
  }

  /**
   * The client extension outputs from an authenticator without CTAP2 extensions (a U2F key, CTAP 2.1
   * section 10), as Chromium 156 reports them: prf without results (WebAuthn L3 10.1.4 step 3), largeBlob
   * without a blob or not written (10.1.5).
   */
  outputsWithoutSupport(): AuthenticationExtensionsClientOutputsJSON {
    const out: AuthenticationExtensionsClientOutputsJSON = {};
    if (this.#prf) out.prf = {};
    if (this.#largeBlob && !('none' in this.#largeBlob)) out.largeBlob = 'read' in this.#largeBlob ? {} : { written: false };
    return out;
  }

  /** Store `blob` for the credential (CTAP 2.1 6.10.3 writing); true when the authenticator took it. */
  async #write(channel: CtapChannel, info: AuthenticatorInfo, grant: UvGrant, key: Uint8Array, blob: Uint8Array): Promise<boolean> {
    const token = grant.method === 'token' ? grant.token : undefined;
    // A protected authenticator takes writes only with a pinUvAuthToken that has lbw (CTAP 2.1 6.10.2).
    if (!token && uvCapabilities(info).protected) return false;
    const entries = await readLargeBlobArray(channel, info);
    if (!entries) return false;
    return (await writeLargeBlobArray(channel, info, withLargeBlob(entries, key, blob), token)) === undefined;
  }
}
