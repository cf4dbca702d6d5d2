/**
 * Shared harness of the CTAP2 command targets: a fresh VirtualAuthenticator per input, chosen by a
 * selector byte (preset, scripted user behaviour, PIN set or not), whose store starts with a few
 * credentials made by real ceremonies, so that getAssertion, credentialManagement and friends find
 * something. Each request goes through `handle` (the wire path) and is checked:
 * - a status byte always comes back, never a throw or rejection, and it is a CTAP 2.1 8.2 status;
 * - CTAP2_OK carries nothing or one canonical CBOR map (CTAP 2.1 section 8); errors carry nothing;
 * - CTAP1_ERR_OTHER is replayed through `request` on an identical authenticator: an "internal
 *   error" (an untyped exception inside a handler) is a finding;
 * - a failed request leaves the credentials as they were (no partial results), and the store
 *   always lists credentials that survive credentialToJSON/credentialFromJSON unchanged.
 * @module
 */
import { CtapStatus, getPreset, MemoryCredentialStore, ScriptedUser, VirtualAuthenticator, WebAuthnClient, credentialFromJSON, credentialToJSON } from '../../packages/core/src/index.js';
import type { StoredCredentialJSON } from '../../packages/core/src/index.js';
import { decodeCbor, isCanonical } from '../../packages/core/src/cbor/index.js';
import { splitParts } from '../engine/parts.js';
import { invariant, InvariantViolation } from '../engine/target.js';

/** Presets the selector byte picks from (low 3 bits). */
export const CTAP_PRESETS = ['yubikey-5-nfc', 'generic', 'titan', 'icloud-keychain', 'samsung-pass', 'yubikey-5c', 'solokey', 'feitian'] as const;
const PRESENCE = ['accept', 'accept', 'refuse', 'timeout'] as const;
const VERIFICATION = ['accept', 'accept', 'fail', 'refuse'] as const;
const STATUSES = new Set<number>(Object.values(CtapStatus));
/** The PIN set when the selector's top bit is set. */
export const FUZZ_PIN = '1234';

const prepared = new Map<string, StoredCredentialJSON[]>();

/** Credentials made once per preset by WebAuthn ceremonies (two RPs, discoverable and not). */
async function preparedCredentials(preset: string): Promise<StoredCredentialJSON[]> {
  const hit = prepared.get(preset);
  if (hit) return hit;
  const authenticator = new VirtualAuthenticator({ preset, seed: 'fuzz-prepare' });
  const alg = authenticator.preset.algorithms[0] ?? -7;
  for (const [rp, origin, residentKey, user] of [
    ['example.com', 'https://example.com', 'required', 'AQID'],
    ['example.com', 'https://example.com', 'discouraged', 'BAUG'],
    ['other.example', 'https://other.example', 'required', 'BwgJ'],
  ] as const) {
    const client = new WebAuthnClient({ authenticator, origin });
    try {
      await client.create({
        rp: { id: rp, name: rp },
        user: { id: user, name: `user-${user}`, displayName: `User ${user}` },
        challenge: 'ZnV6ei1jaGFsbGVuZ2UtMDAwMDAwMDAwMDAwMDAwMDA',
        pubKeyCredParams: [{ type: 'public-key', alg }],
        authenticatorSelection: { residentKey, userVerification: 'discouraged' },
        extensions: { credProtect: 1 } as Record<string, unknown>,
      });
    } catch {
      /* a preset that refuses one of these (e.g. no non-discoverable credentials) still gets the others */
    }
  }
  const list = authenticator.exportCredentials('vfido');
  prepared.set(preset, list);
  return list;
}

/** What the selector byte asks for. */
export interface Selection {
  preset: string;
  presence: (typeof PRESENCE)[number];
  verification: (typeof VERIFICATION)[number];
  pin: boolean;
}

/** Decode the selector byte. */
export function selection(byte: number): Selection {
  return {
    preset: CTAP_PRESETS[byte & 7] as string,
    presence: PRESENCE[(byte >> 3) & 3] as Selection['presence'],
    verification: VERIFICATION[(byte >> 5) & 3] as Selection['verification'],
    pin: (byte & 0x80) !== 0,
  };
}

/**
 * A fresh authenticator as the selector describes it. With `rsa: false` the preset offers no RS256
 * (a preset object without -257): an RSA-2048 key generation takes 0.15-2.5 s, which would make
 * multi-request sessions crawl; ctap2-make-credential keeps RS256.
 */
