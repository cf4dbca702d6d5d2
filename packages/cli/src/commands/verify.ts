/**
 * `vfido verify registration|authentication`: check a response as a relying party does
 * (WebAuthn L3 7.1 / 7.2, with `@vfido/rp`), exit 0 when it verifies and 1 when it does not.
 * @module
 */
import type { Command } from 'commander';
import type { RegistrationVerification } from '@vfido/rp';
import { print, type CliContext } from '../context.js';
import { ExitCode, usage } from '../errors.js';
import { explainCode } from '../explain.js';
import { b64url, base64urlArg, decodeBytes, readJsonObject } from '../io.js';
import { originAndRpId } from '../options.js';
import type { TrustFlags } from '../trust.js';
import { formatTree, toJsonValue } from '../output.js';
import { loadPolicyFlags, parseGroups, policyOption, type LoadedPolicy, type PolicyFlags } from '../policyFlags.js';
import { formatVerdict, verdictReport } from '../verdictReport.js';

/**
 * The credential record `vfido verify registration --json` prints as `credential`, and
 * `vfido verify authentication --credential FILE` reads (the whole `--json` output is accepted too).
 * Only `id`, `publicKey` and `signCount` are required to verify an assertion.
 */
export interface CredentialRecordJSON {
  /** Credential id, base64url. */
  id: string;
  /** COSE_Key of the credential, base64url (as in the authenticator data). */
  publicKey: string;
  /** Last signature counter seen; update it from `newSignCount` after each sign-in. */
  signCount: number;
  /** COSE algorithm of `publicKey`. */
  algorithm?: number;
  /** AAGUID (dashed lowercase UUID) and its model name, when known; `--policy` at sign-in needs `aaguid`. */
  aaguid?: string;
  aaguidName?: string;
  transports?: string[];
  /** BE at registration: when present, every assertion's BE must equal it. */
  backupEligible?: boolean;
  backupState?: boolean;
  userVerified?: boolean;
}

interface VerifyFlags extends TrustFlags, PolicyFlags {
  response: string;
  challenge: string;
  origin: string;
  rpId?: string;
  requireUv?: boolean;
  now?: string;
  credential?: string;
  requireCounterIncrease?: boolean;
  json?: boolean;
}

/** The record to store from a registration result. */
function recordOf(result: RegistrationVerification, aaguidName: (aaguid: string) => string | undefined): CredentialRecordJSON {
  const c = result.credential;
  const name = aaguidName(c.aaguid);
  return {
    id: c.id,
    publicKey: b64url(c.publicKey),
    signCount: c.signCount,
    algorithm: c.algorithm,
    aaguid: c.aaguid,
    ...(name ? { aaguidName: name } : {}),
    transports: c.transports,
    backupEligible: c.backupEligible,
    backupState: c.backupState,
    userVerified: c.userVerified,
  };
}

/** The record inside a record file or a `verify registration --json` output. */
export function recordIn(raw: Record<string, unknown>): Partial<CredentialRecordJSON> {
  return (typeof raw['credential'] === 'object' && raw['credential'] !== null ? raw['credential'] : raw) as Partial<CredentialRecordJSON>;
}

/** The `--credential` record, from a record file or a `verify registration --json` output. */
function readRecord(file: string): { id: string; publicKey: Uint8Array; signCount: number; backupEligible?: boolean; aaguid?: string } {
  const rec = recordIn(readJsonObject(file, '--credential'));
  if (typeof rec.id !== 'string' || typeof rec.publicKey !== 'string' || typeof rec.signCount !== 'number') {
    throw usage('ERR_BAD_CREDENTIAL', `--credential ${file} needs id, publicKey (base64url COSE key) and signCount`, "pass the 'credential' object from 'vfido verify registration --json'");
  }
  return {
    id: rec.id,
    publicKey: decodeBytes(rec.publicKey, '--credential publicKey').bytes,
    signCount: rec.signCount,
    ...(typeof rec.backupEligible === 'boolean' ? { backupEligible: rec.backupEligible } : {}),
    ...(typeof rec.aaguid === 'string' ? { aaguid: rec.aaguid } : {}),
  };
}

/** `--policy` and `--groups`, loaded before anything is verified so a bad policy file fails first (exit 2). */
async function policyFor(ctx: CliContext, flags: VerifyFlags): Promise<LoadedPolicy | undefined> {
  if (flags.policy === undefined) {
    if (flags.groups !== undefined) throw usage('ERR_USAGE', '--groups needs --policy', 'pass --policy FILE, or a shipped example such as --policy standard-users');
    return undefined;
  }
  return loadPolicyFlags(ctx, { ...flags, policy: flags.policy }, flags.json);
}

export function parseNow(now: string | undefined): Date | undefined {
  if (now === undefined) return undefined;
  const d = new Date(now);
  if (Number.isNaN(d.getTime())) throw usage('ERR_BAD_DATE', `--now '${now}' is not a date`, 'pass an ISO date, e.g. 2020-01-01T00:00:00Z');
  return d;
}

