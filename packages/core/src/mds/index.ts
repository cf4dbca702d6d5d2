/**
 * FIDO MDS3 metadata BLOBs for vfido presets, signed by a vfido TEST PKI (FIDO Metadata Service v3.0).
 * @module
 */
export { mdsBlob, DEFAULT_MDS_LEGAL_HEADER, DEFAULT_MDS_NEXT_UPDATE, MDS_STATUS_DATE, type MdsBlob, type MdsBlobOptions } from './mdsBlob.js';
export { mdsRootPem } from './mdsSigner.js';
export { metadataStatement, u2fMetadataStatement, authenticatorGetInfoJson } from './metadataStatement.js';
export { attestationKeyIdentifiers } from './attestationKeyIdentifiers.js';
export { MdsError, type MdsErrorCode } from './mdsError.js';
export type * from './mdsTypes.js';
