/**
 * @vfido/core: a virtual CTAP 2.1 authenticator that behaves like real models, a WebAuthn client
 * that does what a browser does, attestation from vfido TEST CAs, and test metadata (FIDO MDS3).
 * @module
 */

export { VirtualAuthenticator, type VirtualAuthenticatorOptions } from './virtualAuthenticator.js';
export { WebAuthnClient, type WebAuthnClientOptions, type ClientConfig, type CeremonyOptions } from './client/webAuthnClient.js';
export { WebAuthnError, type WebAuthnErrorName } from './client/webAuthnError.js';
export { callerOrigin, checkRpId, type CallerOrigin } from './client/origin.js';
export type {
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  PublicKeyCredentialDescriptorJSON,
  AuthenticationExtensionsClientInputsJSON,
  AuthenticationExtensionsClientOutputsJSON,
  AuthenticationExtensionsPRFValuesJSON,
  AuthenticationExtensionsPRFInputsJSON,
  AuthenticationExtensionsPRFOutputsJSON,
  AuthenticationExtensionsLargeBlobInputsJSON,
  AuthenticationExtensionsLargeBlobOutputsJSON,
  Base64URLString,
} from './client/types.js';
export { ScriptedUser, DEFAULT_TEST_PIN, type PinEntry, type PresenceOutcome, type VerificationOutcome, type AccountChoice, type AccountChooser, type UserScript } from './user/scriptedUser.js';
export { VfidoError } from './errors/vfidoError.js';
export { PinError, type PinErrorCode } from './ctap2/pinUv/directPin.js';
export type { MinPinLengthRequest } from './ctap2/commands/config.js';
export { CtapError, CtapStatus, ctapStatusName, type CtapStatusName } from './ctap2/status.js';
export { CtapCommand, type CallOptions } from './ctap2/command.js';
export type { Ctap2Outcome } from './ctap2/dispatch.js';
// CTAP1/U2F (FIDO U2F Raw Message Formats v1.2) for presets listing U2F_V2.
export { Ctap1Error, StatusWord, statusWordName, ControlByte, Ctap1Instruction, U2F_VERSION, U2F_RP_ID_PREFIX, parseApdu, type CommandApdu, type Ctap1Outcome, type StatusWordName } from './ctap1/index.js';
export { presets, presetIds, getPreset, aaguidName, PresetError } from './presets/index.js';
export type * from './presets/types.js';
export { MemoryCredentialStore } from './store/memoryStore.js';
export { FileCredentialStore, STORE_FORMAT, STORE_VERSION, type FileCredentialStoreOptions } from './store/fileStore.js';
export { CredentialStoreError, type CredentialStoreErrorCode, credentialToJSON, credentialFromJSON, type StoredCredentialJSON } from './store/serialize.js';
export {
  toCdpCredential,
  fromCdpCredential,
  toPlaywrightCredential,
  fromPlaywrightCredential,
  algorithmOfPkcs8,
  type CdpCredential,
  type PlaywrightCredential,
} from './store/interchange.js';
export type { CredentialStore, StoredCredential, CredentialCountFilter } from './store/types.js';
export { CoseAlgorithm, algorithmName, type CredentialAlgorithm, type SigningAlgorithm } from './crypto/algorithms.js';
export { prepareRsaKeys } from './crypto/rsaKeyPool.js';
export { attestationRootsPem, DEFAULT_CA_SEED } from './ca/testCa.js';
export { mdsBlob, mdsRootPem, type MdsBlob, type MdsBlobOptions } from './mds/index.js';
export { parseAuthenticatorData, buildAuthenticatorData } from './authData/index.js';
export { parseCoseKey, coseKeyToSpki } from './cose/index.js';
export { encodeCbor, decodeCbor, CborError } from './cbor/index.js';
// CTAPHID (CTAP 2.1 section 11.2) device state machine and its loopback socket server.
export {
  HidDevice,
  type HidDeviceOptions,
  type CtapHidAuthenticator,
  CtapHidCommand,
  CtapHidErrorCode,
  CtapHidCapability,
  KeepaliveStatus,
  ctapHidErrorName,
  parsePacket,
  encodeMessage,
  encodeMessageReports,
  MessageAssembler,
  type HidPacket,
} from './ctaphid/index.js';
export { serveCtapHid, TransportError, type ServeCtapHidOptions, type CtapHidServer, type CtapHidAddress, type TransportErrorCode } from './transport/index.js';
