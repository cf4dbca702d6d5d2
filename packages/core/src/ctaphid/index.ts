/**
 * CTAPHID (CTAP 2.1 section 11.2): the virtual HID device state machine, packets and constants.
 * @module
 */
export { HidDevice, type HidDeviceOptions, type CtapHidAuthenticator } from './device.js';
export { MessageAssembler } from './channel.js';
export { parsePacket, encodeMessage, encodeMessageReports, type HidPacket, type InitPacket, type ContPacket } from './packet.js';
export { hidCapabilities, hidDeviceVersion, initResponse, type DeviceVersion, type HidPresetInfo } from './deviceInfo.js';
export {
  CtapHidCommand,
  CtapHidErrorCode,
  CtapHidCapability,
  KeepaliveStatus,
  ctapHidErrorName,
  REPORT_SIZE,
  INIT_DATA_SIZE,
  CONT_DATA_SIZE,
  MAX_MESSAGE_SIZE,
  BROADCAST_CID,
  type CtapHidCommandCode,
  type CtapHidErrorCodeValue,
} from './commands.js';
