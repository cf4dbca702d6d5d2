// vfido demo RP, browser side: the forms and the WebAuthn calls. Options come from the server as JSON
// (PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON, WebAuthn L3 5.1.11); results go back as the
// credential's toJSON(). Browsers without parse*FromJSON / toJSON get the same conversion by hand.
'use strict';

const toBytes = (b64u) => Uint8Array.from(atob(b64u.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((b64u.length + 3) % 4)), (c) => c.charCodeAt(0));
const toB64u = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const descriptors = (list) => (list ?? []).map((d) => ({ ...d, id: toBytes(d.id) }));

function creationOptions(json) {
  if (typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function') return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  return { ...json, challenge: toBytes(json.challenge), user: { ...json.user, id: toBytes(json.user.id) }, excludeCredentials: descriptors(json.excludeCredentials) };
}

function requestOptions(json) {
  if (typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function') return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  return { ...json, challenge: toBytes(json.challenge), allowCredentials: descriptors(json.allowCredentials) };
}

function credentialJSON(cred) {
  if (typeof cred.toJSON === 'function') return cred.toJSON();
  const r = cred.response;
  const response = { clientDataJSON: toB64u(r.clientDataJSON) };
  if (r.attestationObject) {
    Object.assign(response, { attestationObject: toB64u(r.attestationObject), transports: r.getTransports?.() ?? [] });
  } else {
    Object.assign(response, { authenticatorData: toB64u(r.authenticatorData), signature: toB64u(r.signature) });
    if (r.userHandle) response.userHandle = toB64u(r.userHandle);
  }
  return { id: cred.id, rawId: toB64u(cred.rawId), type: cred.type, authenticatorAttachment: cred.authenticatorAttachment ?? undefined, response, clientExtensionResults: cred.getClientExtensionResults() };
}

async function post(path, body = {}) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (json.error) throw Object.assign(new Error(json.error.message), { code: json.error.code });
  return json;
}

/** Shows a failure in the #result panel (success is rendered by the server on the next page). */
function showError(action, error) {
  const panel = document.getElementById('result');
  panel.hidden = false;
  panel.className = 'result bad';
  panel.dataset.action = action;
  panel.textContent = '';
  const title = document.createElement('h2');
  title.textContent = error.name === 'NotAllowedError' ? 'Cancelled or not allowed by the authenticator' : 'That did not work';
  const text = document.createElement('p');
  text.textContent = `${typeof error.code === 'string' ? error.code : error.name}: ${error.message}`; // DOMException.code is a legacy number
  panel.append(title, text);
  panel.dataset.outcome = 'error';
}

/** Runs an action: clears the old result, then navigates to the page the server names. */
function action(name, fn) {
  return async (event) => {
    event?.preventDefault();
    const panel = document.getElementById('result');
    delete panel.dataset.outcome;
    try {
      const { next } = await fn(event);
      location.assign(next);
    } catch (error) {
      showError(name, error);
    }
  };
}

const field = (form, name) => form.elements.namedItem(name)?.value ?? '';
const on = (selector, type, handler) => document.querySelectorAll(selector).forEach((el) => el.addEventListener(type, handler));

on('#create-user', 'submit', action('create-user', (e) => post('/api/users', { name: field(e.target, 'name'), group: field(e.target, 'group') })));
on('[data-issue-tap]', 'click', action('issue-tap', (e) => post('/api/tap/issue', { username: e.target.dataset.issueTap })));
on('#tap-signin', 'submit', action('tap-signin', (e) => post('/api/tap/signin', { username: field(e.target, 'username'), tap: field(e.target, 'tap') })));
on('#sign-out', 'click', action('sign-out', () => post('/api/signout')));

on('#add-passkey', 'click', action('registration', async () => {
  const { options } = await post('/api/register/options');
  const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
  return post('/api/register/verify', { credential: credentialJSON(credential) });
}));

on('#passkey-signin', 'submit', action('signin', async (e) => {
  const { options } = await post('/api/signin/options', { username: field(e.target, 'username') });
  const credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
  return post('/api/signin/verify', { credential: credentialJSON(credential), next: e.target.dataset.next });
}));
