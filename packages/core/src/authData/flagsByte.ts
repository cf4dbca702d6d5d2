/**
 * The flags byte of authenticatorData (WebAuthn L3 6.1 "Authenticator Data", `flags`).
 * @module
 */

/** Flag bits with their spec names (WebAuthn L3 6.1); bits 1 and 5 are reserved (RFU). */
export const AuthDataFlag = {
  /** bit 0: User Present */
  UP: 0x01,
  /** bit 2: User Verified */
  UV: 0x04,
  /** bit 3: Backup Eligibility */
  BE: 0x08,
  /** bit 4: Backup State */
  BS: 0x10,
  /** bit 6: Attested credential data included */
  AT: 0x40,
  /** bit 7: Extension data included */
  ED: 0x80,
} as const;

/** The flags of parsed authenticator data. */
export interface AuthenticatorDataFlags {
  /** User Present (bit 0). */
  up: boolean;
  /** User Verified (bit 2). */
  uv: boolean;
  /** Backup Eligibility (bit 3). */
  be: boolean;
  /** Backup State (bit 4). */
  bs: boolean;
  /** Attested credential data included (bit 6). */
  at: boolean;
  /** Extension data included (bit 7). */
  ed: boolean;
  /** The whole byte, RFU bits included. */
  raw: number;
}

/**
 * Pack flags into the flags byte; absent flags are clear.
 * @param flags - the flags to set
 * @example `flagsByte({ up: true, uv: true, at: true }) === 0x45`
 */
export function flagsByte(flags: Partial<Omit<AuthenticatorDataFlags, 'raw'>>): number {
  return (
    (flags.up ? AuthDataFlag.UP : 0) |
    (flags.uv ? AuthDataFlag.UV : 0) |
    (flags.be ? AuthDataFlag.BE : 0) |
    (flags.bs ? AuthDataFlag.BS : 0) |
    (flags.at ? AuthDataFlag.AT : 0) |
    (flags.ed ? AuthDataFlag.ED : 0)
  );
}

/**
 * Unpack the flags byte.
 * @param raw - the flags byte (authenticatorData[32])
 */
export function parseFlagsByte(raw: number): AuthenticatorDataFlags {
  return {
    up: (raw & AuthDataFlag.UP) !== 0,
    uv: (raw & AuthDataFlag.UV) !== 0,
    be: (raw & AuthDataFlag.BE) !== 0,
    bs: (raw & AuthDataFlag.BS) !== 0,
    at: (raw & AuthDataFlag.AT) !== 0,
    ed: (raw & AuthDataFlag.ED) !== 0,
    raw,
  };
}
