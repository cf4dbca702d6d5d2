/**
 * The admin portal's Conditional Access check: the session's sign-in method must satisfy the built-in
 * "Phishing-resistant MFA" authentication strength (entra-docs concept-authentication-strengths), evaluated with
 * @vfido/rp `evaluateAuthenticationStrength`. CA runs after the first authentication, so a session made with a
 * Temporary Access Pass (MFA, but not phishing-resistant) is refused and has to step up with a passkey.
 * Authorization (admin roles) is out of scope: any user who meets the strength gets in.
 * @module
 */
import { aaguidName } from '@vfido/core';
import { evaluateAuthenticationStrength } from '@vfido/rp';
import { ADMIN_PORTAL_STRENGTH } from './tenant.mjs';

/** What the session's sign-in method is called on the page. */
const METHOD_LABEL = { tap: 'one-time Temporary Access Pass', passkey: 'passkey (FIDO2)' };

/**
 * Decides admin portal access for a session (and logs it).
 * @returns {{ access: 'granted' | 'refused' | 'signed-out', method?: string, combination?: string, strength: string, reasons: { code: string, message: string }[], explanation: string }}
 */
export function adminPortalAccess(rp, session) {
  const strengthName = 'Phishing-resistant MFA';
  if (!session?.username || !session.auth) {
    return { access: 'signed-out', strength: strengthName, reasons: [], explanation: 'Sign in first. The admin portal requires the Phishing-resistant MFA authentication strength: sign in with a passkey.' };
  }
  const { combination, aaguid, method } = session.auth;
  const verdict = evaluateAuthenticationStrength(ADMIN_PORTAL_STRENGTH, aaguid ? { combination, aaguid } : { combination }, { aaguidNames: aaguidName });
  const reasons = verdict.reasons.map((r) => ({ code: r.code, message: r.message }));
  const methodLabel = METHOD_LABEL[method] ?? combination;
  const explanation = verdict.satisfied
    ? `You signed in with a ${methodLabel}, which satisfies '${verdict.strength.displayName}'.`
    : `You signed in with a ${methodLabel} ('${combination}'). It counts as multifactor authentication, but it is not phishing-resistant: ` +
      `someone who tricks you into typing it on a look-alike site can replay it. '${verdict.strength.displayName}' accepts only passkeys (FIDO2), ` +
      'Windows Hello for Business and certificate-based multifactor authentication. Sign in again with a passkey to continue.';
  rp.store.log(session.username, 'admin portal', verdict.satisfied ? 'granted' : 'refused', `session method ${combination}; ${reasons.map((r) => r.message).join('; ')}`);
  return { access: verdict.satisfied ? 'granted' : 'refused', method: methodLabel, combination, strength: verdict.strength.displayName, reasons, explanation };
}
