/**
 * The platform side of authenticatorLargeBlobs (CTAP 2.1 6.10): reading and writing the serialized
 * large-blob array in fragments, its integrity check, and the per-credential entries (6.10.3
 * "Large, per-credential blobs"): AES-256-GCM under the credential's largeBlobKey with associated
 * data "blob" || uint64LE(origSize), over the DEFLATE (RFC 1951, raw) compressed blob.
 * @module
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { decodeCbor, encodeCbor } from '../../cbor/index.js';
import type { CborMap, CborValue } from '../../cbor/types.js';
import { CtapCommand } from '../../ctap2/command.js';
import type { AuthenticatorInfo } from '../authenticatorInfo.js';
import type { CtapAnswer, CtapChannel } from '../ceremony.js';
import type { PinUvAuthToken } from '../clientPin.js';

/** authenticatorLargeBlobs parameters (CTAP 2.1 6.10). */
const P = { get: 0x01, set: 0x02, offset: 0x03, length: 0x04, pinUvAuthParam: 0x05, pinUvAuthProtocol: 0x06 } as const;
/** Bytes a fragment may carry: maxMsgSize - 64 (CTAP 2.1 6.10 maxFragmentLength). */
const fragmentLength = (info: AuthenticatorInfo): number => Math.max(1, info.maxMsgSize - 64);

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/**
 * Read the whole serialized large-blob array and decode it (CTAP 2.1 6.10.2 reading; 6.10.3: a
 * failed integrity check means the platform treats the array as empty).
 * @returns the array's entries, or undefined when the authenticator refused to answer
 */
export async function readLargeBlobArray(channel: CtapChannel, info: AuthenticatorInfo): Promise<CborValue[] | undefined> {
  const max = fragmentLength(info);
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (;;) {
    const answer = await channel.exchange(CtapCommand.LargeBlobs, new Map<number, CborValue>([[P.get, max], [P.offset, offset]]));
    const config = answer.body.get(0x01);
    if (answer.status !== 0 || !(config instanceof Uint8Array)) return undefined;
    parts.push(config);
    offset += config.length;
    if (config.length < max) break;
  }
  const serialized = Buffer.concat(parts);
  if (serialized.length < 17) return [];
  const data = serialized.subarray(0, serialized.length - 16);
  if (!sha256(data).subarray(0, 16).equals(serialized.subarray(serialized.length - 16))) return [];
  try {
    const array = decodeCbor(data);
    return Array.isArray(array) ? array : [];
  } catch {
    return [];
  }
}

/**
 * Write `entries` as the new serialized large-blob array, fragment by fragment (CTAP 2.1 6.10.2
 * writing). With a token, each fragment carries pinUvAuthParam = authenticate(token, 32 x 0xff ||
 * h'0c00' || uint32LE(offset) || SHA-256(fragment)).
 * @returns undefined on success, else the failed answer (or a synthetic LARGE_BLOB_STORAGE_FULL when the array would not fit)
 */
export async function writeLargeBlobArray(channel: CtapChannel, info: AuthenticatorInfo, entries: CborValue[], token: PinUvAuthToken | undefined): Promise<CtapAnswer | undefined> {
  const cbor = encodeCbor(entries);
  const serialized = Buffer.concat([cbor, sha256(cbor).subarray(0, 16)]);
  if (serialized.length > info.maxSerializedLargeBlobArray) return { status: 0x18, body: new Map(), error: undefined };
  const max = fragmentLength(info);
  for (let offset = 0; offset < serialized.length; offset += max) {
    const fragment = new Uint8Array(serialized.subarray(offset, Math.min(offset + max, serialized.length)));
    const params: CborMap = new Map<number, CborValue>([[P.set, fragment], [P.offset, offset]]);
    if (offset === 0) params.set(P.length, serialized.length);
    if (token) {
      const offsetLE = Buffer.alloc(4);
      offsetLE.writeUInt32LE(offset);
      const message = Buffer.concat([Buffer.alloc(32, 0xff), Uint8Array.of(0x0c, 0x00), offsetLE, sha256(fragment)]);
      params.set(P.pinUvAuthParam, token.protocol.authenticate(token.token, message));
      params.set(P.pinUvAuthProtocol, token.protocol.version);
    }
    const answer = await channel.exchange(CtapCommand.LargeBlobs, params);
    if (answer.status !== 0) return answer;
  }
  return undefined;
}

/** Associated data of an entry: "blob" || uint64LE(origSize) (CTAP 2.1 6.10.3). */
function associatedData(origSize: number): Buffer {
  const ad = Buffer.alloc(12);
  ad.write('blob', 0, 'ascii');
  ad.writeBigUInt64LE(BigInt(origSize), 4);
  return ad;
}

/** The compressed blob inside `entry` when it decrypts with `key`, with its original size. */
function openEntry(entry: CborValue, key: Uint8Array): { compressed: Buffer; origSize: number } | undefined {
  if (!(entry instanceof Map)) return undefined;
  const ciphertext = entry.get(0x01);
  const nonce = entry.get(0x02);
  const origSize = entry.get(0x03);
  if (!(ciphertext instanceof Uint8Array) || ciphertext.length < 16 || !(nonce instanceof Uint8Array) || nonce.length !== 12) return undefined;
  if (typeof origSize !== 'number' || !Number.isSafeInteger(origSize) || origSize < 0) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(associatedData(origSize));
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
    const compressed = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
    return { compressed, origSize };
  } catch {
    return undefined;
  }
}

/**
 * The blob stored for `key` (CTAP 2.1 6.10.3 reading: the first entry that decrypts and whose
 * decompressed length is origSize), or undefined when there is none.
 */
export function findLargeBlob(entries: CborValue[], key: Uint8Array): Uint8Array | undefined {
  for (const entry of entries) {
    const opened = openEntry(entry, key);
    if (!opened) continue;
    try {
      const blob = inflateRawSync(opened.compressed, { maxOutputLength: Math.max(1, opened.origSize) });
      if (blob.length === opened.origSize) return new Uint8Array(blob);
    } catch {
      // Not a valid DEFLATE stream of that size: keep looking.
    }
  }
  return undefined;
}

/**
 * `entries` with every entry of `key` replaced by one holding `blob` (CTAP 2.1 6.10.3 writing:
 * compress, encrypt with a fresh 12-byte nonce, drop the credential's old entries).
 */
export function withLargeBlob(entries: CborValue[], key: Uint8Array, blob: Uint8Array): CborValue[] {
  const kept = entries.filter((entry) => openEntry(entry, key) === undefined);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(blob.length));
  const encrypted = Buffer.concat([cipher.update(deflateRawSync(blob)), cipher.final(), cipher.getAuthTag()]);
  kept.push(new Map<number, CborValue>([[0x01, new Uint8Array(encrypted)], [0x02, new Uint8Array(nonce)], [0x03, blob.length]]));
  return kept;
}
