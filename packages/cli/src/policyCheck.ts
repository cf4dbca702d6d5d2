/**
 * `vfido policy check`: the Entra-style passkey policy verdict for one passkey, at registration (a
 * RegistrationResponseJSON, verified first with `@vfido/rp`, WebAuthn L3 7.1) or at sign-in (a stored
 * credential record: its AAGUID and backup eligibility, which key restrictions and passkey types re-check).
 * @module
 */
import { isIP } from 'node:net';
import type { PolicyVerdict } from '@vfido/rp';
import { print, type CliContext } from './context.js';
import { ExitCode, usage } from './errors.js';
import { readJsonObject } from './io.js';
import { originAndRpId } from './options.js';
import { formatTree, toJsonValue } from './output.js';
import { loadPolicyFlags, policyOption, type LoadedPolicy, type PolicyFlags } from './policyFlags.js';
import { trustStoreFrom, vfidoMdsTrustStore, type TrustFlags } from './trust.js';
import { formatVerdict, verdictReport } from './verdictReport.js';
import { parseNow, recordIn, reportFailure } from './commands/verify.js';

/** Flags of `vfido policy check`. */
export interface PolicyCheckFlags extends PolicyFlags, TrustFlags {
  policy: string;
  response: string;
  phase?: 'registration' | 'signIn';
  challenge?: string;
  origin?: string;
  rpId?: string;
  seed?: string;
  now?: string;
  json?: boolean;
}

type Phase = 'registration' | 'signIn';

/** The phase the `--response` content belongs to: a registration response, or a credential record. */
function phaseOf(raw: Record<string, unknown>): Phase | 'assertion' | undefined {
  const inner = raw['response'];
  if (typeof inner === 'object' && inner !== null) {
    if ('attestationObject' in inner) return 'registration';
    if ('signature' in inner) return 'assertion';
  }
  const rec = recordIn(raw);
  if (typeof rec.aaguid === 'string' || typeof rec.publicKey === 'string') return 'signIn';
  return undefined;
}

/** The RP IDs a response may have been made for when `--rp-id` is absent: the origin host and its parent domains. */
function rpIdCandidates(host: string): string[] {
  if (isIP(host.replace(/^\[|\]$/g, '')) || !host.includes('.')) return [host];
  const labels = host.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}

/** `challenge` and `origin` of the response's clientDataJSON, when readable. */
function clientDataOf(raw: Record<string, unknown>): { challenge?: string; origin?: string } {
  try {
    const b64 = (raw['response'] as { clientDataJSON?: unknown }).clientDataJSON;
    const cd = JSON.parse(Buffer.from(String(b64), 'base64url').toString('utf8')) as { challenge?: unknown; origin?: unknown };
    return { ...(typeof cd.challenge === 'string' ? { challenge: cd.challenge } : {}), ...(typeof cd.origin === 'string' ? { origin: cd.origin } : {}) };
  } catch {
    return {};
  }
}

/** Print the verdict and set the exit code (0 admitted, 1 denied). */
function report(ctx: CliContext, verdict: PolicyVerdict, loaded: LoadedPolicy, extra: Record<string, unknown>, json: boolean | undefined): void {
  const out = { ...verdictReport(verdict, loaded), ...extra };
  print(ctx, out, json, () => `${formatVerdict(verdict, loaded)}${formatTree(toJsonValue(extra), 2)}`);
  ctx.exitCode = verdict.admitted ? ExitCode.OK : ExitCode.FAILED;
}

