/**
 * `vfido decode`: recognise and pretty-print WebAuthn data (responses, attestation objects,
 * authenticator data, client data, COSE keys, certificates).
 * @module
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { print, type CliContext } from '../context.js';
import { usage } from '../errors.js';
import { readText } from '../io.js';
import { formatTree, toJsonValue } from '../output.js';
import { DECODE_KINDS, type DecodeKind } from '../decode/kinds.js';

/** Input given inline rather than as a file: long base64url/base64/hex or JSON text. */
const INLINE = /^(?:[A-Za-z0-9_+/=-]{16,}|\s*[{[][\s\S]*)$/;

/** Register `vfido decode`. */
export function registerDecode(program: Command, ctx: CliContext): void {
  program
    .command('decode')
    .description('recognise and pretty-print an attestationObject, authenticatorData, clientDataJSON, COSE key, certificate (chain), RegistrationResponseJSON or AuthenticationResponseJSON')
    .argument('[input]', 'file, - for stdin (default), or the data itself (base64url, base64, hex or JSON)', '-')
    .addOption(program.createOption('--as <kind>', 'skip auto-detection').choices([...DECODE_KINDS]))
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      `
Flags are spelled out, AAGUIDs named, attestation certificates parsed (subject, issuer, validity,
FIDO extensions such as 1.3.6.1.4.1.45724.1.1.4 id-fido-gen-ce-aaguid).

Examples:
  $ vfido decode reg.json
  $ vfido create --origin https://example.com --json | vfido decode
  $ vfido decode o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVik...
  $ vfido decode --as authenticatorData 49960de5880e8c687434170f6476605b8fe4aeb9a28632c7995cf3ba831d9763050000000a
  $ vfido decode attestation-cert.pem`,
    )
    .action((input: string, flags: DecodeFlags) => decode(ctx, input, flags));
}

/** Options of `vfido decode`. */
export interface DecodeFlags {
  /** Skip auto-detection. */
  as?: DecodeKind | undefined;
  /** Print JSON for scripts. */
  json?: boolean | undefined;
}

/**
 * The `vfido decode` action: read the input (file, `-` for stdin, or the data itself), recognise it and print it.
 * @param ctx - output
 * @param input - file path, `-`, or inline data
 * @param flags - `as` and `json`
 * @throws CliError `ERR_FILE_NOT_FOUND`, and what decodeInput throws (`ERR_UNRECOGNIZED_INPUT`, `ERR_BAD_ENCODING`, `ERR_BAD_JSON`, `ERR_DECODE_FAILED`)
 */
export async function decode(ctx: CliContext, input: string, flags: DecodeFlags): Promise<void> {
  let text: string;
  if (input === '-' || existsSync(input)) text = readText(input, 'decode input');
  else if (INLINE.test(input)) text = input;
  else throw usage('ERR_FILE_NOT_FOUND', `decode input: no such file '${input}'`, 'check the path, pass - to read stdin, or pass the data itself');
  const { decodeInput } = await import('../decode/detect.js');
  const decoded = decodeInput(text, flags.as);
  print(ctx, decoded, flags.json, () => `${decoded.kind}${decoded.encoding ? ` (${decoded.encoding})` : ''}\n${formatTree(toJsonValue(decoded.value), 2)}`);
}
