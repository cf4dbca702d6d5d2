/**
 * What `vfido create` and `vfido get` share: the authenticator with its store, origin and RP ID
 * checks, and flag parsers.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { InvalidArgumentError } from 'commander';
import { FileCredentialStore, MemoryCredentialStore, VirtualAuthenticator, type CredentialStore } from '@vfido/core';
import { usage } from './errors.js';

/** Flags both ceremonies accept. */
export interface CeremonyFlags {
  origin: string;
  rpId?: string;
  challenge?: string;
  store?: string;
  seed?: string;
  preset?: string;
  uv?: 'required' | 'preferred' | 'discouraged';
  via?: 'direct' | 'hybrid';
  options?: string;
  json?: boolean;
}

/**
 * Check `--origin` and derive the RP ID from its host when `--rp-id` is absent.
 * @throws CliError `ERR_BAD_ORIGIN`
 */
export function originAndRpId(origin: string, rpId: string | undefined): { origin: string; rpId: string } {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw usage('ERR_BAD_ORIGIN', `--origin '${origin}' is not a URL`, 'pass the page origin, e.g. https://login.example.com');
  }
  if (url.origin === 'null' || url.origin !== origin.replace(/\/$/, '')) {
    throw usage('ERR_BAD_ORIGIN', `--origin '${origin}' is not an origin (scheme://host[:port] only)`, `pass ${url.origin === 'null' ? 'https://<host>' : url.origin}`);
  }
  return { origin: url.origin, rpId: rpId ?? url.hostname };
}

/** Open the `--store` file, or an in-memory store when none is given. */
export function openStore(path: string | undefined): CredentialStore {
  return path === undefined ? new MemoryCredentialStore() : new FileCredentialStore(path);
}

/** The virtual authenticator for a ceremony. */
export function authenticatorFor(preset: string, store: CredentialStore, seed: string | undefined): VirtualAuthenticator {
  return new VirtualAuthenticator({ preset, store, ...(seed === undefined ? {} : { seed }) });
}

/** A fresh random 32-byte challenge, base64url. */
export function randomChallenge(): string {
  return randomBytes(32).toString('base64url');
}

/** commander parser for `--alg -7,-257`: COSE algorithm integers. */
export function parseAlgList(value: string): number[] {
  const algs = value.split(',').map((s) => s.trim());
  if (algs.length === 0 || algs.some((a) => !/^-?\d+$/.test(a))) {
    throw new InvalidArgumentError('expected COSE algorithm numbers separated by commas, e.g. -7,-257 (ES256, RS256)');
  }
  return algs.map(Number);
}

/** The `publicKey` member of `{ publicKey: {...} }`, or the object itself. */
export function unwrapPublicKey(value: Record<string, unknown>): Record<string, unknown> {
  const inner = value['publicKey'];
  return inner !== null && typeof inner === 'object' && !Array.isArray(inner) && 'challenge' in inner ? (inner as Record<string, unknown>) : value;
}