export async function freshAuthenticator(sel: Selection, options: { rsa?: boolean } = {}): Promise<VirtualAuthenticator> {
  const store = new MemoryCredentialStore((await preparedCredentials(sel.preset)).map((c) => credentialFromJSON(c)));
  const user = new ScriptedUser();
  user.presence = sel.presence;
  user.verification = sel.verification;
  const base = getPreset(sel.preset);
  const preset = options.rsa === false ? { ...base, algorithms: base.algorithms.filter((alg) => alg !== -257) } : base;
  const authenticator = new VirtualAuthenticator({ preset, seed: 'fuzz', store, user });
  if (sel.pin) {
    const withPin = authenticator as unknown as { setPin?: (pin: string) => void };
    try {
      withPin.setPin?.(FUZZ_PIN);
    } catch {
      /* presets without clientPin refuse: fine, the input runs without a PIN */
    }
  }
  return authenticator;
}

/** The credentials of a store as JSON text, for before/after comparisons. */
function snapshot(authenticator: VirtualAuthenticator): string {
  return JSON.stringify(authenticator.store.list().map(credentialToJSON));
}

/**
 * Send one request and check the answer (see the module comment).
 * @returns the status byte
 */
export async function checkedRequest(authenticator: VirtualAuthenticator, request: Uint8Array, sel: Selection, replay: () => Promise<VirtualAuthenticator>): Promise<number> {
  const before = snapshot(authenticator);
  let frame: unknown;
  try {
    frame = await authenticator.handle(request);
  } catch (error) {
    throw new InvariantViolation(`handle() threw instead of answering a status byte: ${(error as Error).message}`, { cause: error });
  }
  invariant(frame instanceof Uint8Array && frame.length >= 1, 'handle() did not answer a status byte');
  const status = frame[0] as number;
  invariant(STATUSES.has(status), () => `unknown status 0x${status.toString(16)}`);
  if (status === CtapStatus.CTAP2_OK) {
    if (frame.length > 1) {
      const body = frame.subarray(1);
      invariant(isCanonical(body), 'a CTAP2_OK response is not canonical CBOR');
      invariant(decodeCbor(body) instanceof Map, 'a CTAP2_OK response is not a CBOR map');
    }
  } else {
    invariant(frame.length === 1, 'an error status carries a body');
    invariant(snapshot(authenticator) === before, () => `a failed request (status 0x${status.toString(16)}) changed the stored credentials`);
  }
  if (status === CtapStatus.CTAP1_ERR_OTHER) {
    const outcome = await (await replay()).request(request);
    const message = outcome.error?.message ?? '';
    if (message.startsWith('internal error')) throw new InvariantViolation(`${sel.preset}: ${message}`, { cause: outcome.error?.cause ?? outcome.error });
  }
  for (const c of authenticator.store.list()) {
    const json = credentialToJSON(c);
    let back: string;
    try {
      back = JSON.stringify(credentialToJSON(credentialFromJSON(json)));
    } catch (error) {
      throw new InvariantViolation(`a stored credential does not survive its JSON form (a FileCredentialStore could not load it): ${(error as Error).message}`, { cause: error });
    }
    invariant(back === JSON.stringify(json), 'a stored credential changes through its JSON form');
  }
  return status;
}

/**
 * Run a command target's input: part 0's first byte selects the authenticator, part 1 is the CBOR
 * parameter map, sent after `command` (or, for `command` undefined, part 1 is the whole request).
 * `then` may send follow-up requests (getNextAssertion after getAssertion).
 */
export async function runCommand(command: number | undefined, data: Uint8Array, then?: (send: (request: Uint8Array) => Promise<number>, status: number, sel: Selection) => Promise<void>): Promise<void> {
  const [selector, params] = splitParts(data, 2) as [Uint8Array, Uint8Array];
  const sel = selection(selector[0] ?? 0);
  const authenticator = await freshAuthenticator(sel);
  const request = command === undefined ? params : concat(Uint8Array.of(command), params);
  const sent: Uint8Array[] = [];
  const replay = async (): Promise<VirtualAuthenticator> => {
    const twin = await freshAuthenticator(sel);
    for (const r of sent.slice(0, -1)) await twin.handle(r);
    return twin;
  };
  const send = (r: Uint8Array): Promise<number> => {
    sent.push(r);
    return checkedRequest(authenticator, r, sel, replay);
  };
  const status = await send(request);
  if (then) await then(send, status, sel);
}

/** Concatenate byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
