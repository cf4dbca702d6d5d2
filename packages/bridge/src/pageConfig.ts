/**
 * What the page script's statics report for a preset (WebAuthn L3 5.1.7
 * `isUserVerifyingPlatformAuthenticatorAvailable`, 5.1.9 `getClientCapabilities`), the same for every driver.
 * @module
 */
import type { Preset } from '@vfido/core';
import type { PageShimConfig } from './pageScript.js';

/** The preset-derived part of {@link PageShimConfig}. */
export type PresetPageFacts = Pick<PageShimConfig, 'uvpa' | 'capabilities'>;

/**
 * The statics' answers for an emulated model.
 * @param preset - the authenticator's preset
 */
export function presetPageFacts(preset: Preset): PresetPageFacts {
  const platform = preset.attachment === 'platform';
  return {
    uvpa: platform && preset.userVerification.capable,
    capabilities: {
      conditionalCreate: false,
      conditionalGet: true,
      hybridTransport: preset.transports.includes('hybrid'),
      passkeyPlatformAuthenticator: platform && preset.residentKeys,
      userVerifyingPlatformAuthenticator: platform && preset.userVerification.capable,
      relatedOrigins: false,
      signalAllAcceptedCredentials: true,
      signalCurrentUserDetails: true,
      signalUnknownCredential: true,
    },
  };
}
