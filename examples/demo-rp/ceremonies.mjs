/**
 * The demo RP's account flows, modelled on Microsoft Entra ID: an administrator creates a user and issues a one-time
 * Temporary Access Pass (TAP); the user signs in with it, registers a passkey (WebAuthn L3 7.1, verified with
 * @vfido/rp `verifyRegistration` and the passkey policy of their group), then signs in with the passkey (L3 7.2,
 * `verifyAuthentication`, the policy re-checked: key restrictions and passkey type apply at every sign-in).
 * @module
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { aaguidName } from '@vfido/core';
import { verifyAuthentication, verifyRegistration } from '@vfido/rp';

/** TAP lifetime (Entra's default is one hour) and how long a WebAuthn challenge stays valid. */
export const TAP_LIFETIME_MS = 60 * 60_000;
const CHALLENGE_LIFETIME_MS = 5 * 60_000;
const TAP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const DOMAIN = 'contoso.test';

/** A refusal the pages show as is; `status` is the HTTP status of the API answer. */
export class DemoError extends Error {
  name = 'DemoError';
  constructor(code, message, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

const b64u = (n) => randomBytes(n).toString('base64url');
const sha256 = (text) => createHash('sha256').update(text).digest();
const now = () => new Date();
const modelName = (aaguid) => aaguidName(aaguid) ?? `AAGUID ${aaguid}`;

/** `trusted (MDS)`, `self (no chain)`, `none` or `untrusted`: how far the attestation went. */
export function trustLabel(attestation) {
  if (attestation.trusted) return 'trusted (MDS)';
  if (attestation.type === 'self') return 'self (no chain)';
  if (attestation.type === 'none' || attestation.fmt === 'none') return 'none';
  return 'untrusted';
}

const typeLabel = (backupEligible) => (backupEligible ? 'synced' : 'device-bound');
const verdictLines = (verdict) => verdict.reasons.map((r) => `${r.kind}: ${r.message}`);
const policyOption = (rp, user) => {
  const group = rp.tenant.groups[user.group];
  return { config: rp.tenant.policies[group.policy], groups: group.groupIds, aaguidNames: aaguidName };
};

/** Creates a user in `group` and issues their first TAP. */
export function createUser(rp, { name, group }) {
  const local = String(name ?? '').trim().toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!local) throw new DemoError('ERR_NAME', 'enter a user name (letters, digits, dot, dash)');
  if (!rp.tenant.groups[group]) throw new DemoError('ERR_GROUP', `unknown group '${group}'`);
  const username = `${local}@${DOMAIN}`;
  if (rp.store.user(username)) throw new DemoError('ERR_USER_EXISTS', `${username} already exists; issue a new TAP for it instead`, 409);
  rp.store.update((d) => {
    d.users[username] = { username, displayName: String(name).trim(), group, userHandle: b64u(16), createdAt: now().toISOString() };
  });
  rp.store.log(username, 'user created', 'ok', `group ${rp.tenant.groups[group].label}`);
  return issueTap(rp, username);
}

/** Issues a new one-time TAP (replacing an unused one). Only its hash is stored. */
export function issueTap(rp, username) {
  if (!rp.store.user(username)) throw new DemoError('ERR_NO_USER', `no user ${username}`, 404);
  const tap = Array.from({ length: 10 }, () => TAP_ALPHABET[randomInt(TAP_ALPHABET.length)]).join('');
  const expiresAt = new Date(Date.now() + TAP_LIFETIME_MS).toISOString();
  rp.store.update((d) => {
    d.users[username].tap = { hash: sha256(tap).toString('base64url'), expiresAt };
  });
  rp.store.log(username, 'temporary access pass issued', 'ok', `one-time, expires ${expiresAt}`);
  return { username, tap, expiresAt };
}

/** Signs in with a TAP: the session's method is `temporaryAccessPassOneTime` (MFA, not phishing-resistant). */
export function signInWithTap(rp, sid, { username, tap }) {
  const name = String(username ?? '').trim().toLowerCase();
  const user = rp.store.user(name);
  const stored = user?.tap;
  const valid = stored && !stored.usedAt && Date.parse(stored.expiresAt) > Date.now() && timingSafeEqual(sha256(String(tap ?? '').trim()), Buffer.from(stored.hash, 'base64url'));
  if (!valid) {
    const why = !user ? 'no such user' : !stored ? 'no TAP issued' : stored.usedAt ? 'this one-time TAP was already used' : Date.parse(stored.expiresAt) <= Date.now() ? 'the TAP expired' : 'wrong TAP';
    if (user) rp.store.log(name, 'TAP sign-in', 'refused', why);
    throw new DemoError('ERR_TAP', `temporary access pass refused: ${why}`, 401);
  }
  rp.store.update((d) => {
    d.users[name].tap.usedAt = now().toISOString();
    d.sessions[sid] = { ...d.sessions[sid], username: name, auth: { method: 'tap', combination: 'temporaryAccessPassOneTime', at: now().toISOString() } };
  });
  rp.store.log(name, 'TAP sign-in', 'ok', 'one-time TAP consumed; session strength: temporaryAccessPassOneTime');
  return { next: '/security-info' };
}

function rememberChallenge(rp, sid, purpose, extra = {}) {
  const challenge = b64u(32);
  rp.store.update((d) => {
    d.sessions[sid] = { ...d.sessions[sid], challenge: { value: challenge, purpose, expiresAt: Date.now() + CHALLENGE_LIFETIME_MS, ...extra } };
  });
  return challenge;
}

/** Takes (and forgets) the session's pending challenge for `purpose`. */
function takeChallenge(rp, sid, purpose) {
  const pending = rp.store.data.sessions[sid]?.challenge;
  rp.store.update((d) => {
    if (d.sessions[sid]) delete d.sessions[sid].challenge;
  });
  if (!pending || pending.purpose !== purpose) throw new DemoError('ERR_NO_CHALLENGE', `no ${purpose} in progress for this browser; start again`);
  if (pending.expiresAt < Date.now()) throw new DemoError('ERR_CHALLENGE_EXPIRED', 'the challenge expired; start again');
  return pending;
}

function sessionUser(rp, sid) {
  const username = rp.store.data.sessions[sid]?.username;
  const user = username && rp.store.user(username);
  if (!user) throw new DemoError('ERR_SIGNED_OUT', 'sign in first (with your Temporary Access Pass or a passkey)', 401);
  return user;
}

/** PublicKeyCredentialCreationOptionsJSON for the signed-in user (Entra asks for a discoverable, verified, attested passkey). */
export function registrationOptions(rp, sid) {
  const user = sessionUser(rp, sid);
  const challenge = rememberChallenge(rp, sid, 'registration');
  return {
    rp: { id: rp.rpId, name: rp.rpName },
    user: { id: user.userHandle, name: user.username, displayName: user.displayName },
    challenge,
    pubKeyCredParams: [-7, -8, -257].map((alg) => ({ type: 'public-key', alg })),
    timeout: 120_000,
    excludeCredentials: rp.store.credentialsOf(user.username).map((c) => ({ type: 'public-key', id: c.id, transports: c.transports })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    attestation: 'direct',
    extensions: { credProps: true },
  };
}

/** Verifies a registration and applies the group's passkey policy; an admitted passkey is stored. Returns the flash. */
export async function finishRegistration(rp, sid, response) {
  const user = sessionUser(rp, sid);
  const { value } = takeChallenge(rp, sid, 'registration');
  const reg = await verifyRegistration({
    response, expectedChallenge: value, expectedOrigin: rp.origins, expectedRpId: rp.rpId,
    requireUserVerification: true, trustStore: rp.trust, policy: policyOption(rp, user),
  });
  const { credential } = reg;
  const verdict = reg.policy;
  const data = {
    aaguid: credential.aaguid, model: modelName(credential.aaguid), fmt: credential.attestation.fmt,
    attestationType: credential.attestation.type, trust: trustLabel(credential.attestation),
    passkeyType: typeLabel(credential.backupEligible), admitted: verdict.admitted,
    profile: verdict.matchedProfile?.name ?? null, reasons: verdict.reasons, signCount: credential.signCount,
  };
  const summary = `${data.model}: ${data.fmt} attestation (${data.trust}), ${data.passkeyType}`;
  if (!verdict.admitted) {
    rp.store.log(user.username, 'passkey registration', 'denied', `${summary}. ${verdict.reasons.map((r) => r.message).join('; ')}`);
    return { kind: 'registration', outcome: 'denied', title: 'Passkey refused by your passkey profile', lines: [summary, ...verdictLines(verdict)], data };
  }
  rp.store.update((d) => {
    d.credentials[credential.id] = {
      id: credential.id, username: user.username, publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      algorithm: credential.algorithm, signCount: credential.signCount, transports: credential.transports,
      aaguid: credential.aaguid, model: data.model, backupEligible: credential.backupEligible, backupState: credential.backupState,
      fmt: data.fmt, attestationType: data.attestationType, trust: data.trust, profile: data.profile,
      createdAt: now().toISOString(), lastUsedAt: null,
    };
  });
  rp.store.log(user.username, 'passkey registration', 'admitted', `${summary}; profile '${data.profile}'`);
  return { kind: 'registration', outcome: 'admitted', title: 'Passkey added', lines: [summary, ...verdictLines(verdict)], data };
}

/** PublicKeyCredentialRequestOptionsJSON: the user's passkeys, or discoverable (empty allow list) without a name. */
export function signInOptions(rp, sid, { username }) {
  const name = String(username ?? '').trim().toLowerCase();
  let allowCredentials = [];
  if (name) {
    if (!rp.store.user(name)) throw new DemoError('ERR_NO_USER', `no user ${name}`, 404);
    allowCredentials = rp.store.credentialsOf(name).map((c) => ({ type: 'public-key', id: c.id, transports: c.transports }));
    if (allowCredentials.length === 0) throw new DemoError('ERR_NO_PASSKEY', `${name} has no passkey yet: sign in with your Temporary Access Pass and add one`, 404);
  }
  const challenge = rememberChallenge(rp, sid, 'sign-in', { username: name || null });
  return { challenge, rpId: rp.rpId, allowCredentials, userVerification: 'required', timeout: 120_000 };
}

/** Verifies a sign-in and re-checks the policy; success makes the session a `fido2` (passkey) session. Returns the flash. */
export async function finishSignIn(rp, sid, response) {
  const pending = takeChallenge(rp, sid, 'sign-in');
  const stored = rp.store.data.credentials[response?.id];
  if (!stored || (pending.username && stored.username !== pending.username)) throw new DemoError('ERR_UNKNOWN_PASSKEY', 'this passkey is not registered here', 401);
  const user = rp.store.user(stored.username);
  if (response.response?.userHandle && response.response.userHandle !== user.userHandle) throw new DemoError('ERR_USER_HANDLE', 'the passkey belongs to another account', 401);
  const before = stored.signCount;
  const auth = await verifyAuthentication({
    response, expectedChallenge: pending.value, expectedOrigin: rp.origins, expectedRpId: rp.rpId, requireUserVerification: true,
    credential: { id: stored.id, publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')), signCount: before, backupEligible: stored.backupEligible, aaguid: stored.aaguid },
    policy: policyOption(rp, user),
  });
  const verdict = auth.policy;
  const data = { username: user.username, aaguid: stored.aaguid, model: stored.model, counter: { before, after: auth.newSignCount }, cloneWarning: auth.cloneWarning, admitted: verdict.admitted, reasons: verdict.reasons };
  if (!verdict.admitted) {
    rp.store.log(user.username, 'passkey sign-in', 'denied', verdict.reasons.map((r) => r.message).join('; '));
    return { kind: 'signin', outcome: 'denied', title: 'Sign-in refused by your passkey profile', lines: verdictLines(verdict), data };
  }
  rp.store.update((d) => {
    Object.assign(d.credentials[stored.id], { signCount: auth.newSignCount, backupState: auth.backupState, lastUsedAt: now().toISOString() });
    d.sessions[sid] = { ...d.sessions[sid], username: user.username, auth: { method: 'passkey', combination: 'fido2', aaguid: stored.aaguid, credentialId: stored.id, at: now().toISOString() } };
  });
  const counter = `signature counter ${before} -> ${auth.newSignCount}${auth.cloneWarning ? ' (did not increase: possible clone, or a synced passkey that always sends 0)' : ''}`;
  rp.store.log(user.username, 'passkey sign-in', 'ok', `${stored.model}; ${counter}`);
  return { kind: 'signin', outcome: 'ok', title: `Signed in as ${user.username} with a passkey`, lines: [`${stored.model}`, counter, ...verdictLines(verdict)], data };
}
