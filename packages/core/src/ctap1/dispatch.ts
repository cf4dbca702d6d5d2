/**
 * The CTAP1/U2F message dispatcher: command APDU in, response data and status word out
 * (FIDO U2F Raw Message Formats v1.2; CTAP 2.1 section 11.2.9.1.1 CTAPHID_MSG carries these).
 * Only presets whose getInfo.versions lists `U2F_V2` speak U2F (CTAP 2.1 6.4).
 * @module
 */
import type { AuthenticatorState } from '../ctap2/command.js';
import { parseApdu, responseApdu, type CommandApdu } from './apdu.js';
import { authenticate } from './authenticate.js';
import { register } from './register.js';
import { Ctap1Error, StatusWord } from './status.js';
import { U2F_VERSION, speaksU2f, version } from './version.js';

/** U2F instruction bytes (INS). */
export const Ctap1Instruction = {
  REGISTER: 0x01,
  AUTHENTICATE: 0x02,
  VERSION: 0x03,
} as const;

type Ctap1Handler = (state: AuthenticatorState, apdu: CommandApdu) => Uint8Array | Promise<Uint8Array>;

const HANDLERS = new Map<number, Ctap1Handler>([
  [Ctap1Instruction.REGISTER, register],
  [Ctap1Instruction.AUTHENTICATE, authenticate],
  [Ctap1Instruction.VERSION, version],
]);

/** Outcome of one U2F request, with the typed error kept for in-process callers. */
export interface Ctap1Outcome {
  /** Status word, 0x9000 on success. */
  sw: number;
  /** Response data (empty on error). */
  data: Uint8Array;
  /** The rejection, with its actionable message. */
  error?: Ctap1Error;
}

function asCtap1Error(error: unknown): Ctap1Error {
  if (error instanceof Ctap1Error) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new Ctap1Error(StatusWord.SW_UNKNOWN, `internal error: ${message}`, { cause: error });
}

function route(state: AuthenticatorState, bytes: Uint8Array): Uint8Array | Promise<Uint8Array> {
  const apdu = parseApdu(bytes);
  if (apdu.cla !== 0x00) throw new Ctap1Error(StatusWord.SW_CLA_NOT_SUPPORTED, `CLA 0x${apdu.cla.toString(16).padStart(2, '0')} is not supported: U2F uses CLA 0x00`);
  if (!speaksU2f(state.preset)) {
    throw new Ctap1Error(StatusWord.SW_INS_NOT_SUPPORTED, `${state.preset.id} does not implement CTAP1/U2F (getInfo.versions has no ${U2F_VERSION}): use CTAP2`);
  }
  const handler = HANDLERS.get(apdu.ins);
  if (!handler) throw new Ctap1Error(StatusWord.SW_INS_NOT_SUPPORTED, `INS 0x${apdu.ins.toString(16).padStart(2, '0')} is not a U2F command (0x01 REGISTER, 0x02 AUTHENTICATE, 0x03 VERSION)`);
  return handler(state, apdu);
}

/**
 * Run one U2F request. Never throws or rejects: failures come back as their status word with the
 * error; anything unexpected is SW_UNKNOWN (0x6F00, ISO 7816-4 "no precise diagnosis").
 * @param state - the authenticator
 * @param apdu - one command APDU (short or extended length)
 */
export async function runCtap1(state: AuthenticatorState, apdu: Uint8Array): Promise<Ctap1Outcome> {
  try {
    return { sw: StatusWord.SW_NO_ERROR, data: await route(state, apdu) };
  } catch (cause) {
    const error = asCtap1Error(cause);
    return { sw: error.sw, data: new Uint8Array(0), error };
  }
}

/**
 * Run one U2F request and encode the response APDU: response data || SW1 SW2.
 * @param state - the authenticator
 * @param apdu - one command APDU
 */
export async function handleCtap1(state: AuthenticatorState, apdu: Uint8Array): Promise<Uint8Array> {
  const { sw, data } = await runCtap1(state, apdu);
  return responseApdu(data, sw);
}
