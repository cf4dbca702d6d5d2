/**
 * Server-rendered HTML of the demo RP: plain pages, one stylesheet, one small browser script (public/app.js) for the
 * forms and the WebAuthn calls. The result of the last action is a `#result` panel (with `data-action` and
 * `data-outcome`, and its data as JSON in `#result-data`) so people and scripts read the same thing.
 * @module
 */
import { aaguidName } from '@vfido/core';
import { REAL_MDS_URL } from './trust.mjs';
import { profilesFor } from './tenant.mjs';

/** HTML-escapes text. */
export const h = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const json = (value) => JSON.stringify(value).replace(/</g, '\\u003c');
const time = (iso) => (iso ? h(iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')) : '-');
const METHOD = { tap: 'Temporary Access Pass', passkey: 'passkey' };

function resultPanel(flash) {
  if (!flash) return '<section id="result" class="result" hidden></section>';
  const good = flash.outcome === 'ok' || flash.outcome === 'admitted' || flash.outcome === 'granted';
  return `<section id="result" class="result ${good ? 'good' : 'bad'}" data-action="${h(flash.kind)}" data-outcome="${h(flash.outcome)}">
  <h2>${h(flash.title)}</h2>${flash.lines?.length ? `<ul>${flash.lines.map((l) => `<li>${h(l)}</li>`).join('')}</ul>` : ''}
  <script type="application/json" id="result-data">${json(flash.data ?? {})}</script></section>`;
}

function trustFooter(rp) {
  const s = rp.trustInfo.summary;
  return `<footer><p><strong>Attestation trust.</strong> FIDO MDS3 metadata BLOB no. ${s.no} (${s.entries} authenticator models, next update ${h(s.nextUpdate)})
  loaded from <code>${h(rp.trustInfo.blobPath)}</code> and verified against <code>${h(rp.trustInfo.rootPath)}</code>.
  This is a vfido <em>test</em> BLOB, written at first start and signed with a vfido test key; it lists the vfido authenticator models.
  A real deployment loads the FIDO Alliance BLOB from <a href="${REAL_MDS_URL}">${REAL_MDS_URL}</a> and verifies it against the FIDO MDS root certificate.</p></footer>`;
}

/** The page frame: header with navigation and the session, the result panel, the body, the trust footer. */
export function layout(rp, session, title, body, { flash } = {}) {
  const user = session?.username;
  const who = user
    ? `<span id="who" data-method="${h(session.auth?.method)}">Signed in as <strong>${h(user)}</strong> with a ${h(METHOD[session.auth?.method] ?? 'session')}</span>
       <button type="button" id="sign-out" class="link">Sign out</button>`
    : '<span id="who">Not signed in</span>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)} - Contoso (vfido demo)</title><link rel="stylesheet" href="/style.css"><script src="/app.js" defer></script></head>
<body><header><div class="brand"><strong>Contoso</strong> <span class="muted">vfido demo relying party</span></div>
<nav><a href="/">Sign in</a><a href="/directory">Directory</a><a href="/security-info">Security info</a><a href="/admin">Admin portal</a></nav>
<div class="session">${who}</div></header>
<main><h1>${h(title)}</h1>${resultPanel(flash)}${body}</main>${trustFooter(rp)}</body></html>`;
}

/** `/`: sign in with a passkey, or with a TAP the first time. */
export function homePage(rp, session, flash) {
  return layout(rp, session, 'Sign in', `
<section><h2>Sign in with a passkey</h2>
<form id="passkey-signin"><label>User name <input name="username" autocomplete="username webauthn" placeholder="ada@contoso.test"></label>
<button type="submit">Sign in with a passkey</button></form>
<p class="muted">Leave the name empty to choose from the passkeys your authenticator holds for this site.</p></section>
<section><h2>First sign-in: Temporary Access Pass</h2>
<p>Your administrator gave you a one-time Temporary Access Pass (TAP). Use it once to sign in and add a passkey.</p>
<form id="tap-signin"><label>User name <input name="username" required placeholder="ada@contoso.test"></label>
<label>Temporary Access Pass <input name="tap" required autocomplete="off"></label><button type="submit">Sign in</button></form>
<p class="muted">No user yet? Create one in the <a href="/directory">Directory</a> (what an administrator does in Entra).</p></section>
<section><h2>How this demo works</h2><ol>
<li>An administrator creates a user in a group and issues a one-time Temporary Access Pass.</li>
<li>The user signs in with the TAP and adds a passkey on <a href="/security-info">Security info</a>. The passkey profile of the user's group
(an Entra passkey policy from <code>examples/policies/</code>) decides whether the passkey is accepted: type (device-bound or synced),
AAGUID allow or block list, and attestation checked against FIDO metadata.</li>
<li>The user signs in with the passkey. The profile is checked again at every sign-in.</li>
<li>The <a href="/admin">Admin portal</a> requires the Phishing-resistant MFA authentication strength: a TAP session is refused, a passkey session gets in.</li>
</ol></section>`, { flash });
}

/** `/directory`: create users and issue TAPs (an administrator's job in Entra; open to anyone here). */
export function directoryPage(rp, session, flash) {
  const options = Object.entries(rp.tenant.groups).map(([id, g]) => `<option value="${h(id)}">${h(g.label)} (policy ${h(g.policy)}.json)</option>`).join('');
  const rows = Object.values(rp.store.data.users).map((u) => {
    const tap = !u.tap ? 'none' : u.tap.usedAt ? `used ${time(u.tap.usedAt)}` : Date.parse(u.tap.expiresAt) < Date.now() ? 'expired' : `unused, expires ${time(u.tap.expiresAt)}`;
    return `<tr><td>${h(u.username)}</td><td>${h(rp.tenant.groups[u.group]?.label ?? u.group)}</td><td>${rp.store.credentialsOf(u.username).length}</td><td>${tap}</td>
<td><button type="button" data-issue-tap="${h(u.username)}">Issue new TAP</button></td></tr>`;
  }).join('');
  return layout(rp, session, 'Directory', `
<p class="muted">Demo shortcut: in Entra an administrator creates users and issues Temporary Access Passes. Here anyone can.</p>
<section><h2>Create a user</h2><form id="create-user">
<label>Name <input name="name" required placeholder="ada"></label>
<label>Group <select name="group">${options}</select></label><button type="submit">Create user and issue TAP</button></form></section>
<section><h2>Users</h2>${rows ? `<table><thead><tr><th>User</th><th>Group</th><th>Passkeys</th><th>Temporary Access Pass</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No users yet.</p>'}</section>`, { flash });
}

function restrictionText(kr) {
  if (!kr.isEnforced) return 'any AAGUID';
  const names = kr.aaGuids.map((a) => aaguidName(a) ?? a).join(', ');
  return `${kr.enforcementType === 'allow' ? 'only' : 'all except'}: ${h(names) || '(empty list)'}`;
}

/** `/security-info`: the user's profile(s), their passkeys, "Add a passkey", recent activity. */
export function securityInfoPage(rp, session, flash) {
  const user = rp.store.user(session.username);
  const group = rp.tenant.groups[user.group];
  const profiles = profilesFor(rp.tenant, user.group).map((p) => `<tr><td>${h(p.name)}</td><td>${h(p.passkeyTypes.replace(',', ', '))}</td>
<td>${p.attestationEnforcement === 'registrationOnly' ? 'enforced at registration' : 'not enforced'}</td><td>${restrictionText(p.keyRestrictions)}</td></tr>`).join('');
  const keys = rp.store.credentialsOf(user.username).map((c) => `<tr><td>${h(c.model)}<br><code class="small">${h(c.aaguid)}</code></td><td>${h(c.fmt)}</td>
<td>${h(c.trust)}</td><td>${c.backupEligible ? 'synced' : 'device-bound'}</td><td>${h(c.profile)}</td><td>${c.signCount}</td><td>${time(c.createdAt)}</td><td>${time(c.lastUsedAt)}</td></tr>`).join('');
  const activity = rp.store.activityOf(user.username).map((a) => `<tr><td>${time(a.at)}</td><td>${h(a.event)}</td><td class="${/ok|admitted|granted/.test(a.outcome) ? 'good' : 'bad'}">${h(a.outcome)}</td><td>${h(a.detail)}</td></tr>`).join('');
  return layout(rp, session, 'Security info', `
<section><p>User <strong>${h(user.username)}</strong>, group <strong>${h(group.label)}</strong>: passkey policy <code>examples/policies/${h(group.policy)}.json</code>
(Entra group ids ${group.groupIds.map((g) => `<code>${h(g)}</code>`).join(', ')}).</p>
<h2>Passkey profiles that apply to you</h2><p class="muted">A passkey is accepted when it satisfies any one of them.</p>
<table><thead><tr><th>Profile</th><th>Passkey types</th><th>Attestation</th><th>Authenticator models</th></tr></thead><tbody>${profiles}</tbody></table></section>
<section><h2>Your passkeys</h2><button type="button" id="add-passkey">Add a passkey</button>
${keys ? `<table><thead><tr><th>Model</th><th>Attestation</th><th>Trust</th><th>Type</th><th>Profile</th><th>Counter</th><th>Added</th><th>Last used</th></tr></thead><tbody>${keys}</tbody></table>` : '<p>No passkeys yet.</p>'}</section>
<section><h2>Recent activity</h2><table><thead><tr><th>Time</th><th>Event</th><th>Outcome</th><th>Detail</th></tr></thead><tbody>${activity}</tbody></table></section>`, { flash });
}

/** `/admin`: the Conditional Access decision and, when refused, the reason and a passkey step-up. */
export function adminPage(rp, session, decision, flash) {
  const reasons = decision.reasons.map((r) => `<li><code>${h(r.code)}</code> ${h(r.message)}</li>`).join('');
  const body = decision.access === 'granted'
    ? `<section id="access" class="result good" data-access="granted"><h2>Welcome to the admin portal</h2><p>${h(decision.explanation)}</p><ul>${reasons}</ul>
<p class="muted">Demo: this page holds nothing; it shows the Conditional Access decision. Admin roles are not modelled.</p></section>`
    : `<section id="access" class="result bad" data-access="${h(decision.access)}" data-reason="${h(decision.reasons[0]?.code ?? '')}">
<h2>${decision.access === 'signed-out' ? 'Sign-in required' : 'Access refused'}</h2>
<p>Conditional Access policy <strong>Require phishing-resistant MFA for the admin portal</strong> (authentication strength: ${h(decision.strength)}).</p>
<p>${h(decision.explanation)}</p>${reasons ? `<ul>${reasons}</ul>` : ''}
<form id="passkey-signin" data-next="/admin"><label>User name <input name="username" value="${h(session?.username ?? '')}"></label>
<button type="submit">Sign in with a passkey</button></form></section>`;
  return layout(rp, session, 'Admin portal', body, { flash });
}
