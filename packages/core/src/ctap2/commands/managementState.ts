/**
 * Volatile state of the stateful management commands: the RP or credential enumeration of
 * authenticatorCredentialManagement (CTAP 2.1 6.8.3 / 6.8.4) and the pending write of
 * authenticatorLargeBlobs (6.10.2 expectedLength / expectedNextOffset). Held per power-up: it is
 * keyed on the power-up's PIN/UV runtime, which a power cycle replaces, so nothing survives one.
 * @module
 */
import type { CborMap } from '../../cbor/types.js';
import type { AuthenticatorState } from '../command.js';
import type { PinUvRuntime } from '../pinUv/pinUvAuthToken.js';

/** authenticatorCredentialManagement command bytes: CTAP 2.1 (0x0a) and the 2.1-PRE prototype (0x41, 6.13). */
export const CREDENTIAL_MANAGEMENT_COMMANDS: ReadonlySet<number> = new Set([0x0a, 0x41]);

/** How long an enumeration waits for its next GetNext subcommand (as getNextAssertion's 30 s timer, CTAP 2.1 6.3). */
export const ENUMERATION_WINDOW_MS = 30_000;

/** An RP or credential enumeration in progress. */
export interface Enumeration {
  /** `rps` after enumerateRPsBegin, `credentials` after enumerateCredentialsBegin. */
  kind: 'rps' | 'credentials';
  /** Command byte the Begin came with (0x0a or 0x41): the GetNext must use the same. */
  command: number;
  /** What is left to hand out: RP IDs, or credential ids. */
  remaining: (string | Uint8Array)[];
  /** When the state is discarded if no GetNext arrives. */
  expiresAt: number;
}

/** A large-blob array being written in fragments (CTAP 2.1 6.10.2 step 5). */
export interface LargeBlobWrite {
  /** Total length announced with offset 0. */
  expectedLength: number;
  /** Offset the next fragment must start at. */
  expectedNextOffset: number;
  /** Fragments received so far. */
  chunks: Uint8Array[];
}

/** Everything held for one power-up. */
export interface ManagementState {
  /** The credentialManagement enumeration waiting for its GetNext, if any. */
  enumeration: Enumeration | undefined;
  /** The largeBlobs write waiting for its next fragment, if any. */
  largeBlobWrite: LargeBlobWrite | undefined;
}

const byPowerUp = new WeakMap<PinUvRuntime, ManagementState>();

/** The management state of the current power-up (created empty on first use). */
export function managementState(state: Pick<AuthenticatorState, 'pinUv'>): ManagementState {
  let s = byPowerUp.get(state.pinUv);
  if (!s) byPowerUp.set(state.pinUv, (s = { enumeration: undefined, largeBlobWrite: undefined }));
  return s;
}

/** The GetNext subcommand that continues an enumeration of `kind` (CTAP 2.1 6.8: 0x03 / 0x05). */
const CONTINUATION = { rps: 0x03, credentials: 0x05 } as const;

/**
 * Called by the dispatcher before every command: an enumeration survives only its own GetNext
 * subcommand (same command byte); any other command discards it, like getNextAssertion's state
 * (CTAP 2.1 6.8.3 / 6.8.4 stateful subcommands; 6.3 for the rule they mirror).
 * @param state - authenticator state
 * @param command - the command byte about to run
 * @param params - its decoded parameters
 */
export function discardInterruptedEnumeration(state: Pick<AuthenticatorState, 'pinUv'>, command: number, params: CborMap): void {
  const s = byPowerUp.get(state.pinUv);
  const e = s?.enumeration;
  if (!s || !e) return;
  if (command === e.command && params.get(0x01) === CONTINUATION[e.kind]) return;
  s.enumeration = undefined;
}