/** Registration phase: verify the response (freshness only when --challenge is given), then judge it. */
async function checkRegistration(ctx: CliContext, flags: PolicyCheckFlags, raw: Record<string, unknown>, loaded: LoadedPolicy): Promise<void> {
  const cd = clientDataOf(raw);
  const assumed: string[] = [];
  const challenge = flags.challenge ?? cd.challenge;
  const originArg = flags.origin ?? cd.origin;
  if (challenge === undefined || originArg === undefined) {
    throw usage('ERR_BAD_RESPONSE', `--response ${flags.response}: clientDataJSON cannot be read`, 'pass --challenge and --origin, or the RegistrationResponseJSON unchanged');
  }
  if (flags.challenge === undefined) assumed.push('challenge');
  if (flags.origin === undefined) assumed.push('origin');
  const { origin, rpId } = originAndRpId(originArg, flags.rpId);
  const rpIds = flags.rpId === undefined ? rpIdCandidates(new URL(origin).hostname) : [rpId];
  if (!flags.json && assumed.length > 0) {
    ctx.output.err(`note: no --${assumed.join(' or --')}: took ${assumed.join(' and ')} from clientDataJSON; this checks the policy, not the response's freshness\n`);
  }
  const now = parseNow(flags.now);
  const [{ aaguidName }, { verifyRegistration }] = await Promise.all([import('@vfido/core'), import('@vfido/rp')]);
  const trustStore = (await trustStoreFrom(flags, now)) ?? (await vfidoMdsTrustStore(flags.seed));
  let result;
  try {
    result = await verifyRegistration({
      response: raw as never,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRpId: rpIds,
      trustStore,
      policy: policyOption(loaded, aaguidName),
      ...(now ? { now } : {}),
    });
  } catch (error) {
    reportFailure(ctx, 'registration', error, flags.json);
    return;
  }
  const c = result.credential;
  const name = aaguidName(c.aaguid);
  const passkey = {
    aaguid: `${c.aaguid}${name ? ` (${name})` : ''}`,
    type: c.backupEligible ? 'synced (BE set)' : 'device-bound (BE clear)',
    attestation: `${c.attestation.fmt} (${c.attestation.type}), ${c.attestation.trusted ? 'trusted' : 'not trusted'} by ${flags.mds || flags.trust?.length ? '--mds/--trust' : 'the vfido TEST MDS BLOB'}`,
    rpId: result.rpId,
  };
  report(ctx, result.policy!, loaded, { passkey, ...(assumed.length ? { takenFromClientData: assumed } : {}) }, flags.json);
}

/** Sign-in phase: judge a stored credential record (AAGUID and BE; attestation is not re-checked). */
async function checkSignIn(ctx: CliContext, flags: PolicyCheckFlags, raw: Record<string, unknown>, loaded: LoadedPolicy): Promise<void> {
  for (const flag of ['challenge', 'origin', 'rpId', 'trust', 'mds', 'mdsRoot'] as const) {
    if (flags[flag] !== undefined) throw usage('ERR_USAGE', `--${flag.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)} applies to --phase registration only`, 'drop it: at sign-in the policy re-checks the stored AAGUID and passkey type only');
  }
  const rec = recordIn(raw);
  if (typeof rec.aaguid !== 'string' || typeof rec.backupEligible !== 'boolean') {
    throw usage('ERR_BAD_CREDENTIAL', `--response ${flags.response} needs the credential record's aaguid and backupEligible for --phase signIn`, "pass the 'credential' object from 'vfido verify registration --json' (or the whole output)");
  }
  const [{ aaguidName }, { evaluatePasskeyPolicy }] = await Promise.all([import('@vfido/core'), import('@vfido/rp')]);
  const verdict = evaluatePasskeyPolicy(loaded.policy, { phase: 'signIn', credential: { aaguid: rec.aaguid, backupEligible: rec.backupEligible }, groups: loaded.groups, aaguidNames: aaguidName });
  const name = aaguidName(rec.aaguid);
  const passkey = { aaguid: `${rec.aaguid}${name ? ` (${name})` : ''}`, type: rec.backupEligible ? 'synced (BE set)' : 'device-bound (BE clear)', ...(rec.id ? { credential: rec.id } : {}) };
  report(ctx, verdict, loaded, { passkey }, flags.json);
}

/**
 * Run `vfido policy check`.
 * @param ctx - output and exit code
 * @param flags - the command's flags
 * @throws CliError usage errors; PolicyError for an invalid policy file
 */
export async function checkPolicy(ctx: CliContext, flags: PolicyCheckFlags): Promise<void> {
  const raw = readJsonObject(flags.response, '--response');
  const loaded = await loadPolicyFlags(ctx, flags, flags.json);
  const found = phaseOf(raw);
  if (found === 'assertion') {
    throw usage('ERR_BAD_RESPONSE', `--response ${flags.response} is an AuthenticationResponseJSON, which carries no AAGUID`, "for the sign-in verdict pass the credential record from 'vfido verify registration --json' with --phase signIn");
  }
  if (found === undefined) {
    throw usage('ERR_BAD_RESPONSE', `--response ${flags.response} is neither a RegistrationResponseJSON nor a credential record`, "pass the output of 'vfido create', or the credential record from 'vfido verify registration --json'");
  }
  const phase = flags.phase ?? found;
  if (phase !== found) {
    const what = found === 'registration' ? 'a RegistrationResponseJSON' : 'a credential record';
    throw usage('ERR_BAD_RESPONSE', `--phase ${phase} but --response ${flags.response} is ${what}`, phase === 'signIn' ? "pass the credential record from 'vfido verify registration --json'" : "pass the output of 'vfido create'");
  }
  if (phase === 'registration') await checkRegistration(ctx, flags, raw, loaded);
  else await checkSignIn(ctx, flags, raw, loaded);
}
