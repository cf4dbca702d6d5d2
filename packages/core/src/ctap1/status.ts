/**
 * CTAP1/U2F status words (FIDO U2F Raw Message Formats v1.2 section 3.3 "Status Codes", values
 * from ISO 7816-4) and the typed error that carries them.
 * @module
 */

/** Status words a U2F authenticator answers with: SW1 SW2 as one 16-bit number. */
export const StatusWord = {
  /** The command completed successfully. */
  SW_NO_ERROR: 0x9000,
  /** The request was rejected due to test-of-user-presence being required (or, check-only: the key handle is ours). */
  SW_CONDITIONS_NOT_SATISFIED: 0x6985,
  /** The request was rejected due to an invalid key handle. */
  SW_WRONG_DATA: 0x6a80,
  /** The length of the request was invalid. */
  SW_WRONG_LENGTH: 0x6700,
  /** The Class byte of the request is not supported. */
  SW_CLA_NOT_SUPPORTED: 0x6e00,
  /** The Instruction of the request is not supported. */
  SW_INS_NOT_SUPPORTED: 0x6d00,
  /** ISO 7816-4 "no precise diagnosis": an internal failure of vfido, never a verdict on the request. */
  SW_UNKNOWN: 0x6f00,
} as const;

/** Name of a status word, e.g. `'SW_WRONG_DATA'`. */
export type StatusWordName = keyof typeof StatusWord;

const NAMES = new Map<number, StatusWordName>((Object.entries(StatusWord) as [StatusWordName, number][]).map(([name, value]) => [value, name]));

/**
 * The spec name of a status word; unknown words are kept: `SW_0x6a86`.
 * @param sw - the 16-bit status word
 */
export function statusWordName(sw: number): string {
  return NAMES.get(sw) ?? `SW_0x${sw.toString(16).padStart(4, '0')}`;
}

/**
 * A CTAP1/U2F rejection: `sw` is the status word the authenticator answers with, `code` and
 * `message` start with its spec name.
 * @example `throw new Ctap1Error(StatusWord.SW_WRONG_DATA, 'the key handle was not made by this authenticator for this application')`
 */
export class Ctap1Error extends Error {
  override readonly name = 'Ctap1Error';
  /** The spec name of {@link Ctap1Error.sw}, e.g. `SW_WRONG_DATA`. */
  readonly code: string;
  /**
   * @param sw - the status word (see {@link StatusWord})
   * @param detail - what went wrong, for a person (never key material)
   * @param opts - optional `cause`
   */
  constructor(
    readonly sw: number,
    detail?: string,
    opts?: ErrorOptions,
  ) {
    const code = statusWordName(sw);
    super(detail ? `${code}: ${detail}` : code, opts);
    this.code = code;
  }
}
