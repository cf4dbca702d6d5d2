import type { Page } from '@playwright/test';

/** What a register + sign-in round on the consumer page established (both ceremonies verified by @vfido/rp). */
export interface CeremonyResult {
  aaguid: string;
  fmt: string;
  credentialId: string;
  signInCredentialId: string;
  userVerified: boolean;
}

/** Register a passkey on the page, verify it with @vfido/rp, sign in with it and verify the assertion. */
export function registerAndSignIn(page: Page): Promise<CeremonyResult>;
