/**
 * One random P-256 key pair made ahead, off the event loop: an unseeded ES256 registration takes it and
 * the next one is generated on libuv's threadpool (node:crypto `generateKeyPair`) while the process does
 * other things (a test between registrations loads pages, fills forms, asserts). A P-256 generation is
 * ~0.07 ms of CPU in a tight loop and ~0.13 ms when a browser and a test runner share the caches: a
 * visible share of a whole shim registration (issue 14 item 4). Every key is handed out once and is as
 * random as one generated at the time of the request; seeded (deterministic) keys never come from here.
 * @module
 */
import { generateKeyPairWithJwk } from './publicJwk.js';
import type { KeyPair } from './keyPair.js';

let spare: KeyPair | undefined;
let generating: Promise<void> | undefined;

function refill(): void {
  if (generating || spare) return;
  generating = generateKeyPairWithJwk('ec', { namedCurve: 'prime256v1' }).then(
    (pair) => {
      generating = undefined;
      spare = {
        alg: -7,
        privateKey: pair.privateKey,
        get publicKey() {
          return pair.publicKey;
        },
      };
    },
    () => {
      generating = undefined; // the next registration generates (and reports) its own
    },
  );
}

/**
 * The ready random P-256 key pair, if one is (undefined otherwise: the caller generates one now). Either
 * way the next one starts generating in the background.
 * @returns a key pair handed out to no one else, or undefined
 */
export function takeSpareP256Key(): KeyPair | undefined {
  const key = spare;
  spare = undefined;
  refill();
  return key;
}

/**
 * Start making the spare key now if there is none, and wait for it (tests; a suite's set-up may call it too).
 * @returns when a spare key is ready (or its generation failed: the next registration generates its own)
 */
export async function prepareSpareP256Key(): Promise<void> {
  refill();
  await generating;
}
