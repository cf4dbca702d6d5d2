/** Types of the demo RP (server.mjs), for the TypeScript tests. */

export interface DemoServerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Listen address; default 127.0.0.1 (pages are served as http://localhost:<port>). */
  host?: string;
  /** Where store.json and the MDS BLOB live; default a new temp dir. */
  dataDir?: string;
  /** Policy files; default examples/policies/. */
  policyDir?: string;
  /** Do not log internal errors. */
  quiet?: boolean;
}

export interface DemoUser {
  username: string;
  displayName: string;
  group: string;
  userHandle: string;
  createdAt: string;
  tap?: { hash: string; expiresAt: string; usedAt?: string };
}

export interface DemoCredential {
  id: string;
  username: string;
  publicKey: string;
  algorithm: number;
  signCount: number;
  transports: string[];
  aaguid: string;
  model: string;
  backupEligible: boolean;
  backupState: boolean;
  fmt: string;
  attestationType: string;
  trust: string;
  profile: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface DemoStoreData {
  version: number;
  users: Record<string, DemoUser>;
  credentials: Record<string, DemoCredential>;
  sessions: Record<string, { createdAt: string; username?: string; auth?: { method: string; combination: string; aaguid?: string } }>;
  activity: { at: string; username: string; event: string; outcome: string; detail: string }[];
}

export interface DemoServer {
  /** http://localhost:<port> */
  url: string;
  origin: string;
  port: number;
  dataDir: string;
  /** Demo group ids (standard-users, admins, ...). */
  groups: string[];
  store: { path: string; data: DemoStoreData };
  trust: { blobPath: string; rootPath: string; generated: boolean; summary: { no: number; nextUpdate: string; entries: number; stale: boolean } };
  close(): Promise<void>;
}

/** Starts the demo relying party. */
export function startDemoServer(options?: DemoServerOptions): Promise<DemoServer>;
