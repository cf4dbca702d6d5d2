/**
 * CTAPHID constants: command bytes, error codes, capability flags, keepalive statuses and packet
 * sizes (CTAP 2.1 section 11.2 "USB Human Interface Device (USB HID)").
 * @module
 */

/** HID report size of a full-speed FIDO device, in bytes (CTAP 2.1 11.2.4, 11.2.8.1). */
export const REPORT_SIZE = 64;
/** Data bytes in an initialization packet: report size minus CID(4), CMD(1), BCNTH(1), BCNTL(1). */
export const INIT_DATA_SIZE = REPORT_SIZE - 7;
/** Data bytes in a continuation packet: report size minus CID(4), SEQ(1). */
export const CONT_DATA_SIZE = REPORT_SIZE - 5;
/** Largest continuation sequence number: SEQ runs 0..0x7f (CTAP 2.1 11.2.4). */
export const MAX_SEQ = 0x7f;
/** Largest message: one init packet and 128 continuation packets, 57 + 128 * 59 = 7609 bytes (CTAP 2.1 11.2.4). */
export const MAX_MESSAGE_SIZE = INIT_DATA_SIZE + (MAX_SEQ + 1) * CONT_DATA_SIZE;
/** The broadcast channel, used only to allocate channels with CTAPHID_INIT (CTAP 2.1 11.2.3). */
export const BROADCAST_CID = 0xffffffff;
/** Bit 7 of the CMD byte marks an initialization packet (CTAP 2.1 11.2.4). */
export const TYPE_INIT = 0x80;
/** CTAPHID protocol version reported by CTAPHID_INIT (CTAP 2.1 11.2.9.1.3). */
export const CTAPHID_PROTOCOL_VERSION = 2;
/** Longest CTAPHID_LOCK time, in seconds (CTAP 2.1 11.2.9.2.2). */
export const MAX_LOCK_SECONDS = 10;

/** CTAPHID command codes, without the TYPE_INIT bit (CTAP 2.1 11.2.9). */
export const CtapHidCommand = {
  PING: 0x01,
  MSG: 0x03,
  LOCK: 0x04,
  INIT: 0x06,
  WINK: 0x08,
  CBOR: 0x10,
  CANCEL: 0x11,
  KEEPALIVE: 0x3b,
  ERROR: 0x3f,
} as const;

/** A CTAPHID command code. */
export type CtapHidCommandCode = (typeof CtapHidCommand)[keyof typeof CtapHidCommand];

/** CTAPHID_ERROR codes (CTAP 2.1 11.2.9.1.6). */
export const CtapHidErrorCode = {
  /** The command in the request is invalid. */
  ERR_INVALID_CMD: 0x01,
  /** The parameter(s) in the request is invalid. */
  ERR_INVALID_PAR: 0x02,
  /** The length field (BCNT) is invalid for the request. */
  ERR_INVALID_LEN: 0x03,
  /** The sequence does not match expected value. */
  ERR_INVALID_SEQ: 0x04,
  /** The message has timed out. */
  ERR_MSG_TIMEOUT: 0x05,
  /** The device is busy for the requesting channel. */
  ERR_CHANNEL_BUSY: 0x06,
  /** Command requires channel lock (no CTAP 2.1 command does; never sent by vfido). */
  ERR_LOCK_REQUIRED: 0x0a,
  /** CID is not valid. */
  ERR_INVALID_CHANNEL: 0x0b,
  /** Unspecified error. */
  ERR_OTHER: 0x7f,
} as const;

/** A CTAPHID_ERROR code. */
export type CtapHidErrorCodeValue = (typeof CtapHidErrorCode)[keyof typeof CtapHidErrorCode];

/** Capability flags in the CTAPHID_INIT response (CTAP 2.1 11.2.9.1.3). */
export const CtapHidCapability = {
  /** Implements CTAPHID_WINK. */
  WINK: 0x01,
  /** Implements CTAPHID_CBOR. */
  CBOR: 0x04,
  /** Does NOT implement CTAPHID_MSG. */
  NMSG: 0x08,
} as const;

/** CTAPHID_KEEPALIVE status bytes (CTAP 2.1 11.2.9.1.7). */
export const KeepaliveStatus = {
  /** The authenticator is still processing the current request. */
  PROCESSING: 1,
  /** The authenticator is waiting for user presence. */
  UPNEEDED: 2,
} as const;

/** The spec name of a CTAPHID_ERROR code, e.g. `ERR_CHANNEL_BUSY`; `ERR_0x42` for unknown codes. */
export function ctapHidErrorName(code: number): string {
  for (const [name, value] of Object.entries(CtapHidErrorCode)) if (value === code) return name;
  return `ERR_0x${code.toString(16).padStart(2, '0')}`;
}
