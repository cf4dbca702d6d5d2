/**
 * Input for the CLI: files or stdin (`-`), and the byte encodings people paste (base64url, base64,
 * hex), each failure a {@link CliError} naming the input and the next step.
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { CliError, usage } from './errors.js';

/** Where a command reads stdin from; replaceable for tests. */
let stdinReader: () => Buffer = () => readFileSync(0);

/** Replace the stdin reader (tests only). */
export function setStdinReader(reader: () => Buffer): void {
  stdinReader = reader;
}

/**
 * The bytes of a file, or of stdin when `path` is `-`.
 * @param path - file path or `-`
 * @param what - what the file should hold, for messages (e.g. `--response`)
 * @throws CliError `ERR_FILE_NOT_FOUND`, `ERR_FILE_UNREADABLE`
 */
export function readInput(path: string, what: string): Buffer {
  if (path === '-') return stdinReader();
  if (!existsSync(path)) throw usage('ERR_FILE_NOT_FOUND', `${what}: no such file '${path}'`, 'check the path, or pass - to read stdin');
  try {
    if (statSync(path).isDirectory()) throw usage('ERR_FILE_UNREADABLE', `${what}: '${path}' is a directory`, 'pass a file');
    return readFileSync(path);
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError('ERR_FILE_UNREADABLE', `${what}: cannot read '${path}': ${(cause as Error).message}`, { hint: 'check the file permissions', cause });
  }
}

/** A file or stdin as UTF-8 text. */
export function readText(path: string, what: string): string {
  return readInput(path, what).toString('utf8');
}

/**
 * Parse JSON text, reporting the position of a syntax error.
 * @throws CliError `ERR_BAD_JSON`
 */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CliError('ERR_BAD_JSON', `${what} is not valid JSON: ${(cause as Error).message}`, { hint: 'check the file content (vfido prints JSON you can pass back as is)', cause });
  }
}

/** A JSON file or stdin, parsed. */
export function readJson(path: string, what: string): unknown {
  return parseJson(readText(path, what), what);
}

/** A JSON object file or stdin, parsed. */
export function readJsonObject(path: string, what: string): Record<string, unknown> {
  const value = readJson(path, what);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usage('ERR_BAD_JSON', `${what} must hold a JSON object`, 'pass the JSON vfido printed');
  return value as Record<string, unknown>;
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const B64URL = /^[A-Za-z0-9_-]*$/;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The encodings {@link decodeBytes} recognises. */
export type ByteEncoding = 'hex' | 'base64url' | 'base64';

/**
 * Decode text as hex (even length, hex digits only, optional `0x`), base64url or base64 (padding
 * optional); whitespace is ignored. Hex wins when the text is valid hex, so ambiguous short
 * strings such as `abcd` read as hex.
 * @param text - the encoded bytes
 * @param what - the input's name for messages
 * @returns the bytes and the encoding used
 * @throws CliError `ERR_BAD_ENCODING`
 */
export function decodeBytes(text: string, what: string): { bytes: Uint8Array; encoding: ByteEncoding } {
  const compact = text.replace(/\s+/g, '').replace(/^0x/i, '');
  if (compact.length === 0) throw usage('ERR_BAD_ENCODING', `${what} is empty`, 'pass base64url, base64 or hex');
  if (HEX.test(compact)) return { bytes: new Uint8Array(Buffer.from(compact, 'hex')), encoding: 'hex' };
  if (B64URL.test(compact) && compact.length % 4 !== 1) return { bytes: new Uint8Array(Buffer.from(compact, 'base64url')), encoding: 'base64url' };
  if (B64.test(compact) && compact.replace(/=+$/, '').length % 4 !== 1) return { bytes: new Uint8Array(Buffer.from(compact, 'base64')), encoding: 'base64' };
  const bad = /[^A-Za-z0-9_+/=-]/.exec(compact);
  const why = bad ? `character '${bad[0]}' at ${bad.index}` : 'a length no encoding allows';
  throw usage('ERR_BAD_ENCODING', `${what} is not base64url, base64 or hex (${why})`, 'pass the value exactly as the response JSON holds it');
}

/**
 * Decode a base64url value given on the command line (challenge, user id, credential id).
 * @param value - the flag value
 * @param flag - the flag, e.g. `--challenge`
 * @throws CliError `ERR_BAD_BASE64URL`
 */
export function base64urlArg(value: string, flag: string): Uint8Array {
  if (!B64URL.test(value) || value.length % 4 === 1 || value.length === 0) {
    const bad = /[^A-Za-z0-9_-]/.exec(value);
    const why = bad ? `character '${bad[0]}' is not in the base64url alphabet` : 'wrong length';
    throw usage('ERR_BAD_BASE64URL', `${flag} '${value}' is not base64url (${why})`, `pass ${flag} as unpadded base64url (A-Z a-z 0-9 - _), e.g. ${Buffer.from('example').toString('base64url')}`);
  }
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

/** Bytes as unpadded base64url. */
export function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Bytes as lowercase hex. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
