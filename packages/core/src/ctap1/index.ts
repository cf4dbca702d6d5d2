/**
 * CTAP1/U2F (FIDO U2F Raw Message Formats v1.2) as CTAP 2.1 section 11.2.9.1.1 CTAPHID_MSG carries
 * it: APDUs, status words, REGISTER, AUTHENTICATE, VERSION.
 * @module
 */
export { runCtap1, handleCtap1, Ctap1Instruction, type Ctap1Outcome } from './dispatch.js';
export { parseApdu, responseApdu, type CommandApdu } from './apdu.js';
export { Ctap1Error, StatusWord, statusWordName, type StatusWordName } from './status.js';
export { ControlByte } from './authenticate.js';
export { U2F_VERSION, speaksU2f, speaksCtap2 } from './version.js';
export { U2F_RP_ID_PREFIX, u2fRpId, isU2fCredential, applicationParameter, credentialMatchesRpId } from './u2fCredentials.js';
