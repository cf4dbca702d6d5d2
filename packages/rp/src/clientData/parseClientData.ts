/**
 * Client data parser (WebAuthn L3 5.8.1 `CollectedClientData`; 7.1 steps 5-6, 7.2 steps 9-10).
 * @module
 */
import { VerificationError } from '../errors.js';

/** The members of `CollectedClientData` the verifier reads; other members are kept in `raw`. */
export interface CollectedClientData {
  type: string;
  challenge: string;
  origin: string;
  crossOrigin?: boolean;
  topOrigin?: string;
  /** The whole parsed object (e.g. `androidPackageName`, `tokenBinding` from older clients). */
  raw: Readonly<Record<string, unknown>>;
}

const utf8 = new TextDecoder('utf-8'); // "UTF-8 decode": strips a leading BOM, replaces invalid sequences

const invalid = (message: string, cause?: unknown): VerificationError =>
  new VerificationError('ERR_INVALID_RESPONSE', message, cause === undefined ? undefined : { cause });

/**
 * UTF-8 decodes and JSON-parses `clientDataJSON`.
 * @throws VerificationError ERR_INVALID_RESPONSE when it is not a JSON object with string `type`, `challenge`, `origin`
 */
export function parseClientData(clientDataJSON: Uint8Array): CollectedClientData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(clientDataJSON));
  } catch (cause) {
    throw invalid('clientDataJSON is not valid JSON', cause);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('clientDataJSON is not a JSON object');
  const raw = parsed as Record<string, unknown>;
  for (const key of ['type', 'challenge', 'origin'] as const) {
    if (typeof raw[key] !== 'string') throw invalid(`clientDataJSON.${key} must be a string`);
  }
  if (raw.crossOrigin !== undefined && typeof raw.crossOrigin !== 'boolean') throw invalid('clientDataJSON.crossOrigin must be a boolean');
  if (raw.topOrigin !== undefined && typeof raw.topOrigin !== 'string') throw invalid('clientDataJSON.topOrigin must be a string');
  const data: CollectedClientData = {
    type: raw.type as string,
    challenge: raw.challenge as string,
    origin: raw.origin as string,
    raw,
  };
  if (raw.crossOrigin !== undefined) data.crossOrigin = raw.crossOrigin as boolean;
  if (raw.topOrigin !== undefined) data.topOrigin = raw.topOrigin as string;
  return data;
}
