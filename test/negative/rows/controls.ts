/**
 * Control rows: every valid response, unchanged, must be accepted by both verifiers (otherwise no
 * rejection below means anything).
 * @module
 */
import type { AuthenticationFixture, RegistrationFixture } from '../fixtures.js';
import type { MutationRow } from '../types.js';

const registrationFixtures: RegistrationFixture[] = ['packed', 'packed-self', 'tpm', 'android-key', 'apple', 'fido-u2f', 'none'];
const assertionFixtures: AuthenticationFixture[] = ['ES256', 'RS256', 'EdDSA'];

/** One unchanged (but re-attested / re-signed) response per fixture. */
export const controlRows: MutationRow[] = [
  ...registrationFixtures.map((format): MutationRow => ({
    target: 'registration',
    format,
    name: `control: valid ${format} registration, re-attested`,
    spec: 'L3 7.1',
    rp: 'accept',
    swa: 'accept',
  })),
  ...registrationFixtures.map((format): MutationRow => ({
    target: 'registration',
    format,
    name: `control: valid ${format} registration as the authenticator made it`,
    spec: 'L3 7.1',
    rp: 'accept',
    swa: 'accept',
    resign: false,
  })),
  ...assertionFixtures.map((format): MutationRow => ({
    target: 'authentication',
    format,
    name: `control: valid ${format} assertion, re-signed`,
    spec: 'L3 7.2',
    rp: 'accept',
    swa: 'accept',
  })),
];
