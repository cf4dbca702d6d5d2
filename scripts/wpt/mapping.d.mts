/** Types of scripts/wpt/mapping.mjs (plain ESM run by node; the unit test type-checks against these). */
import type { CdpCredential, Preset } from '@vfido/core';

/** A testdriver `add_virtual_authenticator` configuration (WebDriver, WebAuthn L3 11.3). */
export interface WptAuthenticatorConfig {
  protocol?: string;
  transport?: string;
  hasResidentKey?: boolean;
  hasUserVerification?: boolean;
  isUserVerified?: boolean;
  isUserConsenting?: boolean;
  extensions?: string[];
  defaultBackupEligibility?: boolean;
  defaultBackupState?: boolean;
}
export declare const TESTDRIVER_ACTIONS: Record<string, { chromium: string; vfido: string }>;
export declare function cdpOptionsFor(config: WptAuthenticatorConfig): Record<string, unknown>;
export declare function presetFor(config: WptAuthenticatorConfig, generic: Preset): Preset;
/** A WebDriver credential (WebAuthn L3 11.7): binary members base64url. */
export interface WebDriverCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
  largeBlob?: string;
}
export declare function webdriverToCdpCredential(c: Partial<WebDriverCredential>): CdpCredential;
export declare function cdpToWebdriverCredential(c: CdpCredential): WebDriverCredential;
