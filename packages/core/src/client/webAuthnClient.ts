/**
 * The WebAuthn client: what a browser does between a page's `navigator.credentials` call and the
 * authenticator (WebAuthn L3 section 5), over JSON options and responses.
 * @module
 */
import type { VirtualAuthenticator } from '../virtualAuthenticator.js';
import { runExclusively } from './ceremonyQueue.js';
import { createCredential } from './createCredential.js';
import { getCredential } from './getCredential.js';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from './types.js';

/** Client settings fixed for its lifetime. */
export interface ClientConfig {
  /** The page origin, e.g. `https://login.example.com`. */
  origin: string;
  /** The top-level origin when the page runs in a cross-origin iframe (sets crossOrigin/topOrigin). */
  topOrigin?: string;
  /** Zero the AAGUID when the RP asks for `attestation: 'none'`, as some browsers do. Default false (Chromium keeps it). */
  zeroAaguidOnNone?: boolean;
  /** Default connection to the authenticator: `hybrid` models a phone reached cross-device. */
  via?: 'direct' | 'hybrid';
}

/** Per-ceremony options (the non-publicKey members of CredentialCreationOptions / CredentialRequestOptions). */
export interface CeremonyOptions {
  /** Abort the ceremony (rejects with AbortError). */
  signal?: AbortSignal;
  /** Reach the authenticator cross-device for this call only. */
  via?: 'direct' | 'hybrid';
}

/** Options for {@link WebAuthnClient}. */
export interface WebAuthnClientOptions extends ClientConfig {
  /** The authenticator the client talks to. */
  authenticator: VirtualAuthenticator;
}

/**
 * A browser-equivalent WebAuthn client bound to one origin and one authenticator.
 * @example
 * const client = new WebAuthnClient({ authenticator, origin: 'https://login.example.com' });
 * const registration = await client.create(creationOptionsJSON);
 */
export class WebAuthnClient {
  /** The authenticator in use. */
  readonly authenticator: VirtualAuthenticator;
  readonly #config: ClientConfig;

  /** @param options - authenticator, origin and client behaviour */
  constructor(options: WebAuthnClientOptions) {
    const { authenticator, ...config } = options;
    this.authenticator = authenticator;
    this.#config = config;
  }

  /**
   * Register a credential (navigator.credentials.create). Ceremonies on one authenticator run one
   * at a time, in call order.
   * @throws WebAuthnError TypeError, SecurityError, NotAllowedError, InvalidStateError, NotSupportedError, ConstraintError, AbortError
   */
  create(options: PublicKeyCredentialCreationOptionsJSON, ceremony?: CeremonyOptions): Promise<RegistrationResponseJSON> {
    return runExclusively(this.authenticator, ceremony?.signal, () => createCredential(this.authenticator, this.#config, options, ceremony));
  }

  /**
   * Sign in with a credential (navigator.credentials.get). Ceremonies on one authenticator run one
   * at a time, in call order.
   * @throws WebAuthnError TypeError, SecurityError, NotAllowedError, NotSupportedError, SyntaxError, AbortError
   */
  get(options: PublicKeyCredentialRequestOptionsJSON, ceremony?: CeremonyOptions): Promise<AuthenticationResponseJSON> {
    return runExclusively(this.authenticator, ceremony?.signal, () => getCredential(this.authenticator, this.#config, options, ceremony));
  }
}
