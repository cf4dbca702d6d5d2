/**
 * What the client learns from authenticatorGetInfo (CTAP 2.1 6.4) before each ceremony, as a
 * browser does on device discovery: versions, extensions, options, PIN/UV auth protocols and
 * the size limits extension processing needs.
 * @module
 */
import type { CborMap, CborValue } from '../cbor/types.js';
import { CtapCommand } from '../ctap2/command.js';
import { CtapStatus } from '../ctap2/status.js';
import type { PinUvAuthProtocolVersion } from '../pin/pinUvAuthProtocol.js';
import type { CtapChannel } from './ceremony.js';

/** PIN/UV auth protocols this client implements, in its order of preference. */
export const CLIENT_PIN_UV_PROTOCOLS: readonly PinUvAuthProtocolVersion[] = [2, 1];

/** The getInfo facts the client acts on. */
export interface AuthenticatorInfo {
  versions: string[];
  extensions: string[];
  /** getInfo options (CTAP 2.1 6.4): absent means "not supported", false "supported, not configured". */
  options: Map<string, boolean>;
  /** pinUvAuthProtocols in the authenticator's order of preference (empty when not reported). */
  pinUvAuthProtocols: number[];
  /** maxMsgSize (CTAP 2.1 6.4: 1024 when absent). */
  maxMsgSize: number;
  /** maxSerializedLargeBlobArray (CTAP 2.1 6.4: at least 1024 when largeBlobs is supported). */
  maxSerializedLargeBlobArray: number;
  /** maxCredBlobLength, when reported. */
  maxCredBlobLength: number | undefined;
  /** minPINLength (CTAP 2.1 6.4: 4 when absent). */
  minPinLength: number;
  /** forcePINChange: the PIN must be changed before a token is issued. */
  forcePinChange: boolean;
}

const asInt = (v: CborValue, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback);

/**
 * Ask the authenticator for its info (CTAP 2.1 6.4).
 * @throws WebAuthnError as {@link CtapChannel.send} does
 */
export async function readAuthenticatorInfo(channel: CtapChannel): Promise<AuthenticatorInfo> {
  return infoFrom(await channel.send(CtapCommand.GetInfo));
}

/**
 * Ask for getInfo as a browser does on discovery: `undefined` when the authenticator does not speak CTAP2
 * (CTAP1_ERR_INVALID_COMMAND: a U2F-only key, which the client then drives over CTAP1, CTAP 2.1 section 10).
 * @throws WebAuthnError as {@link CtapChannel.send} does, for any other failure
 */
export async function probeAuthenticatorInfo(channel: CtapChannel): Promise<AuthenticatorInfo | undefined> {
  const answer = await channel.exchange(CtapCommand.GetInfo);
  if (answer.status === CtapStatus.CTAP1_ERR_INVALID_COMMAND) return undefined;
  if (answer.status !== 0) throw channel.failure(answer);
  return infoFrom(answer.body);
}

function infoFrom(m: CborMap): AuthenticatorInfo {
  const strings = (v: CborValue): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const options = new Map<string, boolean>();
  const rawOptions = m.get(0x04);
  if (rawOptions instanceof Map) for (const [k, v] of rawOptions) if (typeof k === 'string' && typeof v === 'boolean') options.set(k, v);
  const protocols = m.get(0x06);
  const credBlob = m.get(0x0f);
  return {
    versions: strings(m.get(0x01)),
    extensions: strings(m.get(0x02)),
    options,
    pinUvAuthProtocols: Array.isArray(protocols) ? protocols.filter((p): p is number => typeof p === 'number') : [],
    maxMsgSize: asInt(m.get(0x05), 1024),
    maxSerializedLargeBlobArray: asInt(m.get(0x0b), 1024),
    maxCredBlobLength: typeof credBlob === 'number' ? credBlob : undefined,
    minPinLength: asInt(m.get(0x0d), 4),
    forcePinChange: m.get(0x0c) === true,
  };
}

/**
 * The PIN/UV auth protocol the client uses with this authenticator: the first of its
 * pinUvAuthProtocols the client implements (CTAP 2.1 6.5.4 "the platform SHOULD use the first
 * protocol in the list it supports"), or undefined when none is reported.
 */
export function chooseProtocol(info: AuthenticatorInfo): PinUvAuthProtocolVersion | undefined {
  for (const p of info.pinUvAuthProtocols) if ((CLIENT_PIN_UV_PROTOCOLS as readonly number[]).includes(p)) return p as PinUvAuthProtocolVersion;
  return undefined;
}
