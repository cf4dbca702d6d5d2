/**
 * What a CTAPHID_INIT response says about the device: protocol version, device version and
 * capability flags (CTAP 2.1 section 11.2.9.1.3 "CTAPHID_INIT").
 * @module
 */
import { speaksU2f, speaksCtap2 } from '../ctap1/version.js';
import { BROADCAST_CID, CTAPHID_PROTOCOL_VERSION, CtapHidCapability } from './commands.js';

/** The authenticator facts the HID layer reads: getInfo versions and firmware version. */
export interface HidPresetInfo {
  readonly getInfo: { readonly versions: readonly string[]; readonly firmwareVersion?: number };
}

/** Device version bytes reported by CTAPHID_INIT: major, minor, build. */
export type DeviceVersion = readonly [major: number, minor: number, build: number];

/**
 * Capability flags for a preset: WINK and CBOR always; NMSG unless the device both emulates a model
 * whose getInfo lists `U2F_V2` and actually answers CTAPHID_MSG (CTAP 2.1 11.2.9.1.3, 11.2.9.1.1).
 * Claiming MSG without answering it would send U2F clients into ERR_INVALID_CMD.
 * @param preset - the emulated model (undefined: a FIDO2-only device)
 * @param answersMsg - whether the authenticator behind the device handles U2F requests (`handleU2f`)
 */
export function hidCapabilities(preset: HidPresetInfo | undefined, answersMsg: boolean): number {
  const u2f = answersMsg && speaksU2f(preset);
  // CTAP 2.1 11.2.9.2.1: CAPABILITY_CBOR only for devices that speak CTAP2 (a U2F-only key does not).
  return CtapHidCapability.WINK | (speaksCtap2(preset) ? CtapHidCapability.CBOR : 0) | (u2f ? 0 : CtapHidCapability.NMSG);
}

/**
 * Device version from getInfo's firmwareVersion read as 0xMMmmbb, the way YubiKeys report it
 * (329473 = 0x050701 is firmware 5.7.1); 0.0.0 when the preset has none or it does not fit.
 * @param preset - the emulated model
 */
export function hidDeviceVersion(preset: HidPresetInfo | undefined): DeviceVersion {
  const v = preset?.getInfo.firmwareVersion;
  if (v === undefined || !Number.isInteger(v) || v < 0 || v > 0xffffff) return [0, 0, 0];
  return [(v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

/**
 * The 17-byte CTAPHID_INIT response payload: nonce(8), CID(4), protocol version, major, minor,
 * build, capabilities.
 * @param nonce - the 8-byte nonce from the request, echoed
 * @param cid - the channel allocated (broadcast request) or resynchronized
 * @param version - device version bytes
 * @param capabilities - capability flags
 */
export function initResponse(nonce: Uint8Array, cid: number, version: DeviceVersion, capabilities: number): Uint8Array {
  if (cid === 0 || cid === BROADCAST_CID) throw new RangeError('init response needs an allocated channel');
  const out = new Uint8Array(17);
  out.set(nonce.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, cid >>> 0);
  out[12] = CTAPHID_PROTOCOL_VERSION;
  out.set(version.map((b) => b & 0xff), 13);
  out[16] = capabilities & 0xff;
  return out;
}
