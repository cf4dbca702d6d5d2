/** Types of scripts/peers.mjs (the peer finder/installer), for the TypeScript tests. */

/** One row of the peers table. */
export interface Peer {
  id: string;
  /** What it is and what uses it. */
  what: string;
  /** Purposes that need it (`demo`, `test`); empty = optional, checked only when named. */
  for: string[];
  /** Environment overrides of its path, first set wins. */
  env: string[];
  /** Debian packages. */
  apt: string[];
  /** The install command where apt is not available. */
  other: string;
}

/** Where a peer is, or why it is not usable. */
export interface PeerStatus {
  id: string;
  peer: Peer;
  /** The executable (browser, python3, fido2-cred...), when found. */
  path?: string;
  /** Where it came from: an override's name, "Debian's", "Playwright's", "PATH". */
  source?: string;
  /** The override that named a missing or broken file. */
  override?: string;
  problem?: string;
  fix?: string;
}

export interface FindOptions {
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** `--browser-path` (chromium only; wins over the environment). */
  browserPath?: string;
}

export interface EnsureOptions extends FindOptions {
  /** Purposes (`demo`, `test`) or peer ids; default ['test']. */
  purposes?: string[];
  /** Install missing peers where possible; default: unless VFIDO_PEERS_INSTALL=0. */
  install?: boolean;
  /** Where progress and the report go; default stderr. */
  log?: (line: string) => void;
}

export interface EnsureResult {
  /** 0 every peer found, 2 one is missing (the fix was logged). */
  code: 0 | 2;
  peers: PeerStatus[];
}

export declare const PEERS: readonly Peer[];
export declare const PURPOSES: readonly string[];
/** @throws Error for an unknown id */
export declare function findPeer(id: string, options?: FindOptions): PeerStatus;
/** The executable of peer `id` (browser, python3, fido2-cred). @throws Error naming the exact command to run when it is missing */
export declare function peerPath(id: string, options?: FindOptions): string;
/** The Chromium to launch. @throws Error naming the exact command to run when there is none */
export declare function chromiumPath(options?: FindOptions): string;
/** @throws Error for an unknown purpose or id */
export declare function peersFor(names: readonly string[]): string[];
export declare function installCommand(missing: readonly PeerStatus[], env?: NodeJS.ProcessEnv): string | undefined;
export declare function ensurePeers(options?: EnsureOptions): Promise<EnsureResult>;
