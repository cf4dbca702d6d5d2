/**
 * Flag shapes and parsers shared by commands; loads no library so that `--help` stays fast.
 * @module
 */
import { InvalidArgumentError } from 'commander';

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

/** commander parser for `--alg -7,-257`: COSE algorithm integers. */
export function parseAlgList(value: string): number[] {
  const algs = value.split(',').map((s) => s.trim());
  if (algs.length === 0 || algs.some((a) => !/^-?\d+$/.test(a))) {
    throw new InvalidArgumentError('expected COSE algorithm numbers separated by commas, e.g. -7,-257 (ES256, RS256)');
  }
  return algs.map(Number);
}