/** Print a failure and set exit code 1; rethrow anything that is not a verification failure. */
export function reportFailure(ctx: CliContext, ceremony: string, error: unknown, json: boolean | undefined): void {
  if (!(error instanceof Error && error.name === 'VerificationError')) throw error;
  const e = error as Error & { code: string; details?: Record<string, unknown> };
  const explanation = explainCode(e.code);
  const failure = { verified: false, ceremony, error: { code: e.code, message: e.message, ...(explanation ? { explanation } : {}), ...(e.details ? { details: e.details } : {}) } };
  print(ctx, failure, json, () => `${ceremony} NOT verified\n  ${e.code}: ${e.message}\n${explanation ? `  why: ${explanation}\n` : ''}`);
  ctx.exitCode = ExitCode.FAILED;
}

function commonOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--response <file>', 'the response JSON (credential.toJSON()), or - for stdin')
    .requiredOption('--challenge <b64url>', 'the challenge the RP issued')
    .requiredOption('--origin <url>', 'expected origin, e.g. https://login.example.com')
    .option('--rp-id <id>', 'expected RP ID (default: the origin host)')
    .option('--require-uv', 'fail unless the UV flag is set (userVerification: required)')
    .option('--now <date>', 'clock for certificate validity (ISO date), e.g. for captured responses with expired certificates')
    .option('--policy <file>', 'also evaluate an Entra-style passkey policy (a vfido policy file, or a shipped example name: vfido policy examples); a denial exits 1')
    .option('--groups <list>', "the user's groups for --policy, comma-separated (default: every group the policy includes)", parseGroups)
    .option('--json', 'print the full result as JSON');
}

/** Register `vfido verify registration` and `vfido verify authentication`. */
export function registerVerify(program: Command, ctx: CliContext): void {
  const verify = program.command('verify').description('verify a registration or authentication response as a relying party (exit 0 verified, 1 not)');

  commonOptions(verify.command('registration').description('verify a RegistrationResponseJSON (WebAuthn L3 7.1) and print the credential record to store'))
    .option('--trust <pem...>', 'attestation root certificate files (PEM); the attestation chain must reach one (self and none attestation have no chain and pass); without --trust or --mds the chain is not checked against roots')
    .option('--mds <file>', 'FIDO MDS3 BLOB (JWT, or vfido roots --format mds --json output): trust its attestation roots per AAGUID')
    .option('--mds-root <pem>', 'root certificate of the --mds BLOB (default: a PEM in the --mds file, else the vfido TEST MDS root)')
    .addHelpText(
      'after',
      `
With --json the result holds 'credential': the record to keep and to pass to 'verify authentication --credential'
({ id, publicKey (base64url COSE_Key), signCount, algorithm, aaguid, transports, backupEligible, backupState, userVerified }).

Examples:
  $ vfido roots --preset yubikey-5-nfc > roots.pem
  $ vfido verify registration --response reg.json --challenge dGVzdA --origin https://login.example.com --trust roots.pem
  $ vfido verify registration --response reg.json --challenge dGVzdA --origin https://login.example.com --json > record.json
  $ vfido roots --format mds --json > mds.json && vfido verify registration --response reg.json --challenge dGVzdA --origin https://login.example.com --mds mds.json
  $ vfido verify registration --response reg.json --challenge dGVzdA --origin https://login.example.com --mds mds.json --policy admins --groups admins`,
    )
    .action(async (flags: VerifyFlags) => {
      base64urlArg(flags.challenge, '--challenge');
      const { origin, rpId } = originAndRpId(flags.origin, flags.rpId);
      const response = readJsonObject(flags.response, '--response');
      const loaded = await policyFor(ctx, flags);
      const [{ aaguidName }, { verifyRegistration }, { trustStoreFrom }] = await Promise.all([import('@vfido/core'), import('@vfido/rp'), import('../trust.js')]);
      const now = parseNow(flags.now);
      const trustStore = await trustStoreFrom(flags, now);
      let result: RegistrationVerification;
      try {
        result = await verifyRegistration({
          response: response as never,
          expectedChallenge: flags.challenge,
          expectedOrigin: origin,
          expectedRpId: rpId,
          requireUserVerification: !!flags.requireUv,
          ...(trustStore ? { trustStore } : {}),
          ...(now ? { now } : {}),
          ...(loaded ? { policy: policyOption(loaded, aaguidName) } : {}),
        });
      } catch (error) {
        reportFailure(ctx, 'registration', error, flags.json);
        return;
      }
      const att = result.credential.attestation;
      if (trustStore && !att.trusted && att.type !== 'none' && att.type !== 'self') {
        // With --trust/--mds the caller asked for a trusted chain; @vfido/rp reports an unrelated one as untrusted without failing.
        const untrusted = Object.assign(new Error(`${att.fmt} attestation (${att.type}) does not chain to any --trust or --mds root`), {
          name: 'VerificationError',
          code: 'ERR_ATTESTATION_UNTRUSTED',
          details: { aaguid: result.credential.aaguid, fmt: att.fmt },
        });
        reportFailure(ctx, 'registration', untrusted, flags.json);
        return;
      }
      const credential = recordOf(result, aaguidName);
      const verdict = loaded && result.policy ? verdictReport(result.policy, loaded) : undefined;
      const full = { verified: true, ceremony: 'registration', credential, attestation: { fmt: att.fmt, type: att.type, trusted: att.trusted, trustPath: att.trustPath }, rpId: result.rpId, origin: result.origin, authenticatorAttachment: result.authenticatorAttachment, clientExtensionResults: result.clientExtensionResults, authenticatorExtensionResults: result.authenticatorExtensionResults, ...(verdict ? { policy: verdict } : {}) };
      if (verdict && !verdict.admitted) ctx.exitCode = ExitCode.FAILED;
      print(ctx, full, flags.json, () =>
        `registration verified\n${formatTree(toJsonValue({
          credential: credential.id,
          aaguid: `${credential.aaguid}${credential.aaguidName ? ` (${credential.aaguidName})` : ''}`,
          attestation: `${att.fmt} (${att.type}), ${att.trusted ? 'trusted' : trustStore ? 'NOT trusted' : 'not checked against roots (pass --trust or --mds)'}`,
          flags: `UV ${credential.userVerified ? 'yes' : 'no'}, BE ${credential.backupEligible ? 'yes' : 'no'}, BS ${credential.backupState ? 'yes' : 'no'}`,
          signCount: credential.signCount,
          algorithm: credential.algorithm,
          transports: credential.transports?.join(', ') || '(none)',
        }), 2)}  record (--json for all): ${JSON.stringify({ id: credential.id, publicKey: credential.publicKey, signCount: credential.signCount })}\n${verdict && loaded ? formatVerdict(verdict, loaded) : ''}`,
      );
    });

  commonOptions(verify.command('authentication').description('verify an AuthenticationResponseJSON (WebAuthn L3 7.2) against a stored credential record'))
    .requiredOption('--credential <file>', "credential record JSON ({ id, publicKey, signCount }, or the whole 'verify registration --json' output)")
    .option('--require-counter-increase', 'fail when the signature counter did not increase (default: report a clone warning)')
    .addHelpText(
      'after',
      `
Examples:
  $ vfido verify registration --response reg.json --challenge dGVzdA --origin https://login.example.com --json > record.json
  $ vfido verify authentication --response auth.json --challenge Z2V0 --origin https://login.example.com --credential record.json
  $ vfido verify authentication --response auth.json --challenge Z2V0 --origin https://login.example.com --credential record.json --policy standard-users --groups all_users`,
    )
    .action(async (flags: VerifyFlags & { credential: string }) => {
      base64urlArg(flags.challenge, '--challenge');
      const { origin, rpId } = originAndRpId(flags.origin, flags.rpId);
      const response = readJsonObject(flags.response, '--response');
      const credential = readRecord(flags.credential);
      const now = parseNow(flags.now);
      const loaded = await policyFor(ctx, flags);
      if (loaded && credential.aaguid === undefined) {
        throw usage('ERR_BAD_CREDENTIAL', `--credential ${flags.credential} has no aaguid, which --policy needs at sign-in (key restrictions apply to every sign-in)`, "pass the 'credential' object from 'vfido verify registration --json' (it carries the aaguid)");
      }
      const { verifyAuthentication } = await import('@vfido/rp');
      const aaguidName = loaded ? (await import('@vfido/core')).aaguidName : undefined;
      try {
        const result = await verifyAuthentication({
          response: response as never,
          expectedChallenge: flags.challenge,
          expectedOrigin: origin,
          expectedRpId: rpId,
          credential,
          requireUserVerification: !!flags.requireUv,
          requireCounterIncrease: !!flags.requireCounterIncrease,
          ...(now ? { now } : {}),
          ...(loaded && aaguidName ? { policy: policyOption(loaded, aaguidName) } : {}),
        });
        const verdict = loaded && result.policy ? verdictReport(result.policy, loaded) : undefined;
        if (verdict && !verdict.admitted) ctx.exitCode = ExitCode.FAILED;
        print(ctx, { verified: true, ceremony: 'authentication', credentialId: credential.id, ...result, ...(verdict ? { policy: verdict } : {}) }, flags.json, () =>
          `authentication verified\n${formatTree(toJsonValue({
            credential: credential.id,
            newSignCount: result.newSignCount,
            flags: `UV ${result.userVerified ? 'yes' : 'no'}, BE ${result.backupEligible ? 'yes' : 'no'}, BS ${result.backupState ? 'yes' : 'no'}`,
            cloneWarning: result.cloneWarning ? 'YES: the counter did not increase' : 'no',
            userHandle: result.userHandle,
          }), 2)}${verdict && loaded ? formatVerdict(verdict, loaded) : ''}`,
        );
      } catch (error) {
        reportFailure(ctx, 'authentication', error, flags.json);
      }
    });
}
